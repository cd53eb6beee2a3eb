"""A facilitator's phone is ready for a day without network after one visit with it."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from dialogues.models import Process
from dialogues.services import process_move
from opinions.models import Opinion, Respondent
from tests.factories import DialogueEventFactory, OpinionFactory, ProcessFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-långt-lösenord"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
READY = "Klar att användas utan nät"
# What a page needs to show; a request the page makes itself (fetch) may fail offline.
PAGE_PARTS = {"document", "stylesheet", "script", "image", "font", "manifest"}


@pytest.fixture
def urls(live_server):
    facilitator = UserFactory(username="fredrik", password=PASSWORD, role="facilitator")
    process = ProcessFactory(slug="sunne", stage="dialogue_open")
    for slug, title in [("lysvik", "Lanthandeln i Lysvik"), ("rottneros", "Rottneros bibliotek")]:
        DialogueEventFactory(process=process, slug=slug, title=title).facilitators.add(facilitator)

    def entry(slug):
        return live_server.url + reverse(
            "staff:event_entry", kwargs={"slug": "sunne", "event_slug": slug}
        )

    return {
        "my_events": live_server.url + reverse("staff:my_events"),
        "lysvik": entry("lysvik"),
        "rottneros": entry("rottneros"),
    }


def log_in(page, live_server, landing: str):
    """Log in and land on `landing` (the address the login page sends on to)."""
    page.goto(live_server.url + reverse("login") + "?next=" + reverse(landing))
    page.get_by_label("Användarnamn").fill("fredrik")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**" + reverse(landing))


def register(page, text: str):
    page.get_by_label("Synpunkten, med deltagarens ord").fill(text)
    page.get_by_role("button", name="Spara synpunkt").tap()
    page.locator("#given-list li", has_text=text).wait_for()


def receipt_code(page) -> str:
    code = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", code), code
    return code


def register_at(page, event: str):
    """Open an event's entry page from My events."""
    page.get_by_role("link", name=re.compile(f"Registrera synpunkter.*{event}")).tap()
    page.get_by_role("heading", name=event).wait_for()


def to_my_events(page):
    page.get_by_role("button", name="Visa menyn").tap()
    page.get_by_role("link", name="Mina aktiviteter").tap()
    page.get_by_role("heading", name="Mina aktiviteter").wait_for()


def passes_axe_and_fits_a_phone(page):
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide on a phone"


def test_after_one_online_visit_a_facilitator_works_offline_between_two_events(
    live_server, urls, phone
):
    log_in(phone, live_server, "staff:my_events")  # the one visit with network
    expect(phone.locator("#offline-status")).to_have_text(READY)
    passes_axe_and_fits_a_phone(phone)

    phone.context.set_offline(True)
    failed = []
    phone.on(
        "requestfailed",
        lambda request: failed.append(request.url) if request.resource_type in PAGE_PARTS else 0,
    )
    # Found in a browser walk: every page offline asked the server for the list of pages to
    # keep, and the console showed the failure (ERR_INTERNET_DISCONNECTED) on each.
    errors = []
    phone.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else 0
    )
    assert phone.reload().from_service_worker
    expect(phone.locator("#offline-status")).to_have_text(READY)

    register_at(phone, "Lanthandeln i Lysvik")
    phone.get_by_text("Ingen uppkoppling").wait_for()
    lysvik_receipt = receipt_code(phone)
    register(phone, "Bussen till Lysvik går för sällan.")
    register(phone, "Lanthandeln behöver vara öppen på söndagar.")
    assert phone.locator("#waiting-count").inner_text() == "2"
    expect(phone.locator("#offline-status")).to_have_text(READY)
    passes_axe_and_fits_a_phone(phone)

    to_my_events(phone)
    # What waits is told beside its event.
    lysvik = phone.get_by_role("listitem").filter(has_text="Lanthandeln i Lysvik")
    expect(lysvik).to_contain_text("2 väntar på att skickas")
    passes_axe_and_fits_a_phone(phone)

    register_at(phone, "Rottneros bibliotek")
    rottneros_receipt = receipt_code(phone)
    register(phone, "Biblioteket borde ha öppet på kvällarna.")
    assert failed == []  # every page and everything it needs came from the phone
    assert errors == []
    assert not Opinion.objects.exists()

    phone.context.set_offline(False)  # back where the network is: everything goes, once
    phone.locator("#sent-count").filter(has_text="1").wait_for()
    for _ in range(50):
        if Opinion.objects.count() >= 3:
            break
        phone.wait_for_timeout(100)
    stored = {o.original_text: o.respondent.receipt_code for o in Opinion.objects.all()}
    assert stored == {
        "Bussen till Lysvik går för sällan.": lysvik_receipt,
        "Lanthandeln behöver vara öppen på söndagar.": lysvik_receipt,
        "Biblioteket borde ha öppet på kvällarna.": rottneros_receipt,
    }
    phone.goto(urls["lysvik"])  # nothing of Lysvik waits, and sending again stores nothing new
    phone.locator("#sent-count").filter(has_text="2").wait_for()
    assert phone.locator("#waiting-count").inner_text() == "0"
    with phone.expect_response(lambda response: response.url.endswith("/sync")) as resent:
        phone.get_by_role("button", name="Skicka allt från enheten igen").tap()
    assert resent.value.status == 200
    assert Opinion.objects.count() == 3
    assert Respondent.objects.count() == 2


