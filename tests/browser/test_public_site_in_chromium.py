"""The residents' side in a real browser: a receipt code followed from the shop to the
adopted goals, every public page of the demo through axe in Swedish and English, the keyboard
alone reaching every link and control, an opinion's markup never run, and the brochure
printed by Chromium on two to four A4 pages."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from dialogues.models import DialogueEvent, Process
from opinions.models import FinalCoding, Opinion, Respondent
from opinions.services.publication import publication_review
from opinions.services.records import opinion_register
from tests.factories import (
    CategoryFactory,
    DecisionFactory,
    DialogueEventFactory,
    GuidingQuestionFactory,
    ProcessFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-långt-lösenord"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_a_receipt_code_followed_from_the_shop_to_the_adopted_goals(live_server, phone, desktop):
    facilitator = UserFactory(username="fredrik", password=PASSWORD, role="facilitator")
    process = ProcessFactory(
        slug="sunne", title="Vision 2025", stage="dialogue_open", is_public=True
    )
    GuidingQuestionFactory(process=process, text="Hur vill du att det ska se ut i Sunne?")
    event = DialogueEventFactory(process=process, slug="lysvik", title="Lanthandeln i Lysvik")
    event.facilitators.add(facilitator)

    # In the shop: the facilitator registers the opinion on a phone and shows the receipt.
    phone.goto(live_server.url + reverse("login"))
    phone.get_by_label("Användarnamn").fill("fredrik")
    phone.get_by_label("Lösenord").fill(PASSWORD)
    phone.get_by_role("button", name="Logga in").click()
    phone.wait_for_url("**" + reverse("staff:my_events"))
    phone.goto(
        live_server.url
        + reverse("staff:event_entry", kwargs={"slug": "sunne", "event_slug": "lysvik"})
    )
    code = phone.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    phone.get_by_label("Deltagaren godkänner att synpunkten publiceras").check()
    phone.get_by_label("Synpunkten, med deltagarens ord").fill("Cykelväg mellan byarna och Sunne.")
    phone.get_by_role("button", name="Spara synpunkt").tap()
    phone.locator("#sent-count").filter(has_text="1").wait_for()
    opinion = Opinion.objects.get(respondent__receipt_code=code)

    # At the desk: coded, reviewed, woven into a goal, adopted by the council.
    strategist = UserFactory(role="strategist")
    category = CategoryFactory(process=process, name="Kommunikationer och vägar")
    FinalCoding.objects.create(opinion=opinion, category=category, decided_by=strategist)
    publication_review(
        opinion=opinion,
        reviewer=strategist,
        approve=True,
        published_text="Cykelväg mellan byarna och Sunne.",
    )
    strategy = StrategyFactory(process=process, vision="Sunne är platsen där modet växer.")
    goal = strategy.goals.create(title="Livet i Sunne är enkelt")
    goal.categories.add(category)
    DecisionFactory(strategy=strategy)
    Process.objects.filter(pk=process.pk).update(stage="adopted")

    # At home, months later: the resident types the code from the receipt.
    desktop.goto(live_server.url + reverse("home"))
    desktop.get_by_role("link", name="Följ den med koden på ditt kvitto.").click()
    desktop.get_by_label("Kvittokod").fill(f"{code[:4].lower()} {code[4:].lower()}")
    desktop.get_by_role("button", name="Visa").click()
    expect(desktop.get_by_role("heading", name="Dina synpunkter")).to_be_visible()
    expect(desktop.get_by_text("Cykelväg mellan byarna och Sunne.")).to_be_visible()
    expect(desktop.get_by_text("Kommunikationer och vägar")).to_be_visible()
    assert desktop.locator("[aria-current=step]").inner_text().startswith("Antagen")
    desktop.get_by_role("link", name="Livet i Sunne är enkelt").click()
    expect(desktop.get_by_role("heading", name="1. Livet i Sunne är enkelt")).to_be_visible()
    desktop.emulate_media(reduced_motion="reduce")
    results = Axe().run(desktop, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Process.objects.get(slug="sunne-vision-2025")


def public_pages(demo) -> list[str]:
    code = Respondent.objects.filter(process=demo, opinions__isnull=False).first().receipt_code
    pages = [
        reverse("home"),
        reverse("public:accessibility"),
        reverse("public:privacy"),
        reverse("public:receipt_lookup"),
        reverse("public:receipt", args=[code]),
        reverse("public:receipt", args=["AAAAAAAA"]),  # no such receipt
    ]
    for process in Process.objects.public():
        slug = process.slug
        pages += [
            reverse("public:process", args=[slug]),
            reverse("public:process_privacy", args=[slug]),
            reverse("public:results", args=[slug]),
            reverse("public:outcome", args=[slug]),
            reverse("public:open_data", args=[slug]),
            reverse("public:brochure", args=[slug]),
        ]
        for event in process.events.filter(kind=DialogueEvent.Kind.ONLINE):
            pages.append(reverse("public:online", args=[slug, event.slug]))
    category = demo.categories.first().pk
    pages.append(reverse("public:results", args=[demo.slug]) + f"?category={category}&page=2")
    return pages


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_every_public_page_of_the_demo_passes_axe_in_swedish_and_english(
    live_server, demo, device, request
):
    """Every public page, in both languages, on a 375 px phone and on a desktop: no WCAG 2.1 AA
    violation axe-core can find, and on the phone nothing wider than the screen."""
    page = request.getfixturevalue(device)
    page.emulate_media(reduced_motion="reduce")
    axe = Axe()
    problems, seen = {}, 0
    for path in public_pages(demo):
        for url in (path, "/en" + path):
            page.goto(live_server.url + url)
            lang = page.locator("html").get_attribute("lang")
            assert lang == ("en" if url.startswith("/en/") else "sv"), url
            results = axe.run(page, options=WCAG_21_AA)
            seen += 1
            if results.violations_count:
                problems[url] = results.generate_report()
            if device == "phone":
                scroll, client = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                if scroll > client:
                    problems[url] = f"{scroll} px wide on a {client} px phone"
    assert seen == 2 * len(public_pages(demo))  # every page, in both languages
    assert not problems, "\n\n".join(f"{url}\n{report}" for url, report in problems.items())


# What the Tab key should reach; a control taken out of the order on purpose (tabindex="-1":
# the online form's trap for robots, which people never see) is not counted.
NOT_OUT = ':not([tabindex="-1"])'
FOCUSABLE = ", ".join(
    selector + NOT_OUT
    for selector in (
        "a[href]",
        "button:not([disabled])",
        "input:not([type=hidden]):not([disabled])",
        "select:not([disabled])",
        "textarea:not([disabled])",
        "summary",
    )
)


def tab_through(page) -> tuple[set[int], list[int], int]:
    """Press Tab until focus comes round again; return which of the page's links and
    controls were reached, those whose focus could not be seen, and how many there are.
    What is inside a closed <details> is not shown, so not counted: it is once opened."""
    total = page.evaluate(
        """(selector) => {
            // A group of radio buttons is one stop for Tab (the arrows move within it): its
            // checked button, or its first when none is.
            const stop = (el) => el.type !== "radio" || el === (
                document.querySelector(`input[type=radio][name="${el.name}"]:checked`)
                || document.querySelector(`input[type=radio][name="${el.name}"]`));
            const all = [...document.querySelectorAll(selector)]
                .filter((el) => el.getClientRects().length > 0 && el.checkVisibility())
                .filter(stop);
            all.forEach((el, i) => el.setAttribute("data-tab-index", i));
            return all.length;
        }""",
        FOCUSABLE,
    )
    reached, unseen = set(), []
    page.locator("body").focus()
    for _ in range(total + 10):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
                const el = document.activeElement;
                // A button-styled radio (Bootstrap's .btn-check) shows its focus on its label.
                const drawn = el.classList.contains("btn-check") ? el.nextElementSibling : el;
                const style = getComputedStyle(drawn);
                const shown = (style.outlineStyle !== "none" && style.outlineWidth !== "0px")
                    || style.boxShadow !== "none";
                return [el.getAttribute("data-tab-index"), shown];
            }"""
        )
        index, shown = state
        if index is None:
            continue
        index = int(index)
        if index in reached:
            break
        reached.add(index)
        if not shown:
            unseen.append(index)
    return reached, unseen, total


