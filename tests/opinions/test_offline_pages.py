"""What a phone keeps for use with no network: the logged-in user's own pages, no one else's."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.factories import DialogueEventFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


def entry(event) -> str:
    return reverse("staff:event_entry", args=[event.process.slug, event.slug])


def test_a_facilitator_keeps_my_events_and_the_entry_pages_where_they_register_now(client):
    fredrik = UserFactory(role="facilitator")
    kim = UserFactory(role="facilitator")
    open_process = ProcessFactory(stage="dialogue_open")
    mine = DialogueEventFactory(process=open_process)
    mine.facilitators.add(fredrik)
    DialogueEventFactory(process=open_process).facilitators.add(kim)  # someone else's
    closed = DialogueEventFactory(process=ProcessFactory(stage="analysis"))
    closed.facilitators.add(fredrik)  # nothing is registered there any longer

    client.force_login(fredrik)
    kept = client.get(reverse("staff:offline_pages")).json()

    assert kept["pages"] == [reverse("staff:my_events"), entry(mine)]
    assert kept["events"] == [
        {"page": entry(mine), "key": f"{fredrik.pk}:{open_process.slug}/{mine.slug}"}
    ]
    assert reverse("manifest") in kept["assets"]
    assert kept["cache"].startswith("sunnemodellen-")


def test_staff_with_no_event_to_register_at_keep_no_page(client):
    client.force_login(UserFactory(role="strategist"))
    assert client.get(reverse("staff:offline_pages")).json()["pages"] == []


def test_every_file_a_kept_page_loads_is_kept_too(client):
    """The scripts, styles, icons and manifest named in the pages are in the service worker's
    list, so that a page opened with no network is whole."""
    fredrik = UserFactory(role="facilitator")
    event = DialogueEventFactory(process=ProcessFactory(stage="dialogue_open"))
    event.facilitators.add(fredrik)
    client.force_login(fredrik)
    kept = client.get(reverse("staff:offline_pages")).json()
    for page in kept["pages"]:
        html = client.get(page).content.decode()
        found = re.findall(r'<(?:script|link)[^>]* (?:src|href)="([^"]+)"', html)
        loaded = {urlsplit(url).path for url in found}  # the site's look carries its version
        assert loaded, page
        assert set(loaded) <= set(kept["assets"]), (page, set(loaded) - set(kept["assets"]))
