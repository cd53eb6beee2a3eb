"""The workbench's progress bar in a process large enough to be counted in the background
(opinions/analysis/kept.py): moving on to the next opinion must not take the bar back to the
count made before the coder's own last keys (found in a browser walk: it stepped back by every
key since that count, and forward again once the worker had counted)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

from opinions.analysis.kept import count
from opinions.models import KeptFigures, Opinion
from tests.browser.test_coding_in_chromium import press, showing
from tests.browser.test_staff_pages_in_chromium import PASSWORD, log_in
from tests.factories import CategoryFactory, OpinionFactory, ProcessFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    UserFactory(username="sara", first_name="Sara", password=PASSWORD, role="strategist")
    process = ProcessFactory(slug="vision", title="Vision", stage="analysis")
    CategoryFactory(process=process, name="Boende", key="1")
    for hour in range(6):
        OpinionFactory(
            process=process,
            original_text=f"Synpunkt nummer {hour} om livet i Sunne",
            recorded_at=f"2012-09-15T{hour:02}:00Z",
        )
    count(process, KeptFigures.Kind.CODING)  # counted once, before any key
    return process


def test_the_bar_keeps_the_coders_own_keys_while_the_count_waits(
    live_server, world, desktop, settings
):
    settings.KEPT_INLINE_SECONDS = 0  # every new count waits for the worker, as at 2,000,000
    assert User.objects.filter(username="sara").exists()
    log_in(desktop, live_server, "sara")
    opinions = list(Opinion.objects.filter(process=world).order_by("recorded_at"))
    desktop.goto(
        live_server.url + reverse("staff:coding_opinion", args=[world.slug, opinions[0].pk])
    )
    label, bar = desktop.locator("#progress-label"), desktop.locator("[data-progress=bar]")
    expect(label).to_contain_text("0 av 6 synpunkter")
    for number in range(3):
        showing(desktop, opinions[number].original_text)
        press(desktop, "1")
        expect(label).to_contain_text(f"{number + 1} av 6 synpunkter")
        press(desktop, "j")  # the next opinion, with the progress as last counted
        showing(desktop, opinions[number + 1].original_text)
        expect(label).to_contain_text(f"{number + 1} av 6 synpunkter")
        expect(bar).to_have_attribute("value", str(number + 1))
    # Undo takes the last key back, on the opinion it was made on: one fewer is settled.
    press(desktop, "u", answer="/coding/undo/")
    showing(desktop, opinions[2].original_text)
    expect(label).to_contain_text("2 av 6 synpunkter")
    expect(bar).to_have_attribute("value", "2")
    # Once the worker has counted, the page shows its count (here the same), not count + keys.
    count(world, KeptFigures.Kind.CODING)
    press(desktop, "j")
    showing(desktop, opinions[3].original_text)
    expect(label).to_contain_text("2 av 6 synpunkter")
    expect(bar).to_have_attribute("value", "2")
