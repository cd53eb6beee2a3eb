"""Coding as researchers expect from NVivo or Taguette (issue #16): the respondent's profile
beside the opinion on the workbench, and every count of the analysis and the codebook a link to
the opinions behind it."""

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import public_data
from opinions.analysis.crosstabs import DIMENSIONS
from opinions.models import Coding, FinalCoding
from opinions.services.records import opinion_delete
from public import site
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    DialogueEventFactory,
    GuidingQuestionFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, strategist_user):
    process = ProcessFactory(slug="sunne", stage="analysis")
    boende = CategoryFactory(process=process, name="Boende", key="1", order=1)
    trafik = CategoryFactory(process=process, name="Trafik", key="2", order=2)
    shop = DialogueEventFactory(
        process=process, kind="interview", slug="affaren", title="Lanthandeln i Lysvik"
    )
    fair = DialogueEventFactory(process=process, kind="youth_fair", slug="massan")
    question = GuidingQuestionFactory(process=process, order=1)
    lysvik = AreaFactory(process=process, name="Lysvik")
    people = [
        RespondentFactory(process=process, age_band="30-44", gender="woman", area=lysvik,
                          role="resident"),
        RespondentFactory(process=process, age_band="16-19", role="young_person"),
        RespondentFactory(process=process),  # gave nothing
    ]  # fmt: skip
    opinions = []
    for n in range(12):
        opinion = OpinionFactory(
            process=process,
            original_text=f"Synpunkt {n}",
            event=[shop, fair, None][n % 3],
            question=question if n % 2 else None,
            respondent=[*people, None][n % 4],
        )
        opinions.append(opinion)
        category = boende if n % 3 else trafik
        FinalCoding.objects.create(opinion=opinion, category=category, decided_by=strategist_user)
        if n % 5 == 0:
            FinalCoding.objects.create(opinion=opinion, category=trafik if n % 3 else boende,
                                       decided_by=strategist_user)  # fmt: skip
        # A coder's coding that is not the final coding does not count in the analysis.
        Coding.objects.create(opinion=opinion, category=trafik, coder=strategist_user)
    # Neither a deleted opinion nor an excluded one is counted, or listed.
    opinion_delete(opinion=opinions[1], deleted_by=strategist_user, reason="Fel process")
    opinions[2].status, opinions[2].exclusion_reason = "excluded", "Dubblett"
    opinions[2].save()
    FinalCoding.objects.filter(opinion=opinions[2]).delete()
    return {"process": process, "opinions": opinions, "lysvik": lysvik, "shop": shop}


# The profile beside the opinion -------------------------------------------------------------


def profile(page: str) -> dict[str, str]:
    """The workbench's respondent profile as label → value."""
    block = re.search(r'<dl[^>]*id="respondent-profile".*?</dl>', page, re.S)
    assert block, "no respondent profile on the workbench"
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", block.group(0), re.S)
    strip = lambda text: " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())  # noqa: E731
    return {strip(label): strip(value) for label, value in pairs}


def test_the_workbench_shows_who_said_it_beside_the_opinion(client, world, strategist_user):
    client.force_login(strategist_user)
    opinion = world["opinions"][0]  # the woman from Lysvik, at the shop
    url = reverse("staff:coding_opinion", args=[world["process"].slug, opinion.pk])
    assert profile(client.get(url).content.decode()) == {
        "Ålder": "30–44",
        "Kön": "kvinna",
        "Kommundel": "Lysvik",
        "Roll": "invånare",
        "Aktivitet": "Lanthandeln i Lysvik (Intervjuer där människor finns)",
    }
    nobody = world["opinions"][3]
    page = client.get(reverse("staff:coding_opinion", args=["sunne", nobody.pk])).content.decode()
    assert "Inget är känt om vem som lämnade synpunkten." in page
    # In English too, and only what was given.
    young = world["opinions"][5]  # the young person, met at no event
    page = client.get("/en" + reverse("staff:coding_opinion", args=["sunne", young.pk]))
    assert profile(page.content.decode()) == {
        "Age": "16–19",
        "Gender": "not given",
        "Area": "not given",
        "Role": "young person",
        "Event": "not given",
    }


