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
