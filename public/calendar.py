"""A process's events as an iCalendar feed (RFC 5545), to subscribe to in any calendar.

Each event's UID is made of its id and the site's configured address (SITE_URL), never of the
address a request came in on, so that a calendar subscribed under two names holds each event
once. An event without an end has no DTEND: RFC 5545 (3.6.1) then has it end when it starts,
and nobody's calendar shows an end that was never entered."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def uid(event) -> str:
    return f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname}"


def feed(process, events) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Sunnemodellen//medborgardialog//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", process.title)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    for event in events:
        entry = Event()
        entry.add("uid", uid(event))
        entry.add("dtstamp", timezone.now())
        entry.add("dtstart", event.starts_at)
        if event.ends_at:
            entry.add("dtend", event.ends_at)
        entry.add("summary", event.title)
        location = ", ".join(part for part in (event.place, event.address) if part)
        if location:
            entry.add("location", location)
        description = "\n\n".join(
            part
            for part in (event.target_groups, event.announcement_text, event.accessibility)
            if part
        )
        if description:
            entry.add("description", description)
        calendar.add_component(entry)
    return calendar.to_ical()
