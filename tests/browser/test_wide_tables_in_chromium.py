"""A table wider than a phone scrolls sideways inside its box (found in a browser walk: the
event list, the team, the codebook, the follow-up and a dozen more scrolled with no sign that
they did, and most boxes could not be reached by the keyboard to scroll them). Above each such
box a line now says so, in the reader's language, and the box is a named region the keyboard
reaches; on a desktop, where the table fits, neither."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from dialogues.models import StageTransition
from strategy.models import Consultation
from tests.browser.test_results_on_a_phone_in_chromium import WCAG_21_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOXES = """() => [...document.querySelectorAll(".table-responsive")].map((box) => ({
  wide: box.scrollWidth > box.clientWidth + 1,
  hint: box.previousElementSibling?.matches(".wide-table-hint")
    ? box.previousElementSibling.textContent : null,
  focusable: box.tabIndex === 0,
  name: box.getAttribute("aria-label") || box.getAttribute("aria-labelledby"),
  role: box.getAttribute("role"),
}))"""


@pytest.fixture
def demo(demo_with_logins):
    return demo_with_logins


def _log_in(page, live_server):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/staff/**")


def test_a_table_wider_than_a_phone_says_so_and_the_keyboard_reaches_it(
    live_server, demo, phone, desktop
):
    for page, width in ((phone, 375), (desktop, 1280)):
        _log_in(page, live_server)
        for prefix, said in (("", "bredare än skärmen"), ("/en", "wider than the screen")):
            # The analysis: a table of a column per kind of event, and one per category.
            page.goto(live_server.url + prefix + reverse("staff:analysis", args=[demo]))
            boxes = page.evaluate(BOXES)
            wide = [box for box in boxes if box["wide"]]
            if width == 375:
                assert len(wide) >= 2, boxes  # wider than a phone
            else:
                assert wide == [], boxes  # on a desktop the tables fit
            for box in wide:
                assert said in (box["hint"] or ""), box
                assert box["focusable"], box
                assert box["role"] == "region", box
                assert box["name"], box
            for box in boxes:
                if not box["wide"]:
                    assert box["hint"] is None, box


def test_the_event_list_is_a_card_per_event_on_a_phone(live_server, demo, phone):
    """The facilitator's list of events, read on a phone where the events happen, ran 857 px
    wide: the opinions and the press release were out of sight to the right (found in a
    browser walk). Each event is now a card, its title first and each value named."""
    _log_in(phone, live_server)
    for prefix, label in (("", "Synpunkter"), ("/en", "Opinions")):
        phone.goto(live_server.url + prefix + reverse("staff:event_list", args=[demo]))
        assert [box for box in phone.evaluate(BOXES) if box["wide"]] == []
        card = phone.locator("main tbody tr").first
        first = card.locator("td").first
        assert first.locator("a").count() == 1  # the event's title, as a link, on top
        assert label in card.inner_text()
        results = Axe().run(phone, options=WCAG_21_AA)
        assert results.violations_count == 0, results.generate_report()


def test_the_open_space_sessions_and_the_stage_log_are_cards_on_a_phone(live_server, demo, phone):
    """Found in the same walk: an Open Space's sessions (636 px) and a process's stage log
    (453 px) ran off a phone too. Each session and each move is now a card."""
    _log_in(phone, live_server)
    pages = [reverse("staff:event_detail", args=[demo, "open-space"])]
    pages += [reverse("staff:process_detail", args=[slug]) for slug in moved_processes()]
    assert len(pages) >= 2
    for path in pages:
        phone.goto(live_server.url + path)
        assert phone.locator("main table").count(), path
        assert [box for box in phone.evaluate(BOXES) if box["wide"]] == [], path
        results = Axe().run(phone, options=WCAG_21_AA)
        assert results.violations_count == 0, results.generate_report()


def moved_processes() -> list[str]:
    return sorted(set(StageTransition.objects.values_list("process__slug", flat=True)))


def test_an_events_opinions_the_versions_and_the_follow_up_are_cards_on_a_phone(
    live_server, demo, phone
):
    """A politician reading a draft's versions, the remiss's points and the follow-up of its
    targets, and a facilitator checking what was registered at their event, found these run off
    a phone too (339 to 757 px; found in a crawl as each role). Each row is now a card, each
    value named."""
    _log_in(phone, live_server)
    remiss = Consultation.objects.get(strategy__process__slug=demo).pk
    pages = [
        reverse("staff:event_opinions", args=[demo, "lanthandeln-lysvik"]),
        reverse("staff:version_list", args=[demo]),
        reverse("staff:follow_up", args=[demo]),
        # The remiss's points and how each was handled, as worked on and as summed up.
        reverse("staff:consultation_detail", args=[demo, remiss]),
        reverse("staff:consultation_summary", args=[demo, remiss]),
        # The strategist's codebook: its key, name, definition and counts (563 to 613 px).
        reverse("staff:codebook", args=[demo]),
    ]
    for prefix in ("", "/en"):
        for path in pages:
            phone.goto(live_server.url + prefix + path)
            assert phone.locator("main tbody tr").count(), path
            assert [box for box in phone.evaluate(BOXES) if box["wide"]] == [], path
            results = Axe().run(phone, options=WCAG_21_AA)
            assert results.violations_count == 0, results.generate_report()


def test_a_form_sent_with_a_mistake_takes_the_reader_to_it_on_a_phone(live_server, demo, phone):
    """Found in a browser walk: on a phone, an event saved with a date after its start came
    back at the top of the page with nothing to see, the only message some 1,700 px below.
    A page that comes back with a mistake now puts the focus on the first field that has one,
    in view, so a screen reader reads its name and the message with it."""
    _log_in(phone, live_server)
    phone.goto(live_server.url + reverse("staff:event_create", args=[demo]))
    phone.locator("#id_title").fill("Byamöte i Lysvik")
    phone.locator("#id_kind").select_option("workshop")
    phone.locator("#id_starts_at").fill("2026-05-01T18:00")
    phone.locator("#id_announcement_date").fill("2026-06-01")
    phone.locator("main form button[type=submit]").last.tap()
    wrong = phone.locator("#id_announcement_date")
    expect(wrong).to_have_class(re.compile("is-invalid"))
    expect(wrong).to_be_focused()
    expect(wrong).to_be_in_viewport()
