"""One resident's whole visit to the demo on a 375 px phone, in Swedish and in English, without
a break: the municipality's own site, the privacy notice from the footer, the contact of the
open dialogue, two opinions given online (one holding a phone number) and a receipt code, the
code looked up later to read their own words with the number masked, and the adopted Vision
2025 read outcome first. Every page on the way passes axe and fits the phone."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from dialogues.models import Process
from opinions.models import Opinion
from public import online

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE_NUMBER = "070-123 45 67"

WORDS = {
    "sv": {
        "prefix": "",
        "menu": "Meny",
        "login": "Logga in",
        "footer": "Personuppgifter",
        "notice": "Så hanterar vi personuppgifter",
        "notice_says": ["dataskyddsombud@sunne.se", "artikel 6.1 e", "IMY"],
        "contact": "Frågor om dialogen",
        "give": "Lämna din synpunkt här",
        "short_notice": "Dina personuppgifter",
        "consent": "Mina synpunkter får publiceras",
        "send": "Skicka synpunkterna",
        "follow": "Följ din synpunkt",
        "code": "Kvittokod",
        "show": "Visa",
        "mine": "Dina synpunkter",
        "masked": "[telefonnummer]",
        "waiting": "Väntar på granskning",
        "decided": "Det här beslutades",
    },
    "en": {
        "prefix": "/en",
        "menu": "Menu",
        "login": "Log in",
        "footer": "Personal data",
        "notice": "How we handle personal data",
        "notice_says": ["dataskyddsombud@sunne.se", "article 6.1 e", "IMY"],
        "contact": "Questions about this dialogue",
        "give": "Give your opinion here",
        "short_notice": "Your personal data",
        "consent": "My opinions may be published",
        "send": "Send the opinions",
        "follow": "Follow your opinion",
        "code": "Receipt code",
        "show": "Show",
        "mine": "Your opinions",
        "masked": "[phone number]",
        "waiting": "Waiting for review",
        "decided": "What was decided",
    },
}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Process.objects.get(slug="sunne-vision-2025")


class Walk:
    """The resident's phone, checking every page it comes to."""

    def __init__(self, page, language):
        self.page = page
        self.lang = language
        self.problems: dict[str, str] = {}

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == self.lang, page.url
        page.emulate_media(reduced_motion="reduce")
        results = Axe().run(page, options=WCAG_21_AA)
        if results.violations_count:
            self.problems[page.url] = results.generate_report()
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], f"{page.url} is {width[0]} px wide on a {width[1]} px phone"


def title(process: Process, language: str) -> str:
    return getattr(process, f"title_{language}") or process.title_sv


def question_labels(process: Process, language: str) -> list[str]:
    field = "text_en" if language == "en" else "text_sv"
    return [getattr(q, field) or q.text_sv for q in process.questions.order_by("order")]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_residents_whole_visit_on_a_phone(live_server, demo, phone, monkeypatch, language):
    monkeypatch.setattr(online, "MIN_SECONDS", 0)  # Playwright types faster than any resident
    words = WORDS[language]
    walk = Walk(phone, language)
    open_process = Process.objects.get(slug="sunne-cykelvag")

    # The municipality's own site: its name and logo, no staff login in the way.
    phone.goto(live_server.url + words["prefix"] + "/")
    banner = phone.get_by_role("banner")
    expect(banner.get_by_role("link", name="Sunne kommun")).to_be_visible()
    assert phone.evaluate("(i) => i.naturalWidth", banner.locator("img.site-logo").element_handle())
    banner.get_by_role("button", name=re.compile(words["menu"], re.I)).tap()
    expect(banner.get_by_role("link", name=words["login"])).to_have_count(0)
    walk.check()

    # The privacy notice, from the footer.
    phone.get_by_role("contentinfo").get_by_role("link", name=words["footer"], exact=True).tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text(words["notice"])
    notice = " ".join(phone.locator("main").inner_text().split())
    for said in words["notice_says"]:
        assert said in notice, said
    walk.check()

    # The open dialogue, from the front page: who to ask, and the way to take part online.
    phone.go_back()
    phone.get_by_role("link", name=title(open_process, language)).first.tap()
    contact = phone.get_by_role("region", name=words["contact"])
    expect(contact).to_contain_text(open_process.contact_name)
    expect(contact.get_by_role("link", name=open_process.contact_email)).to_be_visible()
    walk.check()
    phone.get_by_role("link", name=words["give"]).first.tap()

    # Two opinions, one holding a phone number; the short notice where the data is asked.
    first, second = question_labels(open_process, language)[:2]
    expect(phone.get_by_label(first)).to_be_visible()
    expect(phone.get_by_role("region", name=words["short_notice"])).to_be_visible()
    walk.check()
    phone.get_by_label(first).fill("Belysning längs hela sträckan.")
    phone.get_by_label(second).fill(f"Bänkar vid udden. Ring mig på {PHONE_NUMBER}.")
    phone.get_by_label(words["consent"]).check()
    phone.get_by_role("button", name=words["send"]).tap()
    code_box = phone.locator("#receipt-code")
    expect(code_box).to_be_visible()
    code = code_box.inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    assert Opinion.objects.filter(respondent__receipt_code=code, process=open_process).count() == 2
    walk.check()

    # Later, from the footer: the code shows their own words, the phone number masked.
    phone.goto(live_server.url + words["prefix"] + "/")
    phone.get_by_role("contentinfo").get_by_role("link", name=words["follow"]).tap()
    phone.get_by_label(words["code"]).fill(code.lower())
    phone.get_by_role("button", name=words["show"], exact=True).tap()
    expect(phone.get_by_role("heading", name=words["mine"], exact=True)).to_be_visible()
    expect(phone.get_by_text("Belysning längs hela sträckan.")).to_be_visible()
    masked = f"Bänkar vid udden. Ring mig på {words['masked']}."
    expect(phone.get_by_text(masked)).to_be_visible()
    assert PHONE_NUMBER not in phone.content()
    expect(phone.get_by_text(words["waiting"]).first).to_be_visible()
    walk.check()

    # The adopted vision, from the front page: what was decided comes first.
    phone.goto(live_server.url + words["prefix"] + "/")
    phone.get_by_role("link", name=title(demo, language)).first.tap()
    assert phone.locator("main h2").first.inner_text() == words["decided"]
    expect(phone.locator(".outcome-first blockquote.vision")).to_be_visible()
    walk.check()

    assert not walk.problems, "\n\n".join(f"{u}\n{r}" for u, r in walk.problems.items())
