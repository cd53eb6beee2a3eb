"""Analysis: counts, crosstabs with the respondents behind each cell and small cells hidden from
the public, co-occurrence, and who was reached against an SCB table of the residents."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core import public_data
from opinions.analysis.crosstabs import cooccurrence, crosstab
from opinions.analysis.summary import summaries
from opinions.models import Category, FinalCoding, PopulationFigure
from public import site
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    DialogueEventFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, strategist_user):
    process = ProcessFactory(slug="sunne", stage="dialogue_open")
    boende = CategoryFactory(process=process, name="Boende", order=1)
    trafik = CategoryFactory(process=process, name="Trafik", order=2)
    shop = DialogueEventFactory(process=process, kind="interview", slug="affaren")
    fair = DialogueEventFactory(process=process, kind="youth_fair", slug="massan")
    AreaFactory(process=process, name="Lysvik")
    AreaFactory(process=process, name="Gräsmark")
    young = [RespondentFactory(process=process, event=fair, age_band="16-19") for _ in range(6)]
    old = [RespondentFactory(process=process, event=shop, age_band="65-79") for _ in range(3)]
    for person in young:  # six young people on Boende, one of them on Trafik too
        opinion = OpinionFactory(process=process, event=fair, respondent=person)
        FinalCoding.objects.create(opinion=opinion, category=boende, decided_by=strategist_user)
    FinalCoding.objects.create(opinion=opinion, category=trafik, decided_by=strategist_user)
    for person in old:  # three older people, two opinions each, on Trafik
        for _ in range(2):
            opinion = OpinionFactory(process=process, event=shop, respondent=person)
            FinalCoding.objects.create(opinion=opinion, category=trafik, decided_by=strategist_user)
    return process


def test_crosstab_counts_opinions_and_respondents_and_hides_small_cells(world):
    table = crosstab(world, "age_band")
    assert table.opinions.loc["Boende", "16–19"] == 6
    assert table.opinions.loc["Trafik", "65–79"] == 6
    assert table.respondents.loc["Trafik", "65–79"] == 3  # six opinions, three people
    public = table.suppressed()
    assert public.loc["Boende", "16–19"] == 6
    assert public.loc["Trafik", "65–79"] is None  # three respondents could be singled out
    assert public.loc["Trafik", "16–19"] is None
    both = cooccurrence(world)
    assert both.loc["Boende", "Trafik"] == 1
    assert both.loc["Trafik", "Trafik"] == 7


def test_the_analysis_page_has_charts_with_their_data_and_text(client, world, strategist_user):
    client.force_login(strategist_user)
    html = client.get(reverse("staff:analysis", args=[world.slug]), {"by": "age_band"}).content
    html = html.decode()
    assert "Flest synpunkter finns i Trafik (7), minst i Boende (6)." in html
    # Each category's bar under its name, as long as its opinions beside the largest's.
    assert re.search(r'Boende<svg class="bar"[^>]*><rect width="86%"', html)
    assert re.search(r'Trafik<svg class="bar"[^>]*><rect width="100%"', html)
    # Trafik, 65–79: marked as too few respondents to publish (the figure links its opinions).
    assert re.search(r"6 \(3\)<span[^>]*>: Trafik, 65–79</span></a> <span[^>]*>†</span>", html)
    assert "<script" not in html.split("<main")[1].split("</main>")[0]  # no script for charts


@pytest.mark.parametrize("first", ["sv", "en"])
def test_the_analysis_names_the_categories_in_the_readers_language(
    client, world, strategist_user, first
):
    """Found in a browser walk: the English analysis page named every category in Swedish
    ("Boende och bostäder" in the chart, the tables and the matrix), because its kept figures
    held the names in the language they were counted in. Whichever language counts first,
    each reader sees the names in their own."""
    Category.objects.filter(process=world, name_sv="Boende").update(name_en="Housing")
    Category.objects.filter(process=world, name_sv="Trafik").update(name_en="Traffic")
    client.force_login(strategist_user)
    url = reverse("staff:analysis", args=[world.slug])
    pages = {}
    for language in [first, *({"sv", "en"} - {first})]:
        prefix = "/en" if language == "en" else ""
        pages[language] = client.get(prefix + url, {"by": "age_band"}).content.decode()
    assert "Flest synpunkter finns i Trafik (7), minst i Boende (6)." in pages["sv"]
    assert "Housing" not in pages["sv"]
    assert "Traffic (7)" in pages["en"]
    assert "Housing (6)" in pages["en"]
    assert "Boende" not in pages["en"]
    assert "Trafik" not in pages["en"]
    # Each category's figure still opens its opinions (the link found by the name shown).
    assert pages["en"].count("?final=") == pages["sv"].count("?final=") > 0


def test_figures_counted_in_english_count_every_category(world):
    """The rest of that kind: the opinions' rows named their categories by the stored name
    (Swedish) while the codebook's order named them in the active language, so a count made
    in English (a crosstab, a summary, the exports) found no opinion in any translated
    category."""
    Category.objects.filter(process=world, name_sv="Boende").update(name_en="Housing")
    with translation.override("en"):
        table = crosstab(world, "age_band")
        assert table.opinions.loc["Housing", "16–19"] == 6
        assert cooccurrence(world).loc["Housing", "Trafik"] == 1
        found = {s.category.name: s.respondents for s in summaries(world)}
    assert found == {"Housing": 6, "Trafik": 4}


SCB = (
    '"region";"ålder";"kön";"2023"\r\n'
    '"1766 Sunne";"17 år";"kvinnor";"60"\r\n'
    '"1766 Sunne";"17 år";"män";"65"\r\n'
    '"1766 Sunne";"70 år";"kvinnor";"150"\r\n'
    '"1766 Sunne";"70 år";"män";"140"\r\n'
    '"1766 Sunne";"100+ år";"kvinnor";"4"\r\n'
).encode("cp1252")


def test_who_was_reached_against_an_scb_table(client, world, facilitator_user, strategist_user):
    client.force_login(strategist_user)
    url = reverse("staff:reach", args=[world.slug])
    response = client.post(
        url, {"file": SimpleUploadedFile("BE0101N1.csv", SCB, content_type="text/csv")}
    )
    assert response.status_code == 302
    figures = dict(
        PopulationFigure.objects.filter(dimension="age_band").values_list("value", "count")
    )
    assert figures == {"16-19": 125, "65-79": 290, "80+": 4}
    assert dict(
        PopulationFigure.objects.filter(dimension="gender").values_list("value", "count")
    ) == {
        "woman": 214,
        "man": 205,
    }
    client.force_login(facilitator_user)  # facilitators see it too, to steer their outreach
    html = client.get(url).content.decode()
    # 6 of 9 respondents are 16–19 (67 %) against 30 % of residents; 65–79: 33 % against 69 %.
    row = html.split('65–79<svg class="bar"')[1].split("</tr>")[0]
    assert "33 %" in row
    assert "69 %" in row
    assert "underrepresenterad" in row
    assert "underrepresenterad" not in html.split('16–19<svg class="bar"')[1].split("</tr>")[0]
    # Under each group's name its two shares as bars, beside the largest share of the table
    # (65–79's 69 % of the residents): 33 % is drawn at 48 %.
    assert re.search(
        r'<rect width="48%"[^>]*fill="#0a58ca"></rect></svg><svg[^>]*><rect width="100%"', row
    )


def test_a_bad_population_file_names_row_and_column_and_saves_nothing(
    client, world, strategist_user
):
    client.force_login(strategist_user)
    data = b"dimension,value,count\nage_band,16-19,120\narea,Lysvik,tusen\narea,Mars,3\n"
    response = client.post(
        reverse("staff:reach", args=[world.slug]),
        {"file": SimpleUploadedFile("folk.csv", data, content_type="text/csv")},
    )
    html = response.content.decode()
    assert "folk.csv, rad 3, kolumnen count: ”tusen” är inget tal." in html
    assert "folk.csv, rad 4, kolumnen value: ”Mars” är ingen grupp här." in html
    assert not PopulationFigure.objects.exists()


@pytest.mark.parametrize("name", ["staff:analysis", "staff:reach"])
def test_analysis_pages_run_the_same_queries_at_3_and_300_rows(
    client, world, strategist_user, name, django_capture_on_commit_callbacks
):
    """Both when the figures are counted anew after a change and when they are read as kept."""
    client.force_login(strategist_user)
    client.get(reverse(name, args=[world.slug]))  # the figures are kept from their first count
    counting, reading = [], []
    category = world.categories.first()
    for rows in (3, 300):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(rows):
                person = RespondentFactory(process=world, age_band="30-44")
                opinion = OpinionFactory(process=world, respondent=person)
                FinalCoding.objects.create(
                    opinion=opinion, category=category, decided_by=strategist_user
                )
            public_data.changed(world)
        site.current()  # the site's profile, which every page shows, is kept across pages
        for counts in (counting, reading):
            with CaptureQueriesContext(connection) as context:
                assert client.get(reverse(name, args=[world.slug])).status_code == 200
            counts.append(len(context.captured_queries))
    assert counting[0] == counting[1]
    assert reading[0] == reading[1]
