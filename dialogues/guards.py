"""Guards on the stage moves that read the process frame itself."""

import copy

from django.utils import timezone
from django.utils.translation import gettext as _

from dialogues.stages import Stage, blockers, guard


@guard(Stage.QUESTIONS_APPROVED)
def needs_mandate(process) -> list[str]:
    from dialogues.models import Mandate

    if not Mandate.objects.filter(process=process).exists():
        return [_("Register the council's mandate.")]
    return []


@guard(Stage.QUESTIONS_APPROVED)
def needs_rules_of_the_game(process) -> list[str]:
    missing = []
    if not process.rules_influence.strip():
        missing.append(_("Write in the rules of the game what can be influenced."))
    if not process.rules_input_use.strip():
        missing.append(_("Write in the rules of the game how the opinions will be used."))
    if not process.rules_feedback.strip():
        missing.append(_("Write in the rules of the game when and how feedback comes."))
    return missing


@guard(Stage.QUESTIONS_APPROVED)
def needs_approved_questions(process) -> list[str]:
    if not process.questions.exists():
        return [_("Write at least one guiding question.")]
    if process.questions_approved_at is None:
        return [_("Approve the set of guiding questions.")]
    return []


@guard(Stage.DIALOGUE_OPEN)
def needs_event(process) -> list[str]:
    if not process.events.exists():
        return [_("Plan at least one dialogue event.")]
    return []


def blockers_once_questions_approved(process) -> list[str]:
    """What would still block the move to "questions approved" once the question set is
    approved, asked of a copy of the process as it would then be (nothing is saved)."""
    approved = copy.copy(process)
    approved.questions_approved_at = approved.questions_approved_at or timezone.now()
    return blockers(approved, Stage.QUESTIONS_APPROVED)
