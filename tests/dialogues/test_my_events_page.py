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
