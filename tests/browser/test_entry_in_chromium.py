"""A facilitator registers opinions on a phone, with and without network."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from opinions.models import Opinion, Respondent
from tests.factories import (
    AreaFactory,
    DialogueEventFactory,
    GuidingQuestionFactory,
    ProcessFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-långt-lösenord"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def entry_url(live_server):
    facilitator = UserFactory(username="fredrik", password=PASSWORD, role="facilitator")
    process = ProcessFactory(slug="sunne", stage="dialogue_open")
    GuidingQuestionFactory(process=process, text="Vad vill du att Sunne ska vara känt för?")
    GuidingQuestionFactory(process=process, text="Hur vill du att det ska se ut i Sunne?")
    AreaFactory(process=process, name="Lysvik")
    event = DialogueEventFactory(process=process, slug="lysvik", title="Lanthandeln i Lysvik")
    event.facilitators.add(facilitator)
    return live_server.url + reverse(
        "staff:event_entry", kwargs={"slug": "sunne", "event_slug": "lysvik"}
    )


def log_in(page, live_server):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn").fill("fredrik")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**" + reverse("staff:my_events"))


def controlled_by_service_worker(page) -> None:
    """Wait until the service worker controls the page (polled from here: the page's CSP
    forbids the eval that wait_for_function would use)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for attempt in range(2):
        for _ in range(100):
            if page.evaluate("navigator.serviceWorker.controller !== null"):
                return
            page.wait_for_timeout(100)
        # Once in a loaded CI run the worker was active (ready) but had not claimed a page
        # opened while it activated; a page loaded after that is always controlled (what
        # test_offline_in_chromium.py holds to from the first visit is the pages kept).
        if attempt == 0:
            page.reload()
    raise AssertionError("the service worker never took control of the page")


def show_log_out(page):
    """Open the header's menu (on a phone) and the account's menu, unless they are open.

    Each tap waits for the menu it opened to have finished opening, as a person's next tap
    does: once in a loaded CI run the tap meant for the account's menu landed on 'Organ' above
    it while the header's menu was still sliding open (and, offline, on Chromium's error page).
    """
    button = page.get_by_role("button", name="Logga ut")
    if button.is_visible():
        return button
    if (
        page.get_by_role("button", name="Visa menyn").is_visible()
        and not page.locator("#account-menu").is_visible()
    ):
        page.get_by_role("button", name="Visa menyn").tap()
        page.locator("#main-nav.show:not(.collapsing)").wait_for()  # Bootstrap's: opened
    page.locator("#account-menu").tap()
    page.locator(".account-menu.show").wait_for()
    button.wait_for()
    return button


def receipt_code(page) -> str:
    code = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", code), code
    return code


def register(page, text: str):
    page.get_by_label("Synpunkten, med deltagarens ord").fill(text)
    page.get_by_role("button", name="Spara synpunkt").tap()
    # Saved on the device: listed under the respondent, and the field is empty for the next.
    page.locator("#given-list li", has_text=text).wait_for()
    assert page.get_by_text("Sparad. Skriv nästa synpunkt.").is_visible()
    assert page.get_by_label("Synpunkten, med deltagarens ord").input_value() == ""


