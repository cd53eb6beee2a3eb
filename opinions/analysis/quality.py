"""The quality card of a process: how much of the coding people did, how far they agreed, how
much the machine suggested and how good it was, each figure with where it comes from.

Its counts over the opinions and the agreement are read as last counted (opinions/analysis/
kept.py), in a fixed number of queries however many opinions there are (the public method page
shows it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from dialogues.models import Process
from opinions.analysis.agreement import Agreement, kept_agreement
from opinions.models import Coding, KeptFigures, Opinion, Suggestion, SuggestionModel


@dataclass
class Quality:
    counted: int  # opinions in the analysis
    coded: int  # of those, with a final coding, every one decided by a person
    coders: int  # people who coded
    agreement: Agreement | None
    suggested: int  # opinions the machine suggested a category for
    accepted: int  # suggestions a person accepted
    rejected: int
    model: SuggestionModel | None  # the newest trained model
    precision: float | None  # of its suggestions on held-out coded opinions
    recall: float | None
    f1: float | None
    counted_at: datetime.datetime | None = None  # None: being counted for the first time

    @property
    def decided(self) -> int:
        return self.accepted + self.rejected

    @property
    def accepted_percent(self) -> float | None:
        return 100 * self.accepted / self.decided if self.decided else None

    @property
    def coded_percent(self) -> float | None:
        return 100 * self.coded / self.counted if self.counted else None

    @property
    def precision_percent(self) -> float | None:
        return None if self.precision is None else 100 * self.precision

    @property
    def recall_percent(self) -> float | None:
        return None if self.recall is None else 100 * self.recall

    @property
    def has_model(self) -> bool:
        return self.model is not None and self.precision is not None


def held_out_at(quality: dict, threshold: float) -> dict:
    """The held-out figures (`per_category`, `overall`, `without_suggestion`) at `threshold`.
    A model trained before the choice existed has them at its own threshold only."""
    figures = (quality or {}).get("by_threshold", {}).get(str(threshold))
    if figures is not None:
        return figures
    quality = quality or {}
    return {
        "per_category": quality.get("per_category", {}),
        "overall": quality.get("overall", {}),
        "without_suggestion": quality.get("without_suggestion"),
    }


def _model_figures(model: SuggestionModel | None) -> tuple[float | None, ...]:
    overall = held_out_at(model.quality, model.threshold)["overall"] if model else {}
    precision, recall = overall.get("precision"), overall.get("recall")
    f1 = overall.get("f1")
    if f1 is None and precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def figures(process: Process) -> dict:
    """The card's counts over the opinions, as kept between requests (opinions/analysis/kept.py)."""
    opinions = (
        Opinion.objects.for_process(process)
        .counted()
        .aggregate(
            counted=Count("pk", distinct=True),  # the join gives a row per final category
            coded=Count("pk", filter=Q(final_codings__isnull=False), distinct=True),
        )
    )
    coders = (
        Coding.objects.filter(
            opinion__process=process,
            opinion__deleted_at__isnull=True,
            opinion__status="registered",
        )
        .values("coder")
        .distinct()
        .count()
    )
    suggestions = Suggestion.objects.filter(model__process=process).aggregate(
        suggested=Count("opinion", distinct=True),
        accepted=Count("pk", filter=Q(decision=Suggestion.Decision.ACCEPTED)),
        rejected=Count("pk", filter=Q(decision=Suggestion.Decision.REJECTED)),
    )
    return {**opinions, "coders": coders, **suggestions}


def quality(process: Process) -> Quality:
    """The card, from the counts and the agreement as last counted, and the newest model."""
    from opinions.analysis.kept import kept

    counts = kept(process, KeptFigures.Kind.QUALITY)
    model = (
        SuggestionModel.objects.filter(process=process, status=SuggestionModel.Status.DONE)
        .defer("fitted")
        .order_by("-finished_at", "-pk")
        .first()
    )
    precision, recall, f1 = _model_figures(model)
    return Quality(
        counted=counts.figures["counted"],
        coded=counts.figures["coded"],
        coders=counts.figures["coders"],
        agreement=kept_agreement(kept(process, KeptFigures.Kind.AGREEMENT).figures),
        suggested=counts.figures["suggested"],
        accepted=counts.figures["accepted"],
        rejected=counts.figures["rejected"],
        model=model,
        precision=precision,
        recall=recall,
        f1=f1,
        counted_at=counts.made_at,
    )
