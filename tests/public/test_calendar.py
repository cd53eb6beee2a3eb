"""The calendar feed (RFC 5545): each event's UID comes from the site's configured address and
the event, so a subscription never doubles when the site is reached under another name; an
event without an end gets none made up."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import DialogueEventFactory, ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    process = ProcessFactory(is_public=True, slug="sunne")
    starts = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    open_ended = DialogueEventFactory(process=process, title="Torgmöte", starts_at=starts)
    DialogueEventFactory(
        process=process,
        title="Open Space",
        starts_at=starts + datetime.timedelta(days=1),
        ends_at=starts + datetime.timedelta(days=1, hours=3),
    )
    return open_ended


def feed(host):
    response = Client(HTTP_HOST=host).get(reverse("public:events_ics", args=["sunne"]))
    assert response.status_code == 200
    return {str(e["SUMMARY"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_the_uid_is_the_same_under_every_name_of_the_site(settings, events):
    settings.SITE_URL = "https://dialog.sunne.se"
    settings.ALLOWED_HOSTS = ["dialog.sunne.se", "sunne-dialog.example", "10.0.0.5"]
    uids = [
        str(feed(host)["Torgmöte"]["UID"])
        for host in ("dialog.sunne.se", "sunne-dialog.example", "10.0.0.5:8000")
    ]
    assert uids == [f"event-{events.pk}@dialog.sunne.se"] * 3


def test_an_event_without_an_end_has_no_end_made_up(settings, events):
    settings.ALLOWED_HOSTS = ["dialog.sunne.se"]
    found = feed("dialog.sunne.se")
    assert "DTEND" not in found["Torgmöte"]
    assert found["Torgmöte"].decoded("DTSTART") == events.starts_at
    assert "DURATION" not in found["Torgmöte"]
    kept = found["Open Space"]
    assert kept.decoded("DTEND") - kept.decoded("DTSTART") == datetime.timedelta(hours=3)
