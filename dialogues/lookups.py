"""The process or event that a staff URL names, read once per request.

A view's permission rule (`core.permissions.view_rules`) reads the object to
check it, and the view reads it again to work on it; these lookups keep the first one on the
request, so the view works on the very object that was checked, for one query. The same query
says whether the signed-in user is in the process's team, which its rule asks
(`dialogues.rules.in_team`), and for an event whether the user facilitates it
(`dialogues.rules.facilitates_event`).
"""

from django.db.models import Case, Exists, OuterRef, Subquery, Value, When
from django.shortcuts import get_object_or_404

from dialogues.models import DialogueEvent, Process, TeamMember


def _with_team(request, queryset, process: str):
    """The queryset, each row saying whether its process (`process`: the path to its id) has a
    team and whether the signed-in user is in it, as `team_user`: None (no team), 0 (a team
    without the user) or 1. One subquery: two EXISTS cost as much again to build."""
    if not request.user.is_authenticated:
        return queryset
    user = Case(When(user_id=request.user.pk, then=Value(1)), default=Value(0))
    team = TeamMember.objects.filter(process_id=OuterRef(process)).annotate(is_user=user)
    return queryset.annotate(team_user=Subquery(team.order_by("-is_user").values("is_user")[:1]))


def _team_known(request, process: Process, row) -> Process:
    if hasattr(row, "team_user"):
        process.team_of_user = (request.user.pk, row.team_user == 1, row.team_user is not None)
    return process


def process_of(request, slug: str, *, queryset=None, **kwargs) -> Process:
    """The process with this slug, or 404. A page that shows the process's relations passes
    the `queryset` that fetches them with it; its rule is then given the same lookup."""
    processes = request.__dict__.setdefault("_processes", {})
    if slug not in processes:
        queryset = Process.objects.all() if queryset is None else queryset
        queryset = _with_team(request, queryset, "pk")
        process = get_object_or_404(queryset, slug=slug)
        processes[slug] = _team_known(request, process, process)
    return processes[slug]


def event_of(request, slug: str, event_slug: str, **kwargs) -> DialogueEvent:
    """The event of the process with this slug, with its process, or 404."""
    events = request.__dict__.setdefault("_events", {})
    if (slug, event_slug) not in events:
        queryset = _with_team(request, DialogueEvent.objects.select_related("process"), "process")
        if request.user.is_authenticated:
            facilitators = DialogueEvent.facilitators.through.objects.filter(
                dialogueevent_id=OuterRef("pk"), user_id=request.user.pk
            )
            queryset = queryset.annotate(user_facilitates=Exists(facilitators))
        event = get_object_or_404(queryset, process__slug=slug, slug=event_slug)
        _team_known(request, event.process, event)
        if hasattr(event, "user_facilitates"):
            event.facilitated_by_user = (request.user.pk, event.user_facilitates)
        events[slug, event_slug] = event
    return events[slug, event_slug]
