"""A resident takes part online on a 375 px phone, in Swedish and in English: from the process
page to the online form, two opinions (one holding a phone number), a receipt code, and the
code looked up to see their own words, the phone number masked. axe on every page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from dialogues.models import DialogueEvent
from opinions.models import Opinion
from public import online
from tests.factories import (
    AreaFactory,
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


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_resident_gives_two_opinions_online_and_finds_them_by_the_receipt(
    live_server, phone, monkeypatch, language
):
    # The time-to-fill check is tried in tests/public/test_online_opinions.py; Playwright
    # types faster than any resident.
    monkeypatch.setattr(online, "MIN_SECONDS", 0)
    words = WORDS[language]
    process = ProcessFactory(
        slug="sunne", title="Vision 2025", stage="dialogue_open", is_public=True
    )
    GuidingQuestionFactory(
        process=process, text=WORDS["sv"]["first"], text_en=WORDS["en"]["first"], order=1
    )
    GuidingQuestionFactory(
        process=process, text=WORDS["sv"]["second"], text_en=WORDS["en"]["second"], order=2
    )
    AreaFactory(process=process, name="Lysvik")
    DialogueEventFactory(
        process=process, slug="webben", kind=DialogueEvent.Kind.ONLINE, title="Tyck till på webben"
    )
    prefix = live_server.url + words["prefix"]
    with translation.override("sv"):
        process_path = reverse("public:process", args=["sunne"])
        lookup_path = reverse("public:receipt_lookup")

    # The process page invites the resident to the form.
    phone.goto(prefix + process_path)
    assert_accessible_and_fits(phone)
    phone.get_by_role("link", name=words["link"]).first.tap()
    expect(phone.get_by_label(words["first"])).to_be_visible()
    assert_accessible_and_fits(phone)

    # Two opinions, a profile, consent.
    phone.get_by_label(words["first"]).fill("Fryken och kulturen.")
    phone.get_by_label(words["second"]).fill(f"Fler cykelvägar. Ring mig på {PHONE}.")
    phone.locator("summary").first.tap()
    phone.get_by_text(words["age"], exact=True).tap()
    phone.get_by_label(words["consent"]).check()
    phone.get_by_role("button", name=words["send"]).tap()

    # The receipt code, shown once the opinions are stored.
    code_box = phone.locator("#receipt-code")
    expect(code_box).to_be_visible()
    code = code_box.inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    assert Opinion.objects.filter(respondent__receipt_code=code).count() == 2
    assert_accessible_and_fits(phone)

    # Later: the code typed on the receipt page shows their own words, the phone number masked.
    phone.goto(prefix + lookup_path)
    phone.get_by_label(words["code"]).fill(code.lower())
    phone.get_by_role("button", name=words["show"], exact=True).tap()
    expect(phone.get_by_role("heading", name=words["mine"], exact=True)).to_be_visible()
    expect(phone.get_by_text("Fryken och kulturen.")).to_be_visible()
    expect(phone.get_by_text(f"Fler cykelvägar. Ring mig på {words['masked']}.")).to_be_visible()
    assert PHONE not in phone.content()
    expect(phone.get_by_text(words["waiting"]).first).to_be_visible()
    assert_accessible_and_fits(phone)


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
