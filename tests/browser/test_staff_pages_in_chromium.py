"""What a person sees in a real browser: on a phone, by keyboard, and as axe-core checks it."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from dialogues.models import DialogueEvent
from opinions.services.records import opinion_correct
from tests.factories import (
    DialogueEventFactory,
    GuidingQuestionFactory,
    MandateFactory,
    OpenSpaceSessionFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "ett-långt-lösenord"


@pytest.fixture
def world(db):
    UserFactory(username="anna", first_name="Anna", password=PASSWORD, role="administrator")
    process = ProcessFactory(slug="vision-2025", title="Vision 2025", is_public=True)
    MandateFactory(process=process)
    GuidingQuestionFactory(process=process, text="Vad vill du att Sunne ska vara känt för?")
    event = DialogueEventFactory(
        process=process, slug="open-space", title="Open Space", kind=DialogueEvent.Kind.OPEN_SPACE
    )
    OpenSpaceSessionFactory(event=event, topic="Ett levande centrum")
    respondent = RespondentFactory(process=process, receipt_code="K7M2P9QX")
    opinion = OpinionFactory(
        process=process,
        event=event,
        respondent=respondent,
        original_text="Fler bussar.",
        recorded_by=UserFactory(username="kim"),
    )
    opinion_correct(
        opinion=opinion, text="Fler bussar till byarna.", corrected_by=opinion.recorded_by
    )
    # For the publication review: a hit marked by the screen.
    OpinionFactory(
        process=process,
        event=event,
        consent_to_publish=True,
        original_text="Ring mig på 070-123 45 67 om bussarna.",
        recorded_by=opinion.recorded_by,
    )
    process.opinion = opinion
    return process


def log_in(page, live_server, username="anna"):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**" + reverse("staff:process_list"))


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_on_a_phone_the_dashboard_fits_and_the_menu_opens(live_server, world, phone):
    log_in(phone, live_server)
    phone.goto(live_server.url + reverse("staff:process_detail", kwargs={"slug": world.slug}))
    assert phone.get_by_role("heading", name="Vision 2025", level=1).is_visible()
    assert phone.locator("li[aria-current=step]").inner_text().startswith("Planering")
    assert phone.get_by_text("Skriv i spelreglerna vad som går att påverka.").is_visible()
    assert fits_the_screen(phone)

    processes_link = phone.locator("#main-nav").get_by_role("link", name="Processer", exact=True)
    assert not processes_link.is_visible()  # folded away behind the menu button
    phone.get_by_role("button", name="Visa menyn").tap()
    processes_link.wait_for(state="visible")

    for name in ["staff:question_list", "staff:event_list", "staff:event_create"]:
        phone.goto(live_server.url + reverse(name, kwargs={"slug": world.slug}))
        assert fits_the_screen(phone), name


def test_the_skip_link_is_the_first_stop_for_the_keyboard(live_server, world, desktop):
    desktop.goto(live_server.url + reverse("home"))
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till innehållet"


def test_the_staff_pages_pass_axe_for_wcag_2_1_aa(live_server, world, desktop):
    log_in(desktop, live_server)
    pages = [
        reverse("home"),
        reverse("staff:process_list"),
        reverse("staff:process_detail", kwargs={"slug": world.slug}),
        reverse("staff:process_edit", kwargs={"slug": world.slug}),
        reverse("staff:mandate_edit", kwargs={"slug": world.slug}),
        reverse("staff:question_list", kwargs={"slug": world.slug}),
        reverse("staff:event_list", kwargs={"slug": world.slug}),
        reverse("staff:event_create", kwargs={"slug": world.slug}),
        reverse("staff:event_detail", kwargs={"slug": world.slug, "event_slug": "open-space"}),
        reverse("staff:body_list"),
        reverse("staff:my_events"),
        reverse("staff:event_opinions", kwargs={"slug": world.slug, "event_slug": "open-space"}),
        reverse("staff:opinion_detail", kwargs={"pk": world.opinion.pk}),
        reverse("staff:opinion_correct", kwargs={"pk": world.opinion.pk}),
        reverse("staff:event_report", kwargs={"slug": world.slug, "event_slug": "open-space"}),
        reverse("staff:opinion_import", kwargs={"slug": world.slug}),
        reverse("staff:publication_review", kwargs={"slug": world.slug}),
        reverse("public:receipt", kwargs={"code": "K7M2P9QX"}),
        "/en" + reverse("staff:process_detail", kwargs={"slug": world.slug}),
    ]
    axe = Axe()
    problems = {}
    for path in pages:
        desktop.goto(live_server.url + path)
        results = axe.run(desktop, options=WCAG_21_AA)
        if results.violations_count:
            problems[path] = results.generate_report()
    # A form refused with errors must be accessible too.
    desktop.goto(live_server.url + reverse("staff:process_create"))
    desktop.get_by_role("button", name="Spara").click()
    assert desktop.get_by_text("Detta fält måste fyllas i.").first.is_visible()
    results = axe.run(desktop, options=WCAG_21_AA)
    if results.violations_count:
        problems["process_create with errors"] = results.generate_report()
    # The import preview, with a problem shown.
    desktop.goto(live_server.url + reverse("staff:opinion_import", kwargs={"slug": world.slug}))
    desktop.locator("#id_file").set_input_files(
        files=[
            {
                "name": "a.csv",
                "mimeType": "text/csv",
                "buffer": "Synpunkt,Ålder\nFler bussar,30-40\n".encode(),
            }
        ]
    )
    desktop.get_by_role("button", name="Läs filen").click()
    desktop.get_by_text("inte något av").wait_for()
    results = axe.run(desktop, options=WCAG_21_AA)
    if results.violations_count:
        problems["import preview"] = results.generate_report()
    assert problems == {}
