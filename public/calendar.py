"""A process's events as an iCalendar feed (RFC 5545), to subscribe to in any calendar."""

from __future__ import annotations

import datetime

from django.utils import timezone
from icalendar import Calendar, Event


def feed(process, events, *, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Sunnemodellen//medborgardialog//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", process.title)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    for event in events:
        entry = Event()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", timezone.now())
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at or event.starts_at + datetime.timedelta(hours=2))
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
