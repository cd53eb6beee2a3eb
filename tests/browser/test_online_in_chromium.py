"""The online form's refusals and its closed page on a 375 px phone, through axe. The whole
visit (two opinions given online, the receipt looked up) is walked in
test_resident_walk_in_chromium.py."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from dialogues.models import DialogueEvent
from public import online
from tests.factories import (
    DialogueEventFactory,
    GuidingQuestionFactory,
    ProcessFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = "070-123 45 67"

WORDS = {
    "sv": {
        "prefix": "",
        "link": "Lämna din synpunkt här",
        "first": "Vad vill du att Sunne ska vara känt för?",
        "second": "Hur vill du att det ska se ut i Sunne?",
        "consent": "Mina synpunkter får publiceras",
        "age": "30–44",
        "send": "Skicka synpunkterna",
        "code": "Kvittokod",
        "show": "Visa",
        "mine": "Dina synpunkter",
        "masked": "[telefonnummer]",
        "waiting": "Väntar på granskning",
    },
    "en": {
        "prefix": "/en",
        "link": "Give your opinion here",
        "first": "What do you want Sunne to be known for?",
        "second": "What do you want Sunne to look like?",
        "consent": "My opinions may be published",
        "age": "30–44",
        "send": "Send the opinions",
        "code": "Receipt code",
        "show": "Show",
        "mine": "Your opinions",
        "masked": "[phone number]",
        "waiting": "Waiting for review",
    },
}


def assert_accessible_and_fits(page) -> None:
    page.emulate_media(reduced_motion="reduce")
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], f"{page.url} is {width[0]} px wide on a {width[1]} px phone"


def test_the_forms_refusals_and_its_closed_page_pass_axe_on_a_phone(
    live_server, phone, monkeypatch
):
    monkeypatch.setattr(online, "MIN_SECONDS", 600)  # however slow this machine, "too fast"
    process = ProcessFactory(slug="sunne", stage="dialogue_open", is_public=True)
    GuidingQuestionFactory(process=process, text=WORDS["sv"]["first"])
    DialogueEventFactory(process=process, slug="webben", kind=DialogueEvent.Kind.ONLINE)
    with translation.override("sv"):
        form_path = reverse("public:online", args=["sunne", "webben"])
    phone.goto(live_server.url + form_path)
    phone.get_by_role("button", name=WORDS["sv"]["send"]).tap()  # nothing written
    expect(phone.get_by_role("alert")).to_contain_text("Skriv minst en synpunkt.")
    assert_accessible_and_fits(phone)
    phone.get_by_label(WORDS["sv"]["first"]).fill("Fryken och kulturen.")
    phone.get_by_role("button", name=WORDS["sv"]["send"]).tap()  # at once: too fast
    expect(phone.get_by_role("alert")).to_contain_text("Det gick väldigt fort!")
    expect(phone.get_by_label(WORDS["sv"]["first"])).to_have_value("Fryken och kulturen.")
    assert_accessible_and_fits(phone)
    process.stage = "analysis"
    process.save(update_fields=["stage"])
    phone.goto(live_server.url + form_path)
    expect(
        phone.get_by_text("Den här dialogen tar inte emot synpunkter på webben nu.")
    ).to_be_visible()
    assert_accessible_and_fits(phone)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_what_a_resident_wrote_survives_a_lost_connection(
    live_server, phone, monkeypatch, language
):
    """Found in a browser walk: pressing Send with no network showed Chromium's error page, and
    the form, opened again, was empty: what the resident wrote was gone. Now the form says it
    is not connected and keeps the text; a send lost on the way gives the text back when the
    form is opened again in the tab; and once received, the form starts empty."""
    monkeypatch.setattr(online, "MIN_SECONDS", 0)
    said = {
        "sv": ("inte uppkopplad", "har inte kommit fram"),
        "en": ("not connected", "has not reached us"),
    }[language]
    words = WORDS[language]
    process = ProcessFactory(slug="sunne", stage="dialogue_open", is_public=True)
    GuidingQuestionFactory(process=process, text=WORDS["sv"]["first"], text_en=WORDS["en"]["first"])
    DialogueEventFactory(process=process, slug="webben", kind=DialogueEvent.Kind.ONLINE)
    with translation.override(language):
        form_url = live_server.url + reverse("public:online", args=["sunne", "webben"])
    answer = phone.get_by_label(words["first"])
    send = phone.get_by_role("button", name=words["send"])

    phone.goto(form_url)
    answer.fill("Fryken och kulturen.")
    phone.context.set_offline(True)
    send.tap()
    expect(phone.get_by_role("alert")).to_contain_text(said[0])
    expect(answer).to_have_value("Fryken och kulturen.")
    assert_accessible_and_fits(phone)
    phone.context.set_offline(False)

    # The connection drops while the form is on its way: the browser shows its error page.
    phone.route(
        "**/tyck-till/**",
        lambda route: (
            route.abort("internetdisconnected")
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    with phone.expect_event("requestfailed"):
        send.tap()
    phone.unroute("**/tyck-till/**")
    phone.goto(form_url)
    expect(answer).to_have_value("Fryken och kulturen.")
    expect(phone.get_by_role("status")).to_contain_text(said[1])
    assert_accessible_and_fits(phone)

    send.tap()
    expect(phone.get_by_role("heading", name=words["mine"])).to_be_visible()  # the receipt
    phone.goto(form_url)
    expect(answer).to_have_value("")
