"""The stages of a dialogue process, the guards on each forward move, and the steps taken on
entering a stage.

A guard reads the process and returns, in plain words, what still blocks the move; an empty
list means the way is open. A step is work that entering a stage sets off (the feedback mails
when the feedback is published); it runs once the move is committed. Guards and steps that
belong to the apps to the right of `dialogues` (opinions, strategy, public) are registered by
those apps in their `AppConfig.ready()`, so that this module never imports them.
"""

from collections import defaultdict
from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    PLANNING = "planning", pgettext_lazy("stage", "Planning")
    QUESTIONS_APPROVED = "questions_approved", pgettext_lazy("stage", "Questions approved")
    DIALOGUE_OPEN = "dialogue_open", pgettext_lazy("stage", "Dialogue open")
    ANALYSIS = "analysis", pgettext_lazy("stage", "Analysis")
    DRAFTING = "drafting", pgettext_lazy("stage", "Drafting")
    CONSULTATION = "consultation", pgettext_lazy("stage", "Consultation")
    REVISION = "revision", pgettext_lazy("stage", "Revision")
    ADOPTED = "adopted", pgettext_lazy("stage", "Adopted")
    FEEDBACK_PUBLISHED = "feedback_published", pgettext_lazy("stage", "Feedback published")


ORDER: list[str] = [stage.value for stage in Stage]

STAGE_DESCRIPTIONS = {
    Stage.PLANNING: _("The mandate, the rules of the game, the questions and the events."),
    Stage.QUESTIONS_APPROVED: _("The guiding questions are fixed; events are being planned."),
    Stage.DIALOGUE_OPEN: _("Residents give their opinions at the events."),
    Stage.ANALYSIS: _("Strategists code the opinions into categories."),
    Stage.DRAFTING: _("Vision, goals and targets are written from the categories."),
    Stage.CONSULTATION: _("The draft is out for consultation."),
    Stage.REVISION: _("The draft is revised after the consultation responses."),
    Stage.ADOPTED: _("The council has adopted the strategy."),
    Stage.FEEDBACK_PUBLISHED: _("Residents have been told what became of their opinions."),
}

Guard = Callable[["object"], list[str]]
_guards: dict[str, list[Guard]] = defaultdict(list)


def register_guard(to_stage: str, guard: Guard) -> Guard:
    """Add a guard on the move into `to_stage`. Registering the same function twice is a no-op."""
    if guard not in _guards[to_stage]:
        _guards[to_stage].append(guard)
    return guard


def guard(to_stage: str) -> Callable[[Guard], Guard]:
    def decorator(func: Guard) -> Guard:
        return register_guard(to_stage, func)

    return decorator


def blockers(process, to_stage: str) -> list[str]:
    """Everything that blocks moving `process` forward into `to_stage`, in plain words."""
    messages: list[str] = []
    for check in _guards[to_stage]:
        messages.extend(str(message) for message in check(process))
    return messages


Step = Callable[["object"], None]
_steps: dict[str, list[Step]] = defaultdict(list)


def register_step(to_stage: str, step: Step) -> Step:
    """Run `step(process)` after every move into `to_stage` is committed. Registering the same
    function twice is a no-op."""
    if step not in _steps[to_stage]:
        _steps[to_stage].append(step)
    return step


def steps(to_stage: str) -> list[Step]:
    """What entering `to_stage` sets off."""
    return list(_steps[to_stage])


def index(stage: str) -> int:
    return ORDER.index(stage)


def next_stage(stage: str) -> str | None:
    position = index(stage)
    return ORDER[position + 1] if position + 1 < len(ORDER) else None


def earlier_stages(stage: str) -> list[str]:
    return ORDER[: index(stage)]


def dialogue_closed_at(process):
    """When the dialogue last closed (moved on from open), or None: it is open, has not been
    opened yet, or no move out of it is on record."""
    if process.stage == Stage.DIALOGUE_OPEN or index(process.stage) < index(Stage.DIALOGUE_OPEN):
        return None
    moved = process.transitions.filter(from_stage=Stage.DIALOGUE_OPEN).order_by("-moved_at")
    return moved.values_list("moved_at", flat=True).first()
