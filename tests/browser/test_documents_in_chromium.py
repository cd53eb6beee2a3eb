"""A politician reads the adopted demo strategy in Chromium, on a desktop and on a 375 px
phone: the targets in a table per goal, a contents list, the comments under the goal they are
about, and the comparison of versions 2 and 3 showing only what changed, as text (no Markdown);
the public page's whole document has the same tables. Every page passes axe."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-långt-lösenord"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SLUG = "sunne-vision-2025"
HEADER = ["Nr", "Indikator", "Utgångsläge", "Mål", "Källa", "Ansvarig"]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    UserFactory(username="per", password=PASSWORD, role="politician")


def signed_in(context, live_server):
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn").fill("per")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**" + reverse("staff:process_list"))
    page.emulate_media(reduced_motion="reduce")
    return page


def checked(page, problems: dict, width: int | None) -> None:
    """axe finds nothing, and on a phone the page is no wider than the screen."""
    results = Axe().run(page, options=WCAG_21_AA)
    if results.violations_count:
        problems[page.url] = results.generate_report()
    if width:
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{page.url} is {wide} px wide on a {width} px phone"


@pytest.mark.parametrize("width", [None, 375], ids=["desktop", "phone"])
def test_a_politician_reads_the_adopted_strategy_and_what_changed(
    live_server, demo, chromium, width
):
    viewport = {"width": width or 1280, "height": 800}
    context = chromium.new_context(viewport=viewport, is_mobile=bool(width), has_touch=bool(width))
    page = signed_in(context, live_server)
    problems: dict[str, str] = {}

    # The adopted version: a contents list, and each goal's targets in a table.
    page.goto(live_server.url + reverse("staff:version_detail", args=[SLUG, 3]))
    article = page.locator("article.strategy-document")
    contents = page.get_by_role("navigation", name="Innehåll")
    expect(contents.get_by_role("link")).to_have_count(9)  # 4 sections, the vision, 4 goals
    contents.get_by_role("link", name="Mål 2: Livet i Sunne är enkelt").click()
    expect(page).to_have_url(re.compile("#doc-goal-2$"))
    goal = article.get_by_role("heading", level=2, name="Mål 2: Livet i Sunne är enkelt")
    expect(goal).to_be_in_viewport()
    expect(article.get_by_role("heading", level=1)).to_have_count(0)
    tables = article.get_by_role("table")
    expect(tables).to_have_count(4)
    second = tables.nth(1)
    if not width:  # on a phone the header row gives way to each value's label
        expect(second.get_by_role("columnheader")).to_have_text(HEADER)
    row = second.get_by_role("row").filter(has_text="Handläggningstid för bygglov")
    values = ["2.7", "Handläggningstid för bygglov", "6 veckor (2013)", "3 veckor år 2025",
              "Egen undersökning, illustrativt", "Kommunstyrelsen"]  # fmt: skip
    if width:
        # On a phone each target is a card, each value under its column's name: the table
        # ran 668 px wide and scrolled sideways.
        expect(row.get_by_role("cell")).to_have_text(
            [
                re.compile(rf"^{name}\s+{re.escape(value)}")
                for name, value in zip(HEADER, values, strict=True)
            ],
            use_inner_text=True,
        )
        boxes = article.locator(".table-responsive")
        expect(boxes).to_have_count(4)
        for box in boxes.all():
            assert box.evaluate("(box) => box.scrollWidth <= box.clientWidth + 1")
    else:
        expect(row.get_by_role("cell")).to_have_text(
            [re.compile(f"^{re.escape(value)}") for value in values], use_inner_text=True
        )
    checked(page, problems, width)

    # Version 1: the comments on goals 2 and 3 stand under them.
    page.goto(live_server.url + reverse("staff:version_detail", args=[SLUG, 1]))
    under = page.locator(".section-comments")
    expect(under).to_have_count(2)
    expect(under.first).to_contain_text("bredbandet på landsbygden")
    expect(under.first.locator("xpath=preceding::h2[1]")).to_have_text(
        "Mål 2: Livet i Sunne är enkelt"
    )
    expect(page.get_by_label("Del av dokumentet")).to_contain_text("Mål 3: I Sunne är allting")
    checked(page, problems, width)

    # What changed from the version sent on remiss to the one adopted: only that, as text.
    page.goto(live_server.url + reverse("staff:version_compare", args=[SLUG]) + "?from=2&to=3")
    expect(page.get_by_role("status")).to_contain_text("3 stycken tillagda, 0 borttagna, 1 ändrat")
    diff = page.locator(".diff")
    # The new target, and goal 3 rewritten as the remiss answer says it was (older people's
    # say over their daily lives): the words put in, as a rewritten paragraph shows them.
    expect(diff.locator("ins")).to_have_text(
        [
            "Efter remissen",
            re.compile("^Remissvaren ledde"),
            re.compile("^2.7 · Handläggning"),
            re.compile("de äldre har inflytande över sin vardag"),
        ]
    )
    expect(diff.get_by_role("heading", name="tillagd Efter remissen")).to_be_visible()
    for markdown in ("#", "**", "| ---"):
        expect(diff).not_to_contain_text(markdown)
    expect(diff).not_to_contain_text("Kommunfullmäktige gav 2012")  # unchanged: not shown
    expect(diff).to_contain_text("oförändrade stycken")
    checked(page, problems, width)
    page.get_by_role("link", name="Visa hela dokumentet").click()
    expect(diff).to_contain_text("Kommunfullmäktige gav 2012")
    expect(diff).not_to_contain_text("#")

    # The public page's whole document has the same tables.
    page.goto(live_server.url + reverse("public:outcome", args=[SLUG]))
    page.get_by_text("Läs hela dokumentet").click()
    whole = page.locator("details .document").first
    if not width:
        expect(whole.get_by_role("table").nth(1).get_by_role("columnheader")).to_have_text(HEADER)
    else:
        target = whole.get_by_role("row").filter(has_text="Handläggningstid för bygglov")
        expect(target.get_by_role("cell").nth(1)).to_have_text(
            re.compile(r"^Indikator\s+Handläggningstid för bygglov"), use_inner_text=True
        )
    expect(whole.get_by_role("heading", level=4, name="Mål 1: Sunne växer")).to_be_visible()
    checked(page, problems, width)
    context.close()
    assert not problems, "\n\n".join(f"{url}\n{report}" for url, report in problems.items())


def test_a_long_word_in_a_draft_stays_within_a_phone(live_server, demo, chromium):
    """Found in a browser walk: a 54-letter word (a pasted reference, say) made the version
    and the comparison 517 px wide on a 375 px phone. A word longer than the line breaks."""
    from strategy.models import Strategy
    from strategy.services.drafts import version_create, version_save

    strategy = Strategy.objects.get(process__slug=SLUG)
    version = version_create(strategy=strategy, created_by=strategy.process.created_by)
    word = "Kommunstyrelseförvaltningsutvecklingsplaneringsarbetet" + "sgruppen"
    version_save(version=version, text=f"# Inledning\n\nSe {word} för mer.")
    context = chromium.new_context(
        viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True
    )
    page = signed_in(context, live_server)
    problems: dict[str, str] = {}
    page.goto(live_server.url + reverse("staff:version_detail", args=[SLUG, version.number]))
    expect(page.locator("article.strategy-document")).to_contain_text(word)
    checked(page, problems, 375)
    compare = reverse("staff:version_compare", args=[SLUG])
    page.goto(live_server.url + compare + f"?from=3&to={version.number}")
    expect(page.locator(".diff")).to_contain_text(word)
    checked(page, problems, 375)
    context.close()
    assert not problems, "\n\n".join(f"{url}\n{report}" for url, report in problems.items())
