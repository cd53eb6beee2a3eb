"""The coding pages: bad input refused beside the field in Swedish and English with nothing
saved, and the same number of queries at 3 rows as at 300."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core import public_data
from core.roles import ADMINISTRATOR, STRATEGIST
from opinions.models import Category, CodebookChange, Coding, CodingSample, Opinion
from opinions.services.coding import coding_toggle, memo_write, sample_draw
from public import site
from tests.dialogues.test_bad_input import error_beside
from tests.factories import (
    CategoryFactory,
    DialogueEventFactory,
    OpinionFactory,
    ProcessFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
REQUIRED = {"sv": "Detta fält måste fyllas i.", "en": "This field is required."}


@pytest.fixture
def process(db):
    process = ProcessFactory(slug="sunne", stage="analysis")
    CategoryFactory(process=process, name="Boende", key="1")
    CategoryFactory(process=process, name="Trafik", key="2")
    OpinionFactory(process=process)
    return process


def category_pk(name):
    return Category.objects.get(name=name).pk


CATEGORY = {"name": "Skola", "colour": "#336699", "order": "3"}
CASES = [
    ("staff:codebook", {}, {**CATEGORY, "name": ""}, "name", REQUIRED),
    (
        "staff:codebook",
        {},
        {**CATEGORY, "name": "boende"},
        "name",
        {
            "sv": "Kodboken har redan en kategori med det namnet.",
            "en": "The codebook already has a category by that name.",
        },
    ),
    (
        "staff:codebook",
        {},
        {**CATEGORY, "key": "j"},
        "key",
        {
            "sv": "Arbetsbänken använder själv j; välj en annan tangent.",
            "en": "The workbench uses j itself; choose another key.",
        },
    ),
    (
        "staff:codebook",
        {},
        {**CATEGORY, "key": "2"},
        "key",
        {"sv": "Trafik har redan den här tangenten.", "en": "Trafik already has this key."},
    ),
    (
        "staff:codebook",
        {},
        {**CATEGORY, "colour": "red"},
        "colour",
        {"sv": "Ange färgen som #RRGGBB.", "en": "Give the colour as #RRGGBB."},
    ),
    ("staff:category_edit", {"pk": "Boende"}, {"action": "merge"}, "target", REQUIRED),
    (
        "staff:category_edit",
        {"pk": "Boende"},
        {"action": "split", "names": "Bara en"},
        "names",
        {"sv": "Ange minst två namn, ett per rad.", "en": "Give at least two names, one per line."},
    ),
    (
        "staff:category_edit",
        {"pk": "Boende"},
        {"action": "split", "names": "Hyresrätter\nTrafik"},
        "names",
        {"sv": "Kodboken har redan: Trafik.", "en": "The codebook already has: Trafik."},
    ),
    (
        "staff:coding_agreement",
        {},
        {"share": "0"},
        "share",
        {
            "sv": "Kontrollera att detta värde är större än eller lika med 1.",
            "en": "Ensure this value is greater than or equal to 1.",
        },
    ),
]


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Category, Coding, CodingSample, CodebookChange)
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "kwargs", "data", "field", "message"), CASES)
def test_bad_input_is_refused_beside_the_field(
    administrator_client, process, language, name, kwargs, data, field, message
):
    kwargs = {"slug": process.slug, **{k: category_pk(v) for k, v in kwargs.items()}}
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    before = snapshot()
    response = administrator_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, field) == message[language]
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert snapshot() == before


@override_settings(IMPORT_MAX_BYTES=1_000_000)
def test_a_codebook_file_over_the_size_limit_is_refused(administrator_client, process):
    before = snapshot()
    data = b"name\n" + b"x" * 1_000_001
    response = administrator_client.post(
        reverse("staff:codebook_import", args=[process.slug]),
        {"file": SimpleUploadedFile("stor.csv", data, content_type="text/csv")},
    )
    assert error_beside(response.content.decode(), "file") == "stor.csv är större än 1 MB."
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"namn,farg\nBoende,#fff\n",
            "kodbok.csv har ingen kolumn ”name” på första raden.",
        ),
        (
            b"name,parent,colour\nSkola,,#123456\nFritid,Idrott,#123456\nKultur,,gul\n",
            "kodbok.csv, rad 3, kolumnen parent: det finns ingen kategori ”Idrott”.",
        ),
    ],
)
def test_a_bad_codebook_file_names_the_row_and_column_and_adds_nothing(
    administrator_client, process, content, message
):
    before = snapshot()
    response = administrator_client.post(
        reverse("staff:codebook_import", args=[process.slug]),
        {"file": SimpleUploadedFile("kodbok.csv", content, content_type="text/csv")},
    )
    assert message in error_beside(response.content.decode(), "file")
    assert snapshot() == before


def test_an_exclusion_without_a_reason_is_refused_beside_the_field(client, process):
    strategist = UserFactory(username="sara", role=STRATEGIST)
    client.force_login(strategist)
    opinion = process.opinions.get()
    for language, message in REQUIRED.items():
        with translation.override(language):
            url = reverse("staff:coding_opinion", args=[process.slug, opinion.pk])
        response = client.post(url, {"action": "exclude", "reason": "", "seen": "0"})
        assert response.status_code == 400
        assert error_beside(response.content.decode(), "reason") == message
    opinion.refresh_from_db()
    assert opinion.status == "registered"


# Query budgets ----------------------------------------------------------------------------


def queries_for(client, url: str) -> int:
    site.current()  # the site's profile, which every page shows, is kept across pages
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.fixture
def coders(db):
    return [UserFactory(username=f"coder{n}", role=STRATEGIST) for n in range(2)]


def grow_opinions(process, coders, rows: int) -> None:
    categories = list(Category.objects.filter(process=process))
    have = process.opinions.count()
    for n in range(have, rows):
        opinion = OpinionFactory(process=process, original_text=f"Synpunkt {n}")
        for place, coder in enumerate(coders):  # every other opinion's coders disagree
            category = categories[(n + place * (n % 2)) % 2]
            Coding.objects.create(opinion=opinion, category=category, coder=coder)
        if n % 3 == 0:
            memo_write(opinion=opinion, text="memo", by=coders[0], seen=None)


@pytest.mark.parametrize(
    "name",
    ["staff:coding_list", "staff:reconcile_list", "staff:codebook", "staff:coding_agreement"],
)
def test_coding_lists_run_the_same_queries_at_3_and_300_rows(
    client, process, coders, name, django_capture_on_commit_callbacks
):
    client.force_login(coders[0])
    sample_draw(process=process, share=50, by=coders[0], seed=1)
    url = reverse(name, args=[process.slug])
    client.get(url)  # the agreement's figures are kept from their first count on
    counts = []
    for rows in (3, 300):
        with django_capture_on_commit_callbacks(execute=True):
            grow_opinions(process, coders, rows)
            public_data.changed(process)  # counted anew, as after a change in a request
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1], f"queries grow with the rows: {counts}"


def test_the_workbench_runs_the_same_queries_with_many_codings_and_changes(
    client, process, coders, django_capture_on_commit_callbacks
):
    client.force_login(coders[0])
    opinion = process.opinions.get()
    url = reverse("staff:coding_opinion", args=[process.slug, opinion.pk])
    client.get(url)  # the process's kept figures made once, as on its first page ever
    counts = []
    for extra in (3, 300):
        # As on a server, each change marks the kept progress stale: both pages count it anew.
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(extra):
                CategoryFactory(process=process, name=f"K{extra}-{n}")
            for category in Category.objects.filter(process=process)[: extra // 3]:
                coding_toggle(opinion=opinion, category=category, coder=coders[1], seen=None)
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1], f"queries grow with the rows: {counts}"


@pytest.mark.parametrize(
    "name", ["staff:coding_list", "staff:publication_review", "staff:event_opinions"]
)
def test_a_page_far_down_a_list_reads_its_rows_by_their_ids(client, process, coders, name):
    """Read with OFFSET, the workbench's page 79,000 of a 2,000,000-opinion process took 9.2 s:
    the database read every row before it, with its joins. A page reads its ids, then them."""
    grow_opinions(process, coders, 130)
    Opinion.objects.filter(process=process).update(
        consent_to_publish=True, event=DialogueEventFactory(process=process, slug="lysvik")
    )
    client.force_login(UserFactory(username="admin", role=ADMINISTRATOR))
    kwargs = {"slug": process.slug, "event_slug": "lysvik"} if "event" in name else None
    url = reverse(name, kwargs=kwargs or {"slug": process.slug}) + "?page=3"
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    whole_rows = [
        query["sql"]
        for query in context.captured_queries
        if '"opinions_opinion"."original_text"' in query["sql"]
    ]
    assert whole_rows, "the page read no opinions"
    assert all("OFFSET" not in sql for sql in whole_rows), whole_rows


def test_the_review_counts_its_opinions_once(client, process, coders):
    """The review's tabs count the opinions of each state; its pages are those of one state,
    so that count is the pages' count too (a second count was 0.35 s at 2,000,000 opinions)."""
    grow_opinions(process, coders, 60)
    Opinion.objects.filter(process=process).update(consent_to_publish=True)
    client.force_login(UserFactory(username="admin", role=ADMINISTRATOR))
    url = reverse("staff:publication_review", kwargs={"slug": process.slug}) + "?page=2"
    with CaptureQueriesContext(connection) as context:
        page = client.get(url).content.decode()
    counts = [
        q["sql"]
        for q in context.captured_queries
        if "COUNT(" in q["sql"] and 'FROM "opinions_opinion"' in q["sql"]
    ]
    assert len(counts) == 1, counts
    assert "Sida 2 av 3" in page