def test_the_profile_costs_no_query_per_field(client, world, strategist_user):
    """The workbench runs the same queries for an opinion with a full profile as for one
    without a respondent or an event."""
    client.force_login(strategist_user)
    # The process's kept figures (the progress bar) are made on its first page ever.
    client.get(reverse("staff:coding_list", args=["sunne"]))
    counts = []
    for opinion in (world["opinions"][0], world["opinions"][11]):  # full profile; none
        url = reverse("staff:coding_opinion", args=["sunne", opinion.pk])
        site.current()  # the site's profile, which every page shows, is kept across pages
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts


# Counts that open the opinions behind them ---------------------------------------------------


def listed(client, url: str) -> tuple[int, set[str]]:
    """How many opinions the coding list says it has at `url`, and their texts."""
    page = client.get(url).content.decode()
    count = re.search(r"<p>(\d+) synpunkt(?:er)?</p>", page)
    texts = set(re.findall(r"data-opinion-link [^>]*>(Synpunkt \d+)</a>", page))
    return int(count.group(1)), texts


def cells(page: str, table: str) -> list[tuple[str, int]]:
    """Every linked count in the table with id `table`: its link and the number shown."""
    body = re.search(rf'<table[^>]*id="{table}".*?</table>', page, re.S).group(0)
    return [
        (html.unescape(href), int(number))
        for href, number in re.findall(r'<a href="([^"]+)"[^>]*>\s*(\d+)', body)
    ]


@pytest.mark.parametrize("by", list(DIMENSIONS))
def test_each_crosstab_cell_opens_the_opinions_behind_it(client, world, strategist_user, by):
    client.force_login(strategist_user)
    page = client.get(reverse("staff:analysis", args=["sunne"]), {"by": by}).content.decode()
    linked = cells(page, "crosstab")
    table = re.search(r'<table[^>]*id="crosstab".*?</table>', page, re.S).group(0)
    nonzero = [int(n) for n in re.findall(r">\s*(\d+) \(\d+\)", table) if int(n)]
    assert len(linked) == len(nonzero) > 2  # every cell with opinions is a link
    total = 0
    for href, number in linked:
        assert urlsplit(href).path == reverse("staff:coding_list", args=["sunne"])
        assert dict(parse_qsl(urlsplit(href).query)).keys() >= {"final"}
        assert listed(client, href)[0] == number, href
        total += number
    assert (
        total
        == FinalCoding.objects.filter(
            opinion__process=world["process"], opinion__deleted_at__isnull=True
        )
        .exclude(opinion__status="excluded")
        .count()
    )


def test_a_category_count_opens_its_opinions_on_the_analysis_and_in_the_codebook(
    client, world, strategist_user
):
    client.force_login(strategist_user)
    analysis = cells(client.get(reverse("staff:analysis", args=["sunne"])).content.decode(),
                     "per-category")  # fmt: skip
    assert len(analysis) == 2
    for href, number in analysis:
        count, texts = listed(client, href)
        assert count == number
        assert len(texts) == number
    codebook = client.get(reverse("staff:codebook", args=["sunne"])).content.decode()
    final_links = [
        (href, n) for href, n in cells(codebook, "codebook-categories") if "final=" in href
    ]
    assert len(final_links) == 2
    for href, number in final_links:
        assert listed(client, href)[0] == number


def test_the_list_filters_by_what_was_not_given(client, world, strategist_user):
    client.force_login(strategist_user)
    url = reverse("staff:coding_list", args=["sunne"])
    count, texts = listed(client, f"{url}?area=none&gender=none&age_band=none")
    # No respondent (every fourth) or the respondent who gave nothing (n % 4 == 2); the
    # excluded opinion is listed (marked), as the list shows them.
    expected = {f"Synpunkt {n}" for n in range(12) if n % 4 in (2, 3)}
    assert texts == expected
    assert count == len(expected)
    count, texts = listed(client, f"{url}?area={world['lysvik'].pk}&kind=interview")
    assert texts == {"Synpunkt 0"}


def test_the_analysis_runs_the_same_queries_with_links_at_3_and_30_categories(
    client, world, strategist_user, django_capture_on_commit_callbacks
):
    client.force_login(strategist_user)
    client.get(reverse("staff:analysis", args=["sunne"]))  # its figures are kept from then on
    counts = []
    for extra in (3, 30):
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(extra):
                CategoryFactory(process=world["process"], name=f"K{extra}-{n}")
            public_data.changed(world["process"])  # counted anew, as after a change
        site.current()  # the site's profile, which every page shows, is kept across pages
        with CaptureQueriesContext(connection) as context:
            page = client.get(reverse("staff:analysis", args=["sunne"]), {"by": "area"})
        assert page.status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts
