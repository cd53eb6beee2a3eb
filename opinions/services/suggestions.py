"""Suggestions: asking for a model, training it, and a person's decision on what it suggests."""

from __future__ import annotations

import itertools
import random

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core import public_data
from dialogues.models import Process
from opinions.analysis.learning import (
    MOST,
    THRESHOLD,
    THRESHOLDS,
    _dump,
    coded_opinions,
    train,
    uncoded,
)
from opinions.models import (
    Coding,
    CodingChange,
    Suggestion,
    SuggestionModel,
)
from opinions.services.coding import coding_toggle


def suggestions_request(*, process: Process, by) -> SuggestionModel:
    """Ask for a new suggestion model; it is trained in the background."""
    earlier = process.suggestion_models.first()  # the strategists' choice of how sure stays
    model = SuggestionModel.objects.create(
        process=process,
        requested_by=by,
        threshold=earlier.threshold if earlier else THRESHOLD,
    )
    transaction.on_commit(lambda: train_suggestions.enqueue(model.pk))
    return model


def suggestion_threshold_set(*, model: SuggestionModel, threshold: float) -> SuggestionModel:
    """Choose how sure the model must be of a category to suggest it: one of the choices its
    held-out figures were measured at (`learning.THRESHOLDS`)."""
    if threshold not in THRESHOLDS:
        raise ValidationError(
            _("Choose one of %(choices)s.")
            % {"choices": ", ".join(f"{round(choice * 100)} %" for choice in THRESHOLDS)},
            code="threshold",
        )
    SuggestionModel.objects.filter(pk=model.pk).update(threshold=threshold)
    model.threshold = threshold
    return model


@transaction.atomic
def suggestion_decide(
    *, suggestion: Suggestion, accept: bool, by, seen: int | None, step=None
) -> CodingChange | None:
    """A person accepts a suggestion (it becomes their coding) or rejects it. The same person
    deciding the same again (the workbench sending a step whose answer was lost) changes
    nothing."""
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("opinion__process", "category")
        .get(pk=suggestion.pk)
    )
    decision = Suggestion.Decision.ACCEPTED if accept else Suggestion.Decision.REJECTED
    if suggestion.decision == decision and suggestion.decided_by_id == by.pk:
        return None
    if suggestion.decision != Suggestion.Decision.PENDING:
        raise ValidationError(_("Someone has already decided on this suggestion."))
    change = None
    already = Coding.objects.filter(
        opinion=suggestion.opinion, category=suggestion.category, coder=by
    ).exists()
    if accept and not already:
        change = coding_toggle(
            opinion=suggestion.opinion, category=suggestion.category, coder=by, seen=seen, step=step
        )
    suggestion.decision = decision
    suggestion.decided_by, suggestion.decided_at = by, timezone.now()
    suggestion.save(update_fields=["decision", "decided_by", "decided_at"])
    public_data.changed(suggestion.opinion.process)  # the quality card counts decisions
    return change


def train_model(model: SuggestionModel) -> SuggestionModel:
    """Train on the process's coded opinions, measure, and suggest for the uncoded ones.

    A process with more coded opinions than SUGGESTIONS_TRAIN_MOST trains on a random sample of
    that many (the held-out figures are measured on the sample's own held-out part, so they stay
    the truth of the model); the uncoded opinions are read, suggested for and stored a chunk at
    a time, so that 2,000,000 of them take the memory of a chunk (bench/grand_debat.py)."""
    SuggestionModel.objects.filter(pk=model.pk).update(
        status=SuggestionModel.Status.TRAINING, started_at=timezone.now()
    )
    texts, labels = coded_opinions(model.process)
    coded, most = len(texts), settings.SUGGESTIONS_TRAIN_MOST
    if coded > most:
        chosen = sorted(random.Random(model.pk).sample(range(coded), most))  # noqa: S311
        texts, labels = [texts[i] for i in chosen], [labels[i] for i in chosen]
    trained = train(texts, labels)
    if isinstance(trained, str):
        SuggestionModel.objects.filter(pk=model.pk).update(
            status=SuggestionModel.Status.TOO_FEW,
            message=trained,
            trained_on=len(texts),
            finished_at=timezone.now(),
        )
        model.refresh_from_db()
        return model
    trained.quality["coded"] = coded  # the model learnt from `trained_on` of them
    del texts, labels
    with transaction.atomic():
        # What an older model suggested and no one decided on gives way to the new one.
        Suggestion.objects.filter(
            model__process=model.process, decision=Suggestion.Decision.PENDING
        ).exclude(model=model).delete()
        opinions = uncoded(model.process).order_by("pk").values_list("pk", "original_text")
        for chunk in _chunks(opinions.iterator(chunk_size=SUGGEST_CHUNK), SUGGEST_CHUNK):
            Suggestion.objects.bulk_create(_suggestions(model, trained, chunk), batch_size=2000)
        SuggestionModel.objects.filter(pk=model.pk).update(
            status=SuggestionModel.Status.DONE,
            trained_on=trained.trained_on,
            held_out=trained.held_out,
            quality=trained.quality,
            fitted=_dump(trained),
            finished_at=timezone.now(),
        )
        public_data.changed(model.process)  # the quality card counts the suggestions
    model.refresh_from_db()
    return model


SUGGEST_CHUNK = 5000  # uncoded opinions suggested for at a time


def _chunks(items, size: int):
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _suggestions(model: SuggestionModel, trained, opinions: list[tuple[int, str]]) -> list:
    """The best candidates of each opinion, down to the lowest confidence a strategist may
    choose on the page."""
    probabilities = trained.pipeline.predict_proba([text for _pk, text in opinions])
    suggestions = []
    for (pk, _text), row in zip(opinions, probabilities, strict=True):
        best = np.argsort(row)[::-1][:MOST]
        suggestions.extend(
            Suggestion(
                model=model,
                opinion_id=pk,
                category_id=trained.categories[i],
                confidence=float(row[i]),
            )
            for i in best
            if row[i] >= min(THRESHOLDS)
        )
    return suggestions


@task()
def train_suggestions(model_id: int) -> str:
    """Train the suggestion model a strategist asked for, and suggest for uncoded opinions."""
    model = SuggestionModel.objects.select_related("process").get(pk=model_id)
    try:
        return train_model(model).status
    except Exception:
        SuggestionModel.objects.filter(pk=model_id).update(
            status=SuggestionModel.Status.FAILED, message="internal error"
        )
        raise
