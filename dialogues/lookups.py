"""The process or event that a staff URL names, read once per request.

A view's permission rule (`core.permissions.view_rules`) reads the object to
check it, and the view reads it again to work on it; these lookups keep the first one on the
request, so the view works on the very object that was checked, for one query.
"""

from django.shortcuts import get_object_or_404

from dialogues.models import DialogueEvent, Process


def process_of(request, slug: str, *, queryset=None, **kwargs) -> Process:
    """The process with this slug, or 404. A page that shows the process's relations passes
    the `queryset` that fetches them with it; its rule is then given the same lookup."""
    processes = request.__dict__.setdefault("_processes", {})
    if slug not in processes:
        processes[slug] = get_object_or_404(Process if queryset is None else queryset, slug=slug)
    return processes[slug]


def event_of(request, slug: str, event_slug: str, **kwargs) -> DialogueEvent:
    """The event of the process with this slug, with its process, or 404."""
    events = request.__dict__.setdefault("_events", {})
    if (slug, event_slug) not in events:
        events[slug, event_slug] = get_object_or_404(
            DialogueEvent.objects.select_related("process"), process__slug=slug, slug=event_slug
        )
    return events[slug, event_slug]