def test_the_keyboard_alone_reaches_every_link_and_control_with_a_visible_focus(
    live_server, demo, desktop
):
    for path in public_pages(demo):
        desktop.goto(live_server.url + path)
        reached, unseen, total = tab_through(desktop)
        assert len(reached) == total, f"{path}: reached {len(reached)} of {total}"
        assert not unseen, f"{path}: focus not visible on {unseen}"
        if desktop.locator("details:not([open])").count():  # and with every <details> open
            desktop.evaluate("document.querySelectorAll('details').forEach((d) => d.open = true)")
            reached, unseen, total = tab_through(desktop)
            assert len(reached) == total, f"{path}, opened: reached {len(reached)} of {total}"
            assert not unseen, f"{path}, opened: focus not visible on {unseen}"
    # The skip link comes first and takes the keyboard to the content.
    desktop.goto(live_server.url + reverse("public:results", args=[demo.slug]))
    desktop.keyboard.press("Tab")
    expect(desktop.get_by_role("link", name="Hoppa till innehållet")).to_be_focused()
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "main"


def test_an_opinions_markup_is_shown_and_never_run(live_server, desktop):
    process = ProcessFactory(slug="sunne", is_public=True)
    text = 'Bättre skolor. <script>window.pwned = 1</script><img src=x onerror="window.pwned=2">'
    opinion, _created = opinion_register(
        process=process, text=text, recorded_by=UserFactory(), consent_to_publish=True
    )
    publication_review(opinion=opinion, reviewer=UserFactory(), approve=True, published_text=text)
    errors = []
    desktop.on("pageerror", lambda error: errors.append(str(error)))
    desktop.goto(live_server.url + reverse("public:results", args=["sunne"]))
    expect(desktop.get_by_text(text)).to_be_visible()  # as text, every character
    assert desktop.evaluate("window.pwned === undefined")
    assert desktop.locator("img[src=x]").count() == 0


def test_the_brochure_prints_to_two_to_four_clean_a4_pages(live_server, demo, desktop):
    desktop.goto(live_server.url + reverse("public:brochure", args=[demo.slug]))
    expect(desktop.get_by_role("heading", name=demo.title)).to_be_visible()
    pdf = desktop.pdf(format="A4", print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= 4, len(reader.pages)
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Clean: the page's own buttons and links to elsewhere are not printed.
    for screen_only in ("Ladda ner som pdf", "Skriv ut", "Tillbaka till dialogen"):
        assert screen_only not in text
    for part in ("Vad vi frågade", "Vad ni sa", "Vad vi gjorde", "Vad händer nu"):
        assert part in text
    assert "Sunne är platsen där modet växer" in text