def test_three_opinions_for_two_respondents_with_their_receipt_codes(live_server, entry_url, phone):
    log_in(phone, live_server)
    phone.goto(entry_url)
    first = receipt_code(phone)
    assert phone.locator("#receipt-qr svg path").count() == 1  # the QR code is drawn

    phone.get_by_text("Profil (valfri)").tap()
    phone.get_by_text("30–44").tap()
    phone.get_by_text("vill ej ange").tap()
    phone.get_by_label("Kommundel").select_option(label="Lysvik")
    register(phone, "Bättre bussar till Lysvik.")
    phone.get_by_label("Hur vill du att det ska se ut i Sunne?").check()
    register(phone, "Behåll lanthandeln öppen året runt.")

    phone.get_by_role("button", name="Ny deltagare").tap()
    second = receipt_code(phone)
    assert second != first
    phone.get_by_label("Deltagaren godkänner att synpunkten publiceras").check()
    register(phone, "Fler jobb för unga som vill stanna.")

    phone.locator("#sent-count").filter(has_text="3").wait_for()
    assert phone.locator("#waiting-count").inner_text() == "0"
    respondents = {r.receipt_code: r for r in Respondent.objects.all()}
    assert set(respondents) == {first, second}
    assert respondents[first].age_band == "30-44"
    assert respondents[first].gender == "not_said"
    assert respondents[first].area.name == "Lysvik"
    texts = lambda r: sorted(r.opinions.values_list("original_text", flat=True))  # noqa: E731
    assert texts(respondents[first]) == [
        "Behåll lanthandeln öppen året runt.",
        "Bättre bussar till Lysvik.",
    ]
    assert texts(respondents[second]) == ["Fler jobb för unga som vill stanna."]
    assert Opinion.objects.get(respondent=respondents[second]).consent_to_publish
    assert (
        Opinion.objects.get(original_text="Behåll lanthandeln öppen året runt.").question.text
        == "Hur vill du att det ska se ut i Sunne?"
    )
    results = Axe().run(phone, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_offline_opinions_survive_a_reload_and_arrive_once(live_server, entry_url, phone):
    log_in(phone, live_server)
    phone.goto(entry_url)
    controlled_by_service_worker(phone)
    phone.reload()  # now through the service worker, which keeps a copy of the page

    phone.context.set_offline(True)
    phone.get_by_text("Ingen uppkoppling").wait_for()

    texts = [f"Synpunkt utan nät nummer {n}." for n in range(1, 6)]
    for text in texts:
        register(phone, text)
    assert phone.locator("#waiting-count").inner_text() == "5"
    assert not Opinion.objects.exists()

    response = phone.reload()  # still offline: the page comes from the service worker's cache
    assert response.from_service_worker
    phone.locator("#waiting-count").filter(has_text="5").wait_for()
    assert not Opinion.objects.exists()

    phone.context.set_offline(False)
    phone.locator("#sent-count").filter(has_text="5").wait_for()
    # Stored in the order they were registered (they came in the order the device kept them,
    # by random id, and the workbench's "as registered" walked them out of order).
    assert list(Opinion.objects.order_by("pk").values_list("original_text", flat=True)) == texts

    # Wait for the server's answer itself: the counts read the same before and after.
    with phone.expect_response(lambda response: response.url.endswith("/sync")) as resent:
        phone.get_by_role("button", name="Skicka allt från enheten igen").tap()
    assert resent.value.status == 200
    assert Opinion.objects.count() == 5
    assert Respondent.objects.count() == 1


def test_an_opinion_the_server_refuses_stays_on_the_phone_with_the_reason(
    live_server, entry_url, phone
):
    from dialogues.models import GuidingQuestion

    log_in(phone, live_server)
    phone.goto(entry_url)
    phone.context.set_offline(True)
    phone.get_by_label("Hur vill du att det ska se ut i Sunne?").check()
    register(phone, "En synpunkt på en fråga som sedan togs bort.")
    # Meanwhile the administrator removes that question.
    GuidingQuestion.objects.get(text="Hur vill du att det ska se ut i Sunne?").delete()
    phone.context.set_offline(False)
    refused = phone.locator("#rejected-list .rejected-what")
    refused.wait_for()
    assert refused.inner_text() == (
        "En synpunkt på en fråga som sedan togs bort.: "
        "Frågan hör inte till den här processens frågor."
    )
    assert not Opinion.objects.exists()
    phone.reload()  # still there, still with its reason
    phone.locator("#rejected-list li").wait_for()
    assert "Frågan hör inte till" in phone.locator("#rejected-list").inner_text()
    # Thrown away on purpose, after a question: gone from the phone, never on the server.
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Släng den").tap()
    expect(phone.locator("#rejected")).to_be_hidden()
    assert not Opinion.objects.exists()


def test_a_refused_opinion_can_be_corrected_on_the_phone_and_sent_again(
    live_server, entry_url, phone
):
    from dialogues.models import GuidingQuestion

    log_in(phone, live_server)
    phone.goto(entry_url)
    phone.context.set_offline(True)
    phone.get_by_label("Hur vill du att det ska se ut i Sunne?").check()
    register(phone, "Fler bänkar vid sjön")
    GuidingQuestion.objects.get(text="Hur vill du att det ska se ut i Sunne?").delete()
    phone.context.set_offline(False)
    phone.locator("#rejected-list .rejected-what").wait_for()
    phone.get_by_label("Synpunkten, rättad").fill("Fler bänkar vid sjön, gärna med bord")
    phone.get_by_label("Utan frågan (och sessionen)").check()
    with phone.expect_response(lambda r: r.url.endswith("/sync")) as sent:
        phone.get_by_role("button", name="Skicka den rättad").tap()
    assert sent.value.status == 200
    expect(phone.locator("#rejected")).to_be_hidden()
    stored = Opinion.objects.get()
    assert (stored.original_text, stored.question) == ("Fler bänkar vid sjön, gärna med bord", None)


def test_the_next_facilitator_on_a_shared_phone_sees_nothing_of_the_one_before(
    live_server, entry_url, phone
):
    from dialogues.models import DialogueEvent

    log_in(phone, live_server)
    phone.goto(entry_url)
    phone.context.set_offline(True)
    register(phone, "Något som väntar på fredriks telefon.")
    phone.context.set_offline(False)
    phone.locator("#sent-count").filter(has_text="1").wait_for()

    other = UserFactory(username="kim", password=PASSWORD, role="facilitator")
    DialogueEvent.objects.get(slug="lysvik").facilitators.add(other)
    phone.goto(live_server.url + reverse("login"))
    phone.context.clear_cookies()
    phone.goto(live_server.url + reverse("login"))
    phone.get_by_label("Användarnamn").fill("kim")
    phone.get_by_label("Lösenord").fill(PASSWORD)
    phone.get_by_role("button", name="Logga in").click()
    phone.wait_for_url("**" + reverse("staff:my_events"))
    phone.goto(entry_url)
    phone.locator("#receipt-code").wait_for()
    assert phone.locator("#sent-count").inner_text() == "0"
    assert phone.locator("#waiting-count").inner_text() == "0"


def test_logging_out_warns_of_unsent_opinions_and_forgets_the_offline_page(
    live_server, entry_url, phone
):
    log_in(phone, live_server)
    phone.goto(entry_url)
    controlled_by_service_worker(phone)
    phone.reload()  # the service worker keeps a copy of the page
    assert phone.evaluate(f"caches.match({entry_url!r}).then((hit) => hit !== undefined)")
    phone.context.set_offline(True)
    register(phone, "Inte skickad än.")  # and it stays unsent: the phone is offline

    # Found in a second browser walk: logging out offline dropped the page's offline copy, then
    # failed (Chromium's error page), and left the user logged in. Offline it now says why not.
    told = []
    phone.once("dialog", lambda dialog: (told.append(dialog.message), dialog.accept()))
    show_log_out(phone).tap()
    assert told == [
        "Utloggningen behöver nätet. Logga ut när du är uppkopplad igen; till dess finns dina "
        "sidor och synpunkterna kvar på enheten."
    ]
    assert "/entry/" in phone.url  # still here, still logged in, the copy kept
    assert phone.evaluate(f"caches.match({entry_url!r}).then((hit) => hit !== undefined)")

    phone.route("**/sync", lambda route: route.abort("internetdisconnected"))
    phone.context.set_offline(False)  # online, but the opinion cannot be sent yet
    phone.locator("#network-status").filter(has_text="Servern nås inte").wait_for()
    with phone.expect_event("dialog") as asked:
        show_log_out(phone).tap()
    assert asked.value.message == (
        "Synpunkter på enheten har inte skickats än. De väntar här tills du loggar in igen. "
        "Logga ut ändå?"
    )
    asked.value.dismiss()
    assert "/entry/" in phone.url  # still here, still logged in

    phone.unroute("**/sync")
    phone.get_by_role("button", name="Skicka allt från enheten igen").tap()
    phone.locator("#sent-count").filter(has_text="1").wait_for()  # then nothing to warn of
    show_log_out(phone).tap()
    phone.wait_for_url(live_server.url + "/")
    cached = f"caches.match({entry_url!r}).then((hit) => hit !== undefined)"
    assert phone.evaluate(cached) is False  # the offline copy of the page is gone
    assert Opinion.objects.get().original_text == "Inte skickad än."


def test_a_profile_chosen_after_the_first_opinion_is_not_dropped_in_silence(
    live_server, entry_url, phone
):
    """Found in a browser walk: the profile goes with the respondent's first opinion, and an
    age chosen after that opinion was sent was dropped without a word. Chosen while the first
    opinion still waits (offline), it now goes with it; once sent, the profile can no longer
    be changed here, and the page says so."""
    log_in(phone, live_server)
    phone.goto(entry_url)
    controlled_by_service_worker(phone)
    phone.context.set_offline(True)
    register(phone, "Bättre bussar till Lysvik.")
    phone.get_by_text("Profil (valfri)").tap()
    phone.get_by_text("30–44").tap()  # after the opinion, before it is sent
    phone.context.set_offline(False)
    phone.locator("#sent-count").filter(has_text="1").wait_for()
    assert Respondent.objects.get().age_band == "30-44"

    note = phone.locator("#profile-sent")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Profilen skickades med deltagarens första synpunkt")
    expect(phone.get_by_label("45–64")).to_be_disabled()
    phone.get_by_role("button", name="Ny deltagare").tap()
    expect(phone.get_by_label("45–64")).to_be_enabled()
    expect(note).to_be_hidden()


def test_the_profile_cannot_change_while_it_is_on_its_way(live_server, entry_url, phone):
    """Found in a browser walk: an age chosen while the first opinion (and the profile with it)
    was on its way showed as chosen, but the send's answer stored the profile as it was when
    it left, and locked it. The screen said 30–44; the server had none. While the profile is
    on its way it cannot be changed, and what the screen shows is what the server has."""
    log_in(phone, live_server)
    held = []
    # Held until the test lets it go; on the context and before the page loads, so that no
    # sender escapes it (set after the load, a loaded CI run's send once went past it).
    phone.context.route("**/sync", lambda route: held.append(route))
    phone.goto(entry_url)
    phone.get_by_text("Profil (valfri)").tap()
    register(phone, "Bättre bussar till Lysvik.")
    for _ in range(200):  # at most 10 s: a send that never comes fails here, not hangs CI
        if held:
            break
        phone.wait_for_timeout(50)
    assert held, "the opinion was not sent"
    expect(phone.get_by_label("30–44")).to_be_disabled()  # on its way
    expect(phone.get_by_label("30–44")).not_to_be_checked()
    held[0].continue_()
    phone.locator("#sent-count").filter(has_text="1").wait_for()
    expect(phone.get_by_label("30–44")).not_to_be_checked()
    assert Respondent.objects.get().age_band == ""


def test_an_opinion_saved_while_another_is_being_sent_follows_it_at_once(
    live_server, entry_url, phone
):
    """Found in a browser walk on a slow network: an opinion saved while a send was under way
    waited for the 30-second timer. It now goes as soon as that send is answered."""
    log_in(phone, live_server)
    phone.goto(entry_url)
    controlled_by_service_worker(phone)  # before the route: see the test after the next

    def slow(route):
        phone.wait_for_timeout(1500)
        route.continue_()

    phone.route("**/sync", slow)
    register(phone, "Första synpunkten.")
    register(phone, "Andra synpunkten, medan den första skickas.")
    phone.locator("#sent-count").filter(has_text="2").wait_for(timeout=10000)
    assert Opinion.objects.count() == 2


def test_a_reload_keeps_the_respondent_and_the_receipt_code_handed_over(
    live_server, entry_url, phone
):
    """Found in a browser walk: a reload of the entry page started a new respondent, so a
    participant already handed the first receipt code had the next opinions under another."""
    log_in(phone, live_server)
    phone.goto(entry_url)
    code = receipt_code(phone)
    phone.get_by_text("Profil (valfri)").tap()
    phone.get_by_text("30–44").tap()
    register(phone, "Bättre bussar till Lysvik.")
    phone.locator("#sent-count").filter(has_text="1").wait_for()
    phone.reload()
    assert receipt_code(phone) == code
    expect(phone.locator("#given-list")).to_contain_text("Bättre bussar till Lysvik.")
    expect(phone.get_by_label("30–44")).to_be_checked()
    register(phone, "Behåll lanthandeln öppen.")
    phone.locator("#sent-count").filter(has_text="2").wait_for()
    assert Respondent.objects.get().opinions.count() == 2

    phone.get_by_role("button", name="Ny deltagare").tap()
    phone.reload()
    assert receipt_code(phone) != code  # the next respondent's, kept as well


def test_a_send_that_cannot_reach_the_server_says_so_and_goes_later(live_server, entry_url, phone):
    """Found in a browser walk: on a Wi-Fi without internet the badge said "Uppkopplad" while
    every send failed, and nothing on the page said that the opinions had not gone. The phone
    believes it is online (navigator.onLine); only the send itself can tell."""
    log_in(phone, live_server)
    phone.goto(entry_url)
    # The service worker first, then the stand-in: in a loaded CI run, with the route set on a
    # page the worker did not control yet, the first send reached the server past it.
    controlled_by_service_worker(phone)
    phone.route("**/sync", lambda route: route.fulfill(status=502, body="Bad Gateway"))
    phone.get_by_label("Synpunkten, med deltagarens ord").fill("Fler bussar till Lysvik.")
    phone.get_by_role("button", name="Spara synpunkt").tap()
    expect(phone.locator("#given-list")).to_contain_text("Fler bussar till Lysvik. (Väntar")
    expect(phone.locator("#network-status")).to_have_text(
        "Servern tar inte emot synpunkter just nu: de sparas på enheten"
    )

    phone.unroute("**/sync")
    phone.route("**/sync", lambda route: route.abort("internetdisconnected"))
    phone.get_by_role("button", name="Skicka allt från enheten igen").tap()
    expect(phone.locator("#network-status")).to_have_text(
        "Servern nås inte: synpunkterna sparas på enheten"
    )
    expect(phone.locator("#entry-message")).to_contain_text("skickas när servern nås igen")
    expect(phone.locator("#waiting-count")).to_have_text("1")
    assert Opinion.objects.count() == 0

    phone.unroute("**/sync")
    phone.get_by_role("button", name="Skicka allt från enheten igen").tap()
    phone.locator("#sent-count").filter(has_text="1").wait_for()
    expect(phone.locator("#network-status")).to_have_text("Uppkopplad")
    # The warning goes once the opinions are sent (it stayed, in a second walk).
    expect(phone.locator("#entry-message")).to_have_text(
        "Synpunkterna som väntade på enheten är skickade."
    )
    assert Opinion.objects.count() == 1


def test_a_day_of_opinions_too_large_for_one_request_goes_in_parts(
    live_server, entry_url, phone, settings
):
    """Found by trying the sync with a large batch: a phone that kept more than the server
    takes in one request (2.5 MB; here made 20 kB) sent it all at once, was refused (400) and
    tried the same again every 30 seconds, for ever: none of it ever arrived. It is now sent
    in parts the server takes, each stored once by its id."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    log_in(phone, live_server)
    phone.goto(entry_url)
    controlled_by_service_worker(phone)  # before the route, as above
    phone.route("**/sync", lambda route: route.abort("internetdisconnected"))
    texts = [
        (f"Synpunkt {number}: " + "lång text om bussarna till Lysvik " * 120).strip()
        for number in range(6)
    ]
    for words in texts:
        phone.get_by_label("Synpunkten, med deltagarens ord").fill(words)
        phone.get_by_role("button", name="Spara synpunkt").tap()
        expect(phone.locator("#given-list")).to_contain_text(words[:12])
    assert sum(len(words.encode()) for words in texts) > 20_000

    phone.unroute("**/sync")
    phone.get_by_role("button", name="Skicka allt från enheten igen").tap()
    phone.locator("#sent-count").filter(has_text="6").wait_for()
    assert sorted(Opinion.objects.values_list("original_text", flat=True)) == sorted(texts)
    expect(phone.locator("#network-status")).to_have_text("Uppkopplad")
