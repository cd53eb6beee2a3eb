"""The municipality's own site, as a resident on a phone reads it in Swedish and English: its
name and logo at the top and no staff login in the way, the adopted strategy first on the
process's page, the person to ask, and the privacy notice from the footer. Every page passes
axe at phone and desktop width; the administrator's page for it too."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from dialogues.models import Process
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "ett-långt-lösenord"

WORDS = {
    "sv": {
        "decided": "Det här beslutades",
        "contact": "Frågor om dialogen",
        "footer": "Personuppgifter",
        "notice": "Personuppgifter i den här dialogen",
        "says": [
            "Kommunstyrelsen, Sunne kommun är personuppgiftsansvarig",
            "dataskyddsombud@sunne.se",
            "artikel 6.1 e",
            "publicerades återkopplingen den 15 november 2014",
            "senast 2 år efter att du lämnade den",
            "Integritetsskyddsmyndigheten",
            "registerutdrag",
        ],
        "login": "Logga in",
    },
    "en": {
        "decided": "What was decided",
        "contact": "Questions about this dialogue",
        "footer": "Personal data",
        "notice": "Personal data in this dialogue",
        "says": [
            "Kommunstyrelsen, Sunne kommun is responsible for your personal data",
            "dataskyddsombud@sunne.se",
            "article 6.1 e",
            "the feedback was published on 15 November 2014",
            "at the latest 2 years after you gave it",
            "Integritetsskyddsmyndigheten",
            "register extract",
        ],
        "login": "Log in",
    },
}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Process.objects.get(slug="sunne-vision-2025")


def axe_violations(page) -> str:
    page.emulate_media(reduced_motion="reduce")
    results = Axe().run(page, options=WCAG_21_AA)
    return results.generate_report() if results.violations_count else ""


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_resident_on_a_phone_reads_the_municipalitys_site(live_server, demo, phone, language):
    words = WORDS[language]
    prefix = "/en" if language == "en" else ""
    problems = {}
    phone.goto(live_server.url + prefix + reverse("public:process", args=[demo.slug]))

    # The municipality's name and logo at the top; no staff login in a resident's way.
    banner = phone.get_by_role("banner")
    expect(banner.get_by_role("link", name="Sunne kommun")).to_be_visible()
    logo = banner.locator("img.site-logo")
    expect(logo).to_be_visible()
    assert phone.evaluate("(img) => img.naturalWidth", logo.element_handle()) > 0
    assert words["login"] not in banner.inner_text()
    phone.get_by_role("button", name=re.compile("men", re.I)).tap()  # the menu, opened
    expect(banner.get_by_role("link", name=words["login"])).to_have_count(0)
    expect(banner.get_by_role("button", name=words["login"])).to_have_count(0)

    # The adopted strategy comes first: before what was asked and the meetings.
    headings = phone.locator("main h2").all_inner_texts()
    assert headings[0] == words["decided"], headings
    expect(phone.locator(".outcome-first blockquote.vision")).to_be_visible()

    # Whom to ask, on the process's own page.
    contact = phone.get_by_role("region", name=words["contact"])
    expect(contact).to_contain_text("Karin Lindqvist")
    expect(contact.get_by_role("link", name="karin.lindqvist@sunne.se")).to_be_visible()
    problems["process"] = axe_violations(phone)

    # The privacy notice, from the footer.
    footer = phone.get_by_role("contentinfo")
    expect(footer.get_by_role("link", name=re.compile("^" + words["login"]))).to_be_visible()
    footer.get_by_role("link", name=words["footer"], exact=True).tap()
    expect(phone.get_by_role("heading", level=1, name=words["notice"])).to_be_visible()
    notice = " ".join(phone.locator("main").inner_text().split())
    for said in words["says"]:
        assert said in notice, said
    problems["privacy"] = axe_violations(phone)
    width = phone.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], width
    assert not any(problems.values()), problems


def pages(demo) -> list[str]:
    slug = demo.slug
    return [
        reverse("home"),
        reverse("public:privacy"),
        reverse("public:process", args=[slug]),
        reverse("public:process_privacy", args=[slug]),
        reverse("public:outcome", args=[slug]),
        reverse("public:results", args=[slug]),
        reverse("public:process", args=["sunne-cykelvag"]),  # open: events with "ask us"
        "/dialog/finns-inte/",  # 404, with how to reach us
    ]


def test_every_page_of_the_site_passes_axe_on_a_phone_and_a_desktop(
    live_server, demo, phone, desktop
):
    problems = {}
    for page, width in ((phone, "phone"), (desktop, "desktop")):
        for path in pages(demo):
            for url in (path, "/en" + path):
                page.goto(live_server.url + url)
                report = axe_violations(page)
                if report:
                    problems[f"{url} ({width})"] = report
                if width == "phone":
                    size = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                    assert size[0] <= size[1], f"{url} is {size[0]} px wide on a phone"
    assert not problems, "\n\n".join(f"{url}\n{report}" for url, report in problems.items())


def test_the_administrators_page_for_the_site_passes_axe(live_server, demo, desktop):
    UserFactory(username="anna", password=PASSWORD, role="administrator")
    desktop.goto(live_server.url + reverse("login"))
    desktop.get_by_label("Användarnamn").fill("anna")
    desktop.get_by_label("Lösenord").fill(PASSWORD)
    desktop.get_by_role("button", name="Logga in").click()
    desktop.wait_for_url("**" + reverse("staff:process_list"))
    desktop.goto(live_server.url + reverse("staff:site_profile"))
    expect(desktop.get_by_label("Kommunens namn")).to_have_value("Sunne kommun")
    desktop.get_by_label("Färg").fill("#ffcc00")
    desktop.get_by_role("button", name="Spara").click()
    expect(desktop.get_by_text("har bara en kontrast på 1,5:1")).to_be_visible()
    assert not axe_violations(desktop)
