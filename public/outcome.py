"""What we did, as the public site shows it: read once, in a fixed number of queries.

The goals are public from the day the draft goes out on remiss (the proposal, as sent) and,
after the decision, as adopted. Before that they are a working draft and stay inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from dialogues.models import Process
from opinions.models import Category, Opinion
from strategy.document import render_markdown, version_document
from strategy.models import (
    Consultation,
    Consultee,
    Decision,
    Goal,
    Response,
    ResponsePoint,
    Strategy,
    Target,
)
from strategy.progress import progress

SAMPLE_OPINIONS = 3


@dataclass
class Outcome:
    strategy: Strategy | None = None
    decision: Decision | None = None
    consultation: Consultation | None = None
    goals: list[Goal] = field(default_factory=list)
    consultees: list[Consultee] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    dispositions: dict[str, int] = field(default_factory=dict)

    @property
    def adopted(self) -> bool:
        return self.decision is not None

    @property
    def goals_public(self) -> bool:
        return self.decision is not None or (
            self.consultation is not None and self.consultation.sent_on is not None
        )

    @property
    def document(self):
        """The adopted version's text, or the one sent on remiss, as frozen."""
        version = (
            self.decision.adopted_version
            if self.decision
            else self.consultation.version
            if self.consultation
            else None
        )
        return render_markdown(version_document(version)) if version else ""

    @property
    def target_count(self) -> int:
        return sum(len(goal.targets.all()) for goal in self.goals)


def outcome(process: Process, *, goals: bool = True) -> Outcome:
    strategy = (
        Strategy.objects.filter(process=process)
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("body", "adopted_version__strategy"),
            ),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.filter(sent_on__isnull=False).select_related(
                    "version__strategy"
                ),
            ),
        )
        .first()
    )
    if strategy is None:
        return Outcome()
    decisions = list(strategy.decisions.all())
    consultations = list(strategy.consultations.all())
    result = Outcome(
        strategy=strategy,
        decision=decisions[-1] if decisions else None,
        consultation=consultations[-1] if consultations else None,
    )
    if not goals or not result.goals_public:
        return result
    published = (
        Opinion.objects.counted()
        .filter(publication=Opinion.Publication.APPROVED)
        .order_by("recorded_at", "pk")
    )
    result.goals = list(
        Goal.objects.for_strategy(strategy)
        .prefetch_related(
            Prefetch("categories", queryset=Category.objects.order_by("order", "name")),
            "policy_inputs",
            Prefetch("opinions", queryset=published, to_attr="published_opinions"),
            Prefetch(
                "targets",
                queryset=Target.objects.select_related("responsible_body").with_follow_up(),
            ),
        )
        .order_by("order", "pk")
    )
    for goal in result.goals:
        goal.samples = goal.published_opinions[:SAMPLE_OPINIONS]
        for target in goal.targets.all():
            measurements = list(target.measurements.all())
            target.progress = progress(target, measurements)
            target.series = _series(measurements)
            target.chart_width = 40 * len(target.series)
    if result.consultation:
        consultation = result.consultation
        result.consultees = list(
            consultation.consultees.annotate(answers=Count("responses")).order_by("name")
        )
        result.responses = list(
            consultation.responses.select_related("consultee")
            .prefetch_related(
                Prefetch(
                    "points",
                    queryset=ResponsePoint.objects.select_related("changed_in").order_by("pk"),
                )
            )
            .order_by("received_on", "pk")
        )
        counts = ResponsePoint.objects.filter(response__consultation=consultation).aggregate(
            **{
                value: Count("pk", filter=Q(disposition=value))
                for value in ResponsePoint.Disposition.values
            }
        )
        result.dispositions = {
            label: counts[value]
            for value, label in ResponsePoint.Disposition.choices
            if counts[value]
        }
    return result


def _series(measurements) -> list[dict]:
    """The totals by period, as bars of a small chart 60 high."""
    totals = [m for m in measurements if m.gender == "T"]
    top = max((abs(m.value) for m in totals), default=0)
    series = []
    for number, m in enumerate(totals):
        bar = max(1, round(float(abs(m.value) / top) * 60)) if top else 1
        series.append(
            {
                "period": m.period,
                "value": m.value,
                "x": 40 * number,
                "y": 61 - bar,
                "bar": bar,
                "provisional": m.is_provisional,
            }
        )
    return series
