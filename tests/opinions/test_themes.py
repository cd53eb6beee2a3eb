"""Proposed themes: their words are what the opinions are about, not the words every sentence
has, and one word's forms count as one word."""

import random
from pathlib import Path

import pytest

from demo.opinions import PHRASES, PLACES, REASONS
from opinions.analysis.themes import themes
from opinions.formats.opinion_files import plan_import
from opinions.services.imports import import_commit
from tests.factories import OpinionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db

# Words of every Swedish sentence, as a reader of the themes would spot them.
SWEDISH_FILLER = {"och", "för", "med", "den", "det", "vid", "att", "som", "till", "från", "är"}
BUSES = [
    "Bussen till Lysvik går för sällan och det är långt till hållplatsen",
    "Fler bussar på kvällen, så att man kan ta sig hem från jobbet",
    "Bussarna från Gräsmark måste gå oftare och vara i tid",
    "Det behövs en buss som går till skolan vid sjön",
    "Bussen borde gå på helgerna, för det finns inga andra sätt att resa",
    "Billigare bussar för unga och för äldre som inte har bil",
]


def test_theme_words_have_no_swedish_filler_and_each_word_counts_once(db):
    process = ProcessFactory()
    rng = random.Random(3)
    kinds = list(PHRASES)[:3]
    for n in range(150):
        if n % 4 == 0:
            text = rng.choice(BUSES)
        else:
            text = rng.choice(PHRASES[kinds[n % 3]]) + rng.choice(PLACES) + rng.choice(REASONS)
        OpinionFactory(process=process, original_text=f"{text}.")
    found = themes(process, count=4)
    words = [word for theme in found for word in theme.words]
    assert words
    assert not SWEDISH_FILLER & set(words), [theme.words for theme in found]
    bus_theme = next(theme for theme in found if any(w.startswith("buss") for w in theme.words))
    # "bussen", "bussar" and "bussarna" are one word, shown as its most frequent form.
    assert [w for w in bus_theme.words if w.startswith("buss")] == ["bussen"], bus_theme.words


POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"


def test_an_english_conversation_gets_english_filler_dropped(db):
    process = ProcessFactory()
    data = (POLIS / "bg2050-volunteers" / "comments.csv").read_bytes()
    plan = plan_import(process=process, file_name="comments.csv", data=data)
    import_commit(plan, recorded_by=UserFactory())
    found = themes(process)
    words = {word for theme in found for word in theme.words}
    assert words
    assert not {"the", "and", "for", "with", "that", "are", "this", "more", "have"} & words, [
        theme.words for theme in found
    ]


@pytest.mark.parametrize(
    ("conversation", "language"),
    [
        ("bg2050-volunteers", "english"),
        ("scoop-hivemind.biodiversity", "english"),
        ("austria-climate.9xnndurbfm.2022-07-07", "german"),
    ],
)
def test_no_stop_word_is_ever_a_themes_word_in_polis_conversations(db, conversation, language):
    from opinions.analysis.themes import LANGUAGES

    process = ProcessFactory()
    data = (POLIS / conversation / "comments.csv").read_bytes()
    plan = plan_import(process=process, file_name="comments.csv", data=data)
    import_commit(plan, recorded_by=UserFactory())
    found = themes(process)
    words = {word for theme in found for word in theme.words}
    assert words
    assert not LANGUAGES[language] & words, [theme.words for theme in found]
    if language == "german":
        assert not {"und", "die", "der", "nicht", "für", "mit", "sollte"} & words
    # Each theme shows its three most typical opinions, all of them its own.
    assert all(len(theme.examples) == 3 for theme in found if theme.size >= 3)


def test_swedish_stop_words_typed_in_decomposed_letters_are_still_left_out(db):
    import unicodedata

    process = ProcessFactory()
    rng = random.Random(5)
    for _ in range(60):
        text = rng.choice(BUSES) + " för oss och för dem vid sjön."
        OpinionFactory(process=process, original_text=unicodedata.normalize("NFD", text))
    words = {unicodedata.normalize("NFC", w) for t in themes(process, count=2) for w in t.words}
    assert words
    assert not SWEDISH_FILLER & words, words


def test_themes_of_the_uncoded_opinions_show_what_the_codebook_misses(db):
    from opinions.models import Coding, FinalCoding
    from tests.factories import CategoryFactory

    process = ProcessFactory()
    buses = CategoryFactory(process=process, name="Bussar")
    coder = UserFactory()
    rng = random.Random(7)
    for _ in range(40):
        opinion = OpinionFactory(process=process, original_text=rng.choice(BUSES))
        Coding.objects.create(opinion=opinion, category=buses, coder=coder)
        FinalCoding.objects.create(opinion=opinion, category=buses, decided_by=coder)
    dogs = [
        "Hundrastgården vid skolan behöver ett staket",
        "Fler hundrastgårdar, hundarna springer lösa i parken",
        "Ett staket runt hundrastgården så att hundarna stannar där",
        "Hundar i parken borde ha en egen hundrastgård",
    ]
    lights = [
        "Gatlamporna på vägen till Rottneros är släckta",
        "Mer belysning längs gång- och cykelvägen, det är mörkt på vintern",
        "Tänd gatlamporna på vintern, det är för mörkt att gå hem",
        "Belysningen vid badplatsen saknas helt",
    ]
    for n in range(30):
        OpinionFactory(process=process, original_text=rng.choice(dogs if n % 2 else lights))
    codings = Coding.objects.count(), FinalCoding.objects.count()
    found = themes(process, uncoded=True, count=2)
    words = {word for theme in found for word in theme.words}
    assert {"hundrastgården", "staket", "hundarna"} & words, words
    assert {"gatlamporna", "belysning", "mörkt", "vintern"} & words, words
    assert not any(word.startswith("buss") for word in words), words
    assert sum(theme.size for theme in found) == 30  # only the uncoded opinions
    assert (Coding.objects.count(), FinalCoding.objects.count()) == codings  # nothing coded
