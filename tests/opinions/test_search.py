"""Searching opinions from the workbench: on PostgreSQL by Swedish stems through the GIN index,
with phrases and prefixes; on SQLite by plain matching of every word."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from opinions.analysis.search import search_help, terms
from opinions.models import Opinion
from tests.factories import OpinionFactory, ProcessFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    "Fler cyklar vid stationen i Sunne",
    "Bättre cykelvägar längs Fryken",
    "Bussen till Lysvik går för sällan",
    "Busshållplatsen vid skolan behöver tak",
    "Skolan i Lysvik ska vara kvar",
    "Går det någon buss till Lysvik?",
]


@pytest.fixture
def process(db):
    process = ProcessFactory(slug="sunne")
    for text in TEXTS:
        OpinionFactory(process=process, original_text=text)
    return process


def found(process, query: str) -> set[str]:
    return set(
        Opinion.objects.for_process(process).search(query).values_list("original_text", flat=True)
    )


def test_the_query_language_lets_no_operator_through():
    assert terms('buss* "till Lysvik" & !skola |') == [
        (["buss"], True),
        (["till", "Lysvik"], False),
        (["skola"], False),
    ]


def test_words_phrases_and_prefixes(process):
    assert found(process, "Lysvik") == {TEXTS[2], TEXTS[4], TEXTS[5]}
    assert found(process, "buss*") == {TEXTS[2], TEXTS[3], TEXTS[5]}
    assert found(process, "Lysvik går") == {TEXTS[2], TEXTS[5]}
    assert found(process, '"Lysvik går"') == {TEXTS[2]}  # as a phrase
    assert found(process, "skolan Lysvik") == {TEXTS[4]}  # every word must match
    assert found(process, "') OR 1=1 --") == set()


def test_swedish_stemming_on_postgresql_plain_words_elsewhere(process):
    if connection.vendor == "postgresql":
        assert found(process, "stationerna") == {TEXTS[0]}  # station
        assert found(process, "cykelvägarna") == {TEXTS[1]}  # cykelväg
        assert found(process, "bussarna") == {TEXTS[2], TEXTS[5]}  # buss, not busshållplats
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'opinion_search_idx'")
            assert "gin (search_vector)" in cursor.fetchone()[0]
    else:
        assert found(process, "stationerna") == set()
        assert found(process, "buss") == {TEXTS[2], TEXTS[3], TEXTS[5]}


def test_the_workbench_list_searches(client, process, strategist_user):
    client.force_login(strategist_user)
    response = client.get(reverse("staff:coding_list", args=[process.slug]), {"q": "buss*"})
    html = response.content.decode()
    assert "3 synpunkter" in html
    assert "Bussen till Lysvik" in html
    assert "Skolan i Lysvik" not in html


def search_help_shown(client, process) -> str:
    html = client.get(reverse("staff:coding_list", args=[process.slug])).content.decode()
    start = html.index('id="search-help"')
    return html[html.index(">", start) + 1 : html.index("</div>", start)]


def test_the_search_help_says_what_this_database_does(client, process, strategist_user):
    client.force_login(strategist_user)
    shown = search_help_shown(client, process)
    assert "cykel hittar cyklar" not in shown
    elbussar = OpinionFactory(process=process, original_text="Laddning för elbussar").original_text
    if connection.vendor == "postgresql":
        assert "buss hittar bussar och bussen men inte elbussar" in shown
        bussar = OpinionFactory(process=process, original_text="Fler bussar").original_text
        assert found(process, "buss") == {TEXTS[2], TEXTS[5], bussar}  # bussen, buss, bussar
        assert found(process, "cykel") == set()  # cyklar and cykelvägar are other stems
        assert found(process, "cyk*") == {TEXTS[0], TEXTS[1]}
    else:
        assert "cyklar hittar elcyklar" in shown
        assert elbussar in found(process, "bussar")


def test_the_search_help_chosen_for_sqlite_tells_of_plain_matching():
    with translation.override("sv"):
        shown = str(search_help("sqlite"))
    assert "cykel hittar cyklar" not in shown
    assert "cyklar hittar elcyklar" in shown  # a word inside a longer word is found
    assert "utom å, ä och ö" in shown  # SQLite folds the case of a–z only
    with translation.override("en"):
        assert "cyklar finds elcyklar" in str(search_help("sqlite"))
