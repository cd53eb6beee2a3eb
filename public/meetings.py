"""A process's meetings as a resident reads them: those to come (and those going on now) under
"Where and when to meet us", those held under "Earlier".

Which list a meeting is in changes with the clock, not with the data, so a cached page is kept
no longer than until the next meeting starts or ends (`seconds_until_change`, the cache's
expiry for the page): a page cached on 19 November does not show the 20 November meeting as
one to come on 1 December.
"""

from __future__ import annotations

import datetime
import math


def _end(event) -> datetime.datetime:
    return event.ends_at or event.starts_at


def split(events, now: datetime.datetime) -> tuple[list, list]:
    """(to come, held): a meeting is held once it has ended (or, with no end, started). A
    meeting to come that has started is marked `going_on`. Both in the order of `events`."""
    upcoming = [event for event in events if _end(event) >= now]
    for event in upcoming:
        event.going_on = event.starts_at <= now
    return upcoming, [event for event in events if _end(event) < now]


def seconds_until_change(events, now: datetime.datetime) -> int | None:
    """Whole seconds until a meeting starts or ends and the lists change (None: they never
    will)."""
    moments = [
        moment
        for event in events
        for moment in (event.starts_at, _end(event))
        if moment is not None and moment >= now
    ]
    if not moments:
        return None
    return max(1, math.ceil((min(moments) - now).total_seconds()))
