"""Staff finding their way on a 375 px phone: where each role lands, the process table with no
column cut off, and the tabs of a process as its stage has them; axe-core on each."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.factories import DialogueEventFactory, ProcessFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "ett-långt-lösenord"
PLANNING_TABS = ["Översikt", "Frågor", "Aktiviteter", "Team", "Publik webbplats"]


@pytest.fixture
def world(db):
    UserFactory(username="anna", password=PASSWORD, role="administrator")
    fredrik = UserFactory(username="fredrik", password=PASSWORD, role="facilitator")
    planning = ProcessFactory(
        slug="oversiktsplan",
        title="Översiktsplan för Sunne kommun 2030 med landsbygdsutveckling",
        municipality="Sunne kommun",
        stage="planning",
        is_public=True,
    )
    adopted = ProcessFactory(
        slug="vision-2025", title="Vision 2025", stage="adopted", is_public=True
    )
    ProcessFactory(slug="cykelvag", title="Cykelväg Sunne–Rottneros", stage="dialogue_open")
    event = DialogueEventFactory(process=adopted, slug="lysvik", title="Lanthandeln i Lysvik")
    event.facilitators.add(fredrik)
    return {"planning": planning, "adopted": adopted}


def log_in(page, live_server, username, landing):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**" + reverse(landing))


def cut_off(page, selector) -> list[str]:
    """The texts of the elements under `selector` that do not lie whole within the screen."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((el) => { const box = el.getBoundingClientRect();
                              return box.width > 0 && (box.left < 0 || box.right > innerWidth); })
            .map((el) => el.textContent.trim())""",
        selector,
    )


def axe_problems(page) -> str | None:
    results = Axe().run(page, options=WCAG_21_AA)
    return results.generate_report() if results.violations_count else None


def test_on_a_phone_the_process_table_shows_every_column(live_server, world, phone):
    log_in(phone, live_server, "anna", "staff:process_list")
    rows = phone.locator("main table tbody tr")
    assert rows.count() == 3
    assert not cut_off(phone, "main table th, main table td"), "a column is cut off"
    first = rows.filter(has_text="Översiktsplan")
    for label in ["Kommun", "Steg", "Frågor", "Aktiviteter", "Publik"]:
        assert first.get_by_text(label, exact=True).is_visible(), label
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert axe_problems(phone) is None, axe_problems(phone)


def test_on_a_phone_the_tabs_follow_the_stage_and_fit(live_server, world, phone):
    log_in(phone, live_server, "anna", "staff:process_list")
    phone.goto(live_server.url + reverse("staff:process_detail", args=["oversiktsplan"]))
    tabs = phone.locator("main .nav-tabs .nav-link")
    assert tabs.all_inner_texts() == PLANNING_TABS
    assert not cut_off(phone, "main .nav-tabs .nav-link")
    assert axe_problems(phone) is None, axe_problems(phone)

    phone.goto(live_server.url + reverse("staff:process_detail", args=["vision-2025"]))
    assert tabs.count() == 17
    assert "Beslut" in tabs.all_inner_texts()
    assert not cut_off(phone, "main .nav-tabs .nav-link")
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert axe_problems(phone) is None, axe_problems(phone)


def test_a_facilitator_lands_on_their_own_events(live_server, world, phone):
    log_in(phone, live_server, "fredrik", "staff:my_events")
    assert phone.get_by_role("heading", name="Mina aktiviteter", level=1).is_visible()
    assert phone.get_by_role("link", name="Lanthandeln i Lysvik").is_visible()


@pytest.mark.parametrize("width", [1200, 1280, 1366, 1440])
def test_an_administrators_header_is_one_line_or_folded_at_every_desktop_width(
    live_server, world, chromium, width
):
    """Found in browser walks: in Swedish, an administrator's six links, the municipality's
    name and the account beside them wrapped onto two and three lines at 1200–1399 pixels."""
    from django.contrib.auth.models import User

    from demo.site import site_seed

    site_seed()  # the demo's name and logo
    User.objects.filter(username="anna").update(first_name="Anna", last_name="Administratör")
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    log_in(page, live_server, "anna", "staff:process_list")
    folded = page.get_by_role("button", name="Visa menyn").is_visible()
    heights = page.evaluate(
        """() => [...document.querySelectorAll('header .nav-link, header .navbar-brand')]
            .filter((el) => el.getBoundingClientRect().width > 0)
            .map((el) => [el.textContent.trim(), el.getBoundingClientRect().height])"""
    )
    context.close()
    # One line: a link 40 pixels high, the name beside its 40-pixel logo 50 (two lines: 64, 70).
    assert folded or all(height < 60 for _text, height in heights), heights


def test_the_team_page_fits_a_phone_and_names_the_roles_in_swedish(live_server, world, chromium):
    """Found in a second browser walk: the team's table was 433 pixels wide on a 375-pixel
    phone, its Remove buttons half off the screen, and its roles read "administrator",
    "facilitator" on the Swedish page."""
    from django.contrib.auth.models import User

    from dialogues.models import TeamMember

    anna = User.objects.get(username="anna")
    for user in User.objects.all():
        TeamMember.objects.create(process=world["planning"], user=user, added_by=anna)
    context = chromium.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, "anna", "staff:process_list")
    page.goto(live_server.url + reverse("staff:process_team", args=["oversiktsplan"]))
    wide = page.evaluate("document.documentElement.scrollWidth")
    roles = page.locator("table").inner_text()
    context.close()
    assert wide <= 375
    assert "administratör" in roles
    assert "samtalsledare" in roles
    assert "facilitator" not in roles
