"""What we did, as the public site shows it: read once, in a fixed number of queries.

The goals are public from the day the draft goes out on remiss (the proposal, as sent) and,
after the decision, as adopted. Before that they are a working draft and stay inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Prefetch, Q

from core.translated import swedish
from dialogues.models import Process
from opinions.models import Category, Opinion
from public.target_chart import chart
from strategy.document import render_document, version_document
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

    @cached_property
    def document(self):
        """The adopted version's text, or the one sent on remiss, as frozen: its headings
        below the page's (h3 "The adopted document"), from h4."""
        version = (
            self.decision.adopted_version
            if self.decision
            else self.consultation.version
            if self.consultation
            else None
        )
        if not version:
            return ""
        with swedish():  # the document decided on, in the language it was decided in
            return render_document(version_document(version), top=4, prefix="doc-")

    @cached_property
    def sent_document(self):
        """The version sent on remiss, when the one adopted is another."""
        if not self.consultation or not self.decision:
            return ""
        if self.consultation.version_id == self.decision.adopted_version_id:
            return ""
        with swedish():
            return render_document(
                version_document(self.consultation.version), top=4, prefix="sent-"
            )

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
    result.goals = _goals(strategy)
    if result.consultation:
        _remiss(result, result.consultation)
    return result


def _goals(strategy: Strategy) -> list[Goal]:
    """The goals with their sources, the published opinions they cite, and their targets'
    progress."""
    published = Opinion.objects.published().order_by("recorded_at", "pk")
    goals = list(
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
    for goal in goals:
        goal.samples = goal.published_opinions[:SAMPLE_OPINIONS]
        for target in goal.targets.all():
            measurements = list(target.measurements.all())
            target.progress = progress(target, measurements)
            target.chart = chart(target, measurements)
    return goals


def _remiss(result: Outcome, consultation: Consultation) -> None:
    """Who was asked, what each answered and how each point was handled."""
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
        label: counts[value] for value, label in ResponsePoint.Disposition.choices if counts[value]
    }


def opinions_followed(respondent, *, with_goals: bool) -> list[Opinion]:
    """A respondent's opinions with their final categories and, once the goals are public,
    `goals_informed`: the goals that cite the opinion or draw on one of its categories.
    A fixed number of queries, however many opinions."""
    goals = Goal.objects.filter(strategy__process=respondent.process_id).order_by("order", "pk")
    opinions = list(
        Opinion.objects.filter(respondent=respondent)
        .not_deleted()
        .select_related("question", "event")
        .prefetch_related(
            Prefetch("final_categories", queryset=Category.objects.order_by("order", "name")),
            Prefetch("final_categories__goals", queryset=goals, to_attr="informed_goals"),
            Prefetch("goals", queryset=goals, to_attr="citing_goals"),
        )
        .order_by("recorded_at", "pk")
    )
    for opinion in opinions:
        found = {goal.pk: goal for goal in opinion.citing_goals}
        for category in opinion.final_categories.all():
            found.update({goal.pk: goal for goal in category.informed_goals})
        opinion.goals_informed = (
            sorted(found.values(), key=lambda g: (g.order, g.pk)) if with_goals else []
        )
    return opinions
