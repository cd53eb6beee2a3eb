"""Writes of the strategy itself: its vision, the other sources, goals and targets. Nothing changes
once a version of it is adopted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core import public_data
from core.translated import swedish
from dialogues.models import Process
from strategy.models import (
    DraftVersion,
    Goal,
    PolicyInput,
    Strategy,
    Target,
)


def strategy_for(process: Process) -> Strategy:
    """The process's strategy, made on first use with the process's title."""
    with swedish():
        strategy, created = Strategy.objects.get_or_create(
            process=process,
            defaults={"title": process.title[:200], "title_en": process.title_en or ""},
        )
    if created:
        public_data.changed(process)
    return strategy


def adopted_version(strategy: Strategy) -> DraftVersion | None:
    return (
        DraftVersion.objects.filter(strategy=strategy, decisions__isnull=False)
        .order_by("-number")
        .first()
    )


def is_locked(strategy: Strategy) -> bool:
    """Adopted, and no newer version started: a change needs a new version and decision."""
    newest = DraftVersion.objects.filter(strategy=strategy).order_by("-number").first()
    return newest is not None and newest.decisions.exists()


def _require_editable(strategy: Strategy) -> None:
    if is_locked(strategy):
        raise ValidationError(
            _(
                "The strategy has been adopted and cannot change as it stands. Start a new "
                "version to change it; the change needs a new decision."
            )
        )


@transaction.atomic
def strategy_save(*, strategy: Strategy) -> Strategy:
    _require_editable(strategy)
    strategy.full_clean()
    strategy.save()
    public_data.changed(strategy.process)
    return strategy


@transaction.atomic
def policy_input_save(*, policy_input: PolicyInput) -> PolicyInput:
    _require_editable(policy_input.strategy)
    policy_input.full_clean()
    policy_input.save()
    public_data.changed(policy_input.strategy.process)
    return policy_input


@transaction.atomic
def goal_save(*, goal: Goal, categories=None, opinions=None, policy_inputs=None) -> Goal:
    """Save the goal and, where given, what it draws on. Categories and opinions must be of
    the strategy's own process."""
    strategy = goal.strategy
    _require_editable(strategy)
    if goal.pk is None and not goal.order:
        goal.order = (Goal.objects.for_strategy(strategy).aggregate(m=Max("order"))["m"] or 0) + 1
    goal.full_clean()
    process_id = strategy.process_id
    if categories is not None and any(c.process_id != process_id for c in categories):
        raise ValidationError({"categories": _("A category of another process was chosen.")})
    if opinions is not None and any(o.process_id != process_id for o in opinions):
        raise ValidationError({"opinions": _("An opinion of another process was chosen.")})
    if policy_inputs is not None and any(i.strategy_id != strategy.pk for i in policy_inputs):
        raise ValidationError({"policy_inputs": _("An input of another strategy was chosen.")})
    goal.save()
    if categories is not None:
        goal.categories.set(categories)
    if opinions is not None:
        goal.opinions.set(opinions)
    if policy_inputs is not None:
        goal.policy_inputs.set(policy_inputs)
    public_data.changed(goal.strategy.process)
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    _require_editable(goal.strategy)
    if goal.targets.exists():
        raise ValidationError(_("Move or remove the goal's targets first."))
    goal.delete()
    public_data.changed(goal.strategy.process)


@transaction.atomic
def target_save(*, target: Target) -> Target:
    _require_editable(target.goal.strategy)
    if target.pk is None and not target.order:
        target.order = (
            Target.objects.filter(goal=target.goal).aggregate(m=Max("order"))["m"] or 0
        ) + 1
    target.full_clean()
    target.save()
    public_data.changed(target.goal.strategy.process)
    return target


@transaction.atomic
def target_delete(*, target: Target) -> None:
    _require_editable(target.goal.strategy)
    if target.measurements.exists() or target.assessments.exists():
        raise ValidationError(_("The target has measurements; it is kept for the follow-up."))
    target.delete()
    public_data.changed(target.goal.strategy.process)
