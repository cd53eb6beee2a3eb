"""Suggestions: trained in the background on coded opinions, measured on held-out ones the model
never saw, and never a coding until a person accepts one."""

import random
import re

import pytest
from django.urls import reverse
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import train_test_split

from core.roles import STRATEGIST
from demo.opinions import PHRASES
from opinions.analysis.learning import (
    HELD_OUT,
    THRESHOLD,
    THRESHOLDS,
    _load,
    coded_opinions,
    suggested,
)
from opinions.models import Coding, FinalCoding, Opinion, Suggestion, SuggestionModel
from tests.factories import CategoryFactory, OpinionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="sunne", stage="analysis")
    sara = UserFactory(username="sara", first_name="Sara", last_name="S", role=STRATEGIST)
    names = list(PHRASES)[:4]
    categories = {
        name: CategoryFactory(process=process, name=name, order=n) for n, name in enumerate(names)
    }
    rng = random.Random(1)
    for n in range(160):
        name = names[n % 4]
        # A word of its own in every opinion shows which ones the model saw.
        text = f"{rng.choice(PHRASES[name])}, säger vi i Sunne (unik{n})"
        opinion = OpinionFactory(process=process, original_text=text)
        if n < 120:
            FinalCoding.objects.create(opinion=opinion, category=categories[name], decided_by=sara)
    return {"process": process, "sara": sara, "categories": categories}


def train(client, process, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:suggestions", args=[process.slug]), {"action": "t"})
    assert response.status_code == 302
    return SuggestionModel.objects.get(process=process)


def test_too_few_coded_opinions_is_said_plainly(client, world, django_capture_on_commit_callbacks):
    process = world["process"]
    keep = list(FinalCoding.objects.order_by("opinion_id").values_list("pk", flat=True)[:20])
    FinalCoding.objects.exclude(pk__in=keep).delete()  # 20 coded: fewer than 30
    client.force_login(world["sara"])
    model = train(client, process, django_capture_on_commit_callbacks)
    assert model.status == "too_few"
    page = client.get(reverse("staff:suggestions", args=[process.slug])).content.decode()
    assert "För få synpunkter är kodade för att föreslå något" in page
    assert not Suggestion.objects.exists()


def test_quality_is_measured_on_opinions_the_model_never_saw(
    client, world, django_capture_on_commit_callbacks
):
    process = world["process"]
    client.force_login(world["sara"])
    model = train(client, process, django_capture_on_commit_callbacks)
    assert model.status == "done"
    assert (model.trained_on, model.held_out) == (96, 24)

    pipeline, categories = _load(model)
    texts, labels = coded_opinions(process)
    # The same split as the training's: the 24 held-out opinions are not among those it fit on.
    _train, held_texts, _l, held_labels = train_test_split(
        texts, labels, test_size=HELD_OUT, random_state=0
    )
    assert len(held_texts) == 24
    assert not set(held_texts) & set(_train)
    truth = [[int(c in chosen) for c in categories] for chosen in held_labels]
    predicted = suggested(pipeline.predict_proba(held_texts), THRESHOLD)
    precision, recall, _f, support = precision_recall_fscore_support(
        truth, predicted, average=None, zero_division=0
    )
    for i, category in enumerate(categories):
        shown = model.quality["per_category"][str(category)]
        assert shown["precision"] == pytest.approx(precision[i])
        assert shown["recall"] == pytest.approx(recall[i])
        assert shown["held_out"] == support[i]
    page = client.get(reverse("staff:suggestions", args=[process.slug])).content.decode()
    assert "24 andra kodade synpunkter som modellen inte såg" in page


def test_no_coding_is_made_until_a_person_accepts(
    client, world, django_capture_on_commit_callbacks
):
    process = world["process"]
    client.force_login(world["sara"])
    before = set(FinalCoding.objects.values_list("opinion_id", "category_id"))
    train(client, process, django_capture_on_commit_callbacks)
    uncoded = Opinion.objects.filter(process=process, final_codings__isnull=True)
    assert Suggestion.objects.filter(opinion__in=uncoded).count() >= 30  # 40 uncoded opinions
    assert not Coding.objects.exists()
    assert set(FinalCoding.objects.values_list("opinion_id", "category_id")) == before

    opinion = Suggestion.objects.order_by("pk").first().opinion
    url = reverse("staff:coding_opinion", args=[process.slug, opinion.pk])
    page = client.get(url).content.decode()
    assert "förtroende" in page  # each suggestion with its confidence
    first, *rest = opinion.suggestions.order_by("-confidence")
    response = client.post(url, {"action": "accept", "suggestion": first.pk, "seen": 0})
    assert response.status_code == 302
    assert list(Coding.objects.values_list("opinion_id", "category_id", "coder__username")) == [
        (opinion.pk, first.category_id, "sara")
    ]
    first.refresh_from_db()
    assert (first.decision, first.decided_by) == ("accepted", world["sara"])
    if rest:
        client.post(url, {"action": "reject", "suggestion": rest[0].pk, "seen": 0})
        assert Coding.objects.count() == 1
        rest[0].refresh_from_db()
        assert rest[0].decision == "rejected"


def test_themes_before_a_codebook(client, world):
    process = world["process"]
    client.force_login(world["sara"])
    page = client.get(reverse("staff:suggestions", args=[process.slug]), {"themes": 1})
    html = page.content.decode()
    assert "Gör den till en kategori" in html
    response = client.post(
        reverse("staff:suggestions", args=[process.slug]),
        {"action": "theme", "name": "Bussar och vägar", "example": ["Bättre bussar"]},
    )
    assert response.status_code == 302
    assert process.categories.filter(name="Bussar och vägar").exists()
    assert not Coding.objects.exists()


def test_the_strategist_chooses_how_sure_and_the_page_tells_the_truth_at_that_choice(
    client, world, django_capture_on_commit_callbacks
):
    """Each choice's figures are the held-out opinions' at that choice, and the workbench
    shows only the suggestions the model is as sure of as chosen."""
    process = world["process"]
    client.force_login(world["sara"])
    model = train(client, process, django_capture_on_commit_callbacks)
    pipeline, categories = _load(model)
    texts, labels = coded_opinions(process)
    _train, held_texts, _l, held_labels = train_test_split(
        texts, labels, test_size=HELD_OUT, random_state=0
    )
    truth = [[int(c in chosen) for c in categories] for chosen in held_labels]
    probabilities = pipeline.predict_proba(held_texts)
    url = reverse("staff:suggestions", args=[process.slug])
    page = client.get(url).content.decode()
    assert 'id="id_threshold"' in page
    for threshold in THRESHOLDS:
        predicted = suggested(probabilities, threshold)
        micro = precision_recall_fscore_support(truth, predicted, average="micro", zero_division=0)
        without = round(100 * (predicted.sum(axis=1) == 0).mean())
        option = (
            f"{round(threshold * 100)} % säkert: precision {micro[0]:.2f}, täckning {micro[1]:.2f}"
        )
        option = option.replace(".", ",")
        assert option in page
        assert f"{without} % utan förslag" in page

    shown_before = Suggestion.objects.shown().count()
    response = client.post(url, {"action": "threshold", "threshold": "0.7"})
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.threshold == 0.7
    shown = Suggestion.objects.shown()
    assert shown.count() < shown_before
    assert all(s.confidence >= 0.7 for s in shown)
    opinion = Suggestion.objects.filter(confidence__lt=0.7).first().opinion
    workbench = client.get(reverse("staff:coding_opinion", args=[process.slug, opinion.pk]))
    unsure = Suggestion.objects.filter(opinion=opinion, confidence__lt=0.7)
    for suggestion in unsure:
        assert f'value="{suggestion.pk}"' not in workbench.content.decode()
    # A choice the model was not measured at is refused, and the next model keeps the choice.
    client.post(url, {"action": "threshold", "threshold": "0.55"})
    model.refresh_from_db()
    assert model.threshold == 0.7
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "train"})
    newest = SuggestionModel.objects.filter(process=process).first()
    assert newest != model
    assert newest.threshold == 0.7