def test_the_ready_sign_shows_only_when_every_page_is_kept(live_server, urls, phone):
    status = phone.locator("#offline-status")
    # The entry page of the second event cannot be fetched: the phone is not ready, and says so.
    phone.route(urls["rottneros"], lambda route: route.abort())
    log_in(phone, live_server, "staff:my_events")
    expect(status).to_have_text(re.compile("Inte klar att användas utan nät"))
    passes_axe_and_fits_a_phone(phone)

    # Next time it is slow: no sign while it is on its way, the sign once it is kept.
    held = []
    phone.unroute(urls["rottneros"])
    phone.route(
        urls["rottneros"],
        lambda route: (
            route.continue_() if route.request.resource_type == "document" else held.append(route)
        ),
    )
    phone.goto(urls["lysvik"])
    for _ in range(100):
        if held:
            break
        phone.wait_for_timeout(100)
    assert held, "the entry page of the second event was never asked for"
    phone.wait_for_timeout(500)
    expect(status).not_to_have_text(re.compile(READY))
    held[0].continue_()
    expect(status).to_have_text(READY)

    phone.context.set_offline(True)  # and it was true: the second event opens with no network
    phone.goto(urls["rottneros"])
    phone.get_by_role("heading", name="Rottneros bibliotek").wait_for()


def test_logging_out_forgets_the_pages_kept_for_offline(live_server, urls, phone):
    log_in(phone, live_server, "staff:my_events")
    expect(phone.locator("#offline-status")).to_have_text(READY)
    kept = "(url) => caches.match(url, {ignoreVary: true}).then((hit) => hit !== undefined)"
    assert phone.evaluate(kept, urls["rottneros"])
    phone.get_by_role("button", name="Visa menyn").tap()
    phone.locator("#account-menu").tap()  # the account's menu: who, language, logging out
    phone.get_by_role("button", name="Logga ut").tap()
    phone.wait_for_url(live_server.url + "/")
    for url in urls.values():
        assert phone.evaluate(kept, url) is False, url


def test_a_phone_whose_session_ran_out_keeps_no_ones_pages(live_server, urls, phone):
    log_in(phone, live_server, "staff:my_events")
    expect(phone.locator("#offline-status")).to_have_text(READY)
    phone.context.clear_cookies()  # the session is gone without anyone logging out
    phone.goto(live_server.url + reverse("login"))  # where the next user of the phone starts
    kept = "(url) => caches.match(url, {ignoreVary: true}).then((hit) => hit !== undefined)"
    for _ in range(50):
        if not any(phone.evaluate(kept, url) for url in urls.values()):
            break
        phone.wait_for_timeout(100)
    for url in urls.values():
        assert phone.evaluate(kept, url) is False, url


def test_what_was_registered_offline_is_sent_after_the_dialogue_closed(live_server, urls, phone):
    """Found in a browser walk: opinions a facilitator registered with no network stayed
    "waiting" for good once the administrator closed the dialogue before the phone was back
    online (every send refused), and the entry page that held them could no longer be opened.
    They are sent and stored; the page then says that nothing new can be registered."""
    log_in(phone, live_server, "staff:my_events")
    expect(phone.locator("#offline-status")).to_have_text(READY)
    phone.context.set_offline(True)
    register_at(phone, "Lanthandeln i Lysvik")
    register(phone, "Bussen till Lysvik går för sällan.")
    assert phone.locator("#waiting-count").inner_text() == "1"

    process = Process.objects.get(slug="sunne")
    OpinionFactory(process=process, original_text="Given online at another event.")
    administrator = UserFactory(username="anna", role="administrator")
    process_move(process=process, to_stage="analysis", moved_by=administrator)

    phone.context.set_offline(False)
    phone.goto(urls["lysvik"])
    phone.locator("#sent-count").filter(has_text="1").wait_for()
    assert phone.locator("#waiting-count").inner_text() == "0"
    assert Opinion.objects.filter(original_text="Bussen till Lysvik går för sällan.").exists()
    expect(phone.get_by_text("Dialogen är stängd")).to_be_visible()
    expect(phone.get_by_role("button", name="Spara synpunkt")).to_be_disabled()
    passes_axe_and_fits_a_phone(phone)
