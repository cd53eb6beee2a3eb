"""Who may do what with the process frame."""

import rules

from core.roles import has_staff_role, is_administrator
from dialogues.models import DialogueEvent, OpenSpaceSession
from dialogues.stages import Stage


@rules.predicate
def facilitates_event(user, obj) -> bool:
    """The user is one of the facilitators assigned to the event (or the session's event)."""
    if isinstance(obj, OpenSpaceSession):
        obj = obj.event
    if not isinstance(obj, DialogueEvent) or not user.is_authenticated:
        return False
    return any(person.pk == user.pk for person in obj.facilitators.all())


rules.add_perm("dialogues.view_process", has_staff_role)
rules.add_perm("dialogues.add_process", is_administrator)
rules.add_perm("dialogues.change_process", is_administrator)
rules.add_perm("dialogues.move_process", is_administrator)

rules.add_perm("dialogues.view_body", has_staff_role)
rules.add_perm("dialogues.add_body", is_administrator)
rules.add_perm("dialogues.change_body", is_administrator)

rules.add_perm("dialogues.view_dialogueevent", has_staff_role)
rules.add_perm("dialogues.change_dialogueevent", is_administrator)
rules.add_perm("dialogues.change_openspacesession", is_administrator | facilitates_event)


# The report of an event (headcount, notes, photos) is written by its facilitators or an
# administrator; any staff role may read it.
@rules.predicate
def event_report_is_open(user, event) -> bool:
    """Its facilitators report an event until the analysis is over; then the count of people
    met is part of the record the public figures rest on."""
    return isinstance(event, DialogueEvent) and event.process.stage in (
        Stage.PLANNING,
        Stage.QUESTIONS_APPROVED,
        Stage.DIALOGUE_OPEN,
        Stage.ANALYSIS,
    )


rules.add_perm(
    "dialogues.report_event", is_administrator | (facilitates_event & event_report_is_open)
)
rules.add_perm("dialogues.view_eventattachment", has_staff_role)
