"""Who may do what with the process frame."""

import rules
from django.db.models import Count, Q

from core.roles import has_staff_role, is_administrator
from dialogues.models import DialogueEvent, OpenSpaceSession, Process, TeamMember
from dialogues.stages import Stage


def process_of(obj):
    """The process a rule's object belongs to: itself, or its `process` (an event's, an
    opinion's), or its event's (an attachment, a session)."""
    if obj is None or isinstance(obj, Process):
        return obj
    process = getattr(obj, "process", None)
    if process is None and getattr(obj, "event", None) is not None:
        process = obj.event.process
    return process


@rules.predicate
def in_team(user, obj) -> bool:
    """The user is in the team of the object's process, or the process has no team yet (one
    made before teams), or the rule is about no process at all. A process read for a page
    knows it already (dialogues.lookups); otherwise the teams are read once per request, in one
    query, whatever the number of processes asked about: a row per process with a team,
    saying whether the user is in it (not a row per member)."""
    process = process_of(obj)
    if process is None or user.is_superuser:
        return True
    known = getattr(process, "team_of_user", None)  # read with it (dialogues.lookups)
    if known is not None and known[0] == user.pk:
        _user, in_it, exists = known
        return in_it or not exists
    if "_teams" not in user.__dict__:
        teams = (
            TeamMember.objects.values("process_id")
            .annotate(mine=Count("pk", filter=Q(user_id=user.pk)))
            .values_list("process_id", "mine")
        )
        teams = list(teams)
        user._teams = ({pk for pk, mine in teams if mine}, {pk for pk, _mine in teams})
    mine, with_team = user._teams
    return process.pk in mine or process.pk not in with_team


@rules.predicate
def facilitates_event(user, obj) -> bool:
    """The user is one of the facilitators assigned to the event (or the session's event).
    An event read for a page knows it already (dialogues.lookups); otherwise through .all(), so
    that a list that prefetched the facilitators asks nothing per row."""
    if isinstance(obj, OpenSpaceSession):
        obj = obj.event
    if not isinstance(obj, DialogueEvent) or not user.is_authenticated:
        return False
    known = getattr(obj, "facilitated_by_user", None)
    if known is not None and known[0] == user.pk:
        return known[1]
    return any(person.pk == user.pk for person in obj.facilitators.all())


rules.add_perm("dialogues.view_process", has_staff_role & in_team)
rules.add_perm("dialogues.add_process", is_administrator)
rules.add_perm("dialogues.change_process", is_administrator & in_team)
rules.add_perm("dialogues.move_process", is_administrator & in_team)

rules.add_perm("dialogues.view_body", has_staff_role)
rules.add_perm("dialogues.add_body", is_administrator)
rules.add_perm("dialogues.change_body", is_administrator)

rules.add_perm("dialogues.view_dialogueevent", has_staff_role & in_team)
rules.add_perm("dialogues.change_dialogueevent", is_administrator & in_team)
rules.add_perm(
    "dialogues.change_openspacesession", (is_administrator | facilitates_event) & in_team
)


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
    "dialogues.report_event",
    (is_administrator | (facilitates_event & event_report_is_open)) & in_team,
)
rules.add_perm("dialogues.view_eventattachment", has_staff_role & in_team)
