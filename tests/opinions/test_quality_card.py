"""The quality card: how much of the coding people did, how far they agreed, how often the
machine's suggestions were accepted and how good it was, on the staff analysis page and, once
the feedback is published, for residents on the "What we did" page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import public_cache
from opinions.analysis.quality import quality
from opinions.models import (
    Coding,
    CodingSample,
    FinalCoding,
    Opinion,
    Suggestion,
    SuggestionModel,
)
from tests.factories import CategoryFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


def _coded_process(size: int, slug: str, *, stage="feedback_published"):
    """`size` opinions, each in the final coding; every tenth coded by two people (the sample),
    agreeing on all but one; the model's suggestions, two accepted and one turned down."""
    process = ProcessFactory(slug=slug, stage=stage, is_public=True)
    first, second = UserFactory(username=f"{slug}-a"), UserFactory(username=f"{slug}-b")
    buses = CategoryFactory(process=process, name="Kollektivtrafik")
    dogs = CategoryFactory(process=process, name="Hundar")
    now = timezone.now()
    opinions = Opinion.objects.bulk_create(
        Opinion(process=process, original_text=f"Synpunkt {n}", recorded_by=first, recorded_at=now)
        for n in range(size)
    )
    categories = [buses if n % 2 else dogs for n in range(size)]
    pairs = list(zip(opinions, categories, strict=True))
    Coding.objects.bulk_create(Coding(opinion=o, category=c, coder=first) for o, c in pairs)
    FinalCoding.objects.bulk_create(
        FinalCoding(opinion=o, category=c, decided_by=first)
        for o, c in zip(opinions, categories, strict=True)
    )
    sampled = opinions[:: max(1, size // 10)] if size > 3 else opinions
    sample = CodingSample.objects.create(process=process, share=10, drawn_by=first)
    sample.opinions.set(sampled)
    other = {buses.pk: dogs, dogs.pk: buses}
    step = max(1, size // 10) if size > 3 else 1
    Coding.objects.bulk_create(  # the second coder differs on the first opinion of the sample
        Coding(opinion=o, category=other[c.pk] if i == 0 else c, coder=second)
        for i, (o, c) in enumerate(pairs[::step])
    )
    model = SuggestionModel.objects.create(
        process=process,
        status="done",
        requested_by=first,
        finished_at=now,
        trained_on=80,
        held_out=20,
        quality={"overall": {"precision": 0.75, "recall": 0.6}, "per_category": {}},
    )
    for opinion, decision in zip(opinions[:3], ["accepted", "accepted", "rejected"], strict=False):
        Suggestion.objects.create(
            model=model, opinion=opinion, category=buses, confidence=0.8, decision=decision
        )
    return process


def test_the_card_counts_people_agreement_suggestions_and_the_model(db):
    process = _coded_process(40, "sunne")
    card = quality(process)
    assert (card.counted, card.coded, card.coders) == (40, 40, 2)
    assert card.agreement.units == 10
    assert card.agreement.overall.percent == 90  # one of ten opinions judged otherwise
    assert card.agreement.overall.kappa is not None
    assert (card.suggested, card.accepted, card.rejected) == (3, 2, 1)
    assert round(card.accepted_percent) == 67
    assert card.model.held_out == 20
    assert round(card.f1, 3) == round(2 * 0.75 * 0.6 / 1.35, 3)


def test_an_opinion_in_two_categories_is_counted_once(db):
    """Found in a browser walk: the Sunne demo's card read "1080 of 1237 opinions were put in
    categories by people": the total counted each opinion once per final category."""
    process = _coded_process(4, "tva")
    opinion = Opinion.objects.filter(process=process).first()
    user = UserFactory(username="tva-c")
    for category in CategoryFactory.create_batch(2, process=process):
        FinalCoding.objects.create(opinion=opinion, category=category, decided_by=user)
    card = quality(process)
    assert (card.counted, card.coded) == (4, 4)


def test_the_staff_analysis_page_shows_the_card(client, db):
    process = _coded_process(20, "sunne", stage="analysis")
    strategist = UserFactory(username="sara", role="strategist")
    client.force_login(strategist)
    page = client.get(reverse("staff:analysis", args=[process.slug])).content.decode()
    assert 'id="quality-card"' in page
    assert "Cohen" in page
    assert "67 %" in page  # suggestions accepted
    assert reverse("staff:coding_agreement", args=[process.slug]) in page


def _public_page(client, process, language="sv"):
    prefix = "/en" if language == "en" else ""
    url = reverse("public:outcome", args=[process.slug])
    if language == "en" and not url.startswith("/en/"):
        url = prefix + url
    return client.get(url)


def test_residents_read_the_card_once_the_feedback_is_published(client, db):
    before = _coded_process(20, "lysvik", stage="adopted")
    assert 'id="quality-card"' not in _public_page(client, before).content.decode()
    process = _coded_process(20, "sunne")
    page = _public_page(client, process).content.decode()
    assert 'id="quality-card"' in page
    assert "maskinen" in page.lower()
    assert "staff" not in re.sub(r"\s+", " ", page.split('id="quality-card"')[1][:4000])
    public_cache.clear()
    english = _public_page(client, process, "en").content.decode()
    assert "how much the machine did and how good it was" in english


def test_the_public_page_asks_as_many_queries_for_300_opinions_as_for_3(client, db):
    counts = []
    for size, slug in [(3, "small"), (300, "large")]:
        process = _coded_process(size, slug)
        public_cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = _public_page(client, process)
        assert response.status_code == 200
        assert 'id="quality-card"' in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
