"""A facilitator's own events, as the line under each reads."""

import pytest
from django.urls import reverse

from tests.factories import DialogueEventFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def test_an_event_without_a_place_ends_its_line_without_a_dangling_separator(
    client, facilitator_user
):
    """Found in a browser walk: a web event (no place) read "Cykelväg … · 2026-11-01 08:00 ·"."""
    process = ProcessFactory(stage="dialogue_open", title="Cykelväg längs Fryken")
    web = DialogueEventFactory(process=process, place="", title="Tyck till på webben")
    shop = DialogueEventFactory(process=process, place="Lanthandeln i Lysvik")
    for event in (web, shop):
        event.facilitators.add(facilitator_user)
    client.force_login(facilitator_user)
    page = client.get(reverse("staff:my_events")).content.decode()
    assert "</time> · Lanthandeln i Lysvik</div>" in page
    assert "</time> · </div>" not in page
    assert "</time></div>" in page


def test_in_english_times_read_as_in_sweden_not_as_in_the_united_states(client, facilitator_user):
    """Found in a browser walk: in English the event read "12/07/2026 5:10 p.m.", which a
    reader in Sweden (or the UK) takes for the 12th of July. English pages write dates and
    times as the Swedish ones do, day-month order where a month is named, 24-hour clock."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import formats, translation

    starts = datetime(2026, 12, 7, 17, 10, tzinfo=ZoneInfo("Europe/Stockholm"))
    event = DialogueEventFactory(process=ProcessFactory(stage="dialogue_open"), starts_at=starts)
    event.facilitators.add(facilitator_user)
    client.force_login(facilitator_user)
    with translation.override("en"):
        page = client.get(reverse("staff:my_events")).content.decode()
        assert formats.date_format(starts, "DATETIME_FORMAT") == "7 December 2026, 17:10"
        assert formats.date_format(starts.date(), "DATE_FORMAT") == "7 December 2026"
        assert formats.time_format(starts.time(), "TIME_FORMAT") == "17:10"
    assert ">2026-12-07 17:10</time>" in page
    assert "p.m." not in page


def test_an_event_over_several_days_shows_its_last_day_on_the_staff_page(client, facilitator_user):
    """Found in a browser walk: an event from 1 December to 31 January read "tisdag 1 december
    2026 08:00–20:00" on the staff page (the public page had it right)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    here = ZoneInfo("Europe/Stockholm")
    event = DialogueEventFactory(
        process=ProcessFactory(stage="dialogue_open", slug="lang"),
        slug="webben",
        starts_at=datetime(2026, 12, 1, 8, 0, tzinfo=here),
        ends_at=datetime(2027, 1, 31, 20, 0, tzinfo=here),
    )
    event.facilitators.add(facilitator_user)
    client.force_login(facilitator_user)
    page = client.get(reverse("staff:event_detail", args=["lang", "webben"])).content.decode()
    assert "söndag 31 januari 2027, 20:00" in page
    assert "08:00–20:00" not in page