def test_most_uncertain_first_orders_the_uncoded_by_the_models_certainty(
    client, world, django_capture_on_commit_callbacks
):
    process = world["process"]
    client.force_login(world["sara"])
    train(client, process, django_capture_on_commit_callbacks)
    uncoded = Opinion.objects.filter(process=process, final_codings__isnull=True)
    certainty = {
        opinion.pk: max((s.confidence for s in opinion.suggestions.all()), default=0.0)
        for opinion in uncoded.prefetch_related("suggestions")
    }
    expected = sorted(certainty, key=lambda pk: (certainty[pk], pk))
    listed = reverse("staff:coding_list", args=[process.slug]) + "?order=uncertain"
    page = client.get(listed).content.decode()
    base = reverse("staff:coding_list", args=[process.slug])
    shown = [int(pk) for pk in re.findall(rf'href="{base}(\d+)/', page)]
    assert shown == expected
    # The workbench goes on in that order, even from an opinion just coded.
    first, second = expected[:2]
    url = reverse("staff:coding_opinion", args=[process.slug, first]) + "?order=uncertain"
    category = world["categories"][next(iter(world["categories"]))]
    client.post(url, {"action": "toggle", "category": category.pk, "seen": 0})
    page = client.get(url).content.decode()
    assert f'data-shortcut="next" href="{base}{second}/?order=uncertain"' in page


def test_many_coded_opinions_train_on_a_sample_and_every_uncoded_one_is_suggested_for(
    client, world, django_capture_on_commit_callbacks, settings, monkeypatch
):
    """A Grand-Débat-sized process trains on a sample (200,000 coded opinions took the memory
    of them all and the better part of an hour) and suggests for its uncoded opinions a chunk
    at a time; the page's figures are those of the sample's held-out part."""
    from opinions.services import suggestions

    settings.SUGGESTIONS_TRAIN_MOST = 80
    monkeypatch.setattr(suggestions, "SUGGEST_CHUNK", 7)
    process = world["process"]
    client.force_login(world["sara"])
    model = train(client, process, django_capture_on_commit_callbacks)
    assert model.status == "done"
    assert (model.trained_on, model.held_out, model.quality["coded"]) == (64, 16, 120)
    uncoded = set(Opinion.objects.filter(final_codings__isnull=True).values_list("pk", flat=True))
    assert len(uncoded) == 40
    assert set(Suggestion.objects.values_list("opinion_id", flat=True)) == uncoded
    page = client.get(reverse("staff:suggestions", args=[process.slug])).content.decode()
    assert "16 andra kodade synpunkter som modellen inte såg" in page
