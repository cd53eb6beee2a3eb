"""No keystroke on the workbench is lost or applied twice when the server fails: a 500, a
dropped connection, or an answer lost after the server stored the step. The workbench stays,
says how many keys wait, tries again, and each key is applied once. And the respondent's profile
beside the opinion, and figures that open the opinions behind them, on a phone (issue #16)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

from opinions.models import Coding, CodingChange, FinalCoding, Opinion
from opinions.services.coding import coding_toggle
from tests.browser.test_coding_in_chromium import pressed, showing, world  # noqa: F401
from tests.browser.test_staff_pages_in_chromium import WCAG_21_AA, fits_the_screen, log_in
from tests.factories import AreaFactory, RespondentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class FlakyServer:
    """Stands between the page and the server for the workbench's POSTs. While `failing`,
    the first POST reaches the server but its answer is lost (the step is stored, the page
    never hears of it); the next ones get a 500 or a dropped connection in turn.

    It is put on the browser context before the page loads and set failing once the page is
    there, so no request can go past it: a route set on the page after it had loaded let the
    first key through in two loaded CI runs (the page then said 2 keys waited, not 3)."""

    def __init__(self):
        self.failing = False
        self.posts = 0

    def __call__(self, route):
        request = route.request
        if request.method != "POST" or not self.failing:
            route.continue_()
            return
        self.posts += 1
        if self.posts == 1:
            route.fetch()  # the server stores the step...
            route.abort("connectionreset")  # ...and the answer never arrives
        elif self.posts % 2:
            route.abort("internetdisconnected")
        else:
            route.fulfill(status=500, content_type="text/html", body="<h1>Server Error</h1>")


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run-debug"])
def test_keys_pressed_while_the_server_fails_are_each_applied_once(
    live_server,
    world,  # noqa: F811
    desktop,
    settings,
    debug,
):
    # DEBUG adds django-htmx's script that puts an error page in place of the whole page.
    settings.DEBUG = debug
    log_in(desktop, live_server, "sara")
    first, second = Opinion.objects.filter(process=world).order_by("recorded_at")[:2]
    flaky = FlakyServer()
    desktop.context.route("**/coding/**", flaky)
    desktop.goto(live_server.url + reverse("staff:coding_opinion", args=[world.slug, first.pk]))
    desktop.wait_for_load_state("networkidle")  # the page's own requests done, as a coder sees it
    desktop.evaluate("window.notReloaded = true")
    expect(desktop.locator("script[src*='django-htmx.js']")).to_have_count(1 if debug else 0)
    flaky.failing = True

    for key in "123":
        desktop.keyboard.press(key)
    status = desktop.locator("#coding-unsaved")
    expect(status).to_contain_text("3 tangenttryckningar är inte sparade än; försöker igen")
    expect(status).to_have_attribute("role", "status")
    expect(desktop.locator("#coding-unsaved")).to_be_visible()
    # The server keeps failing for a while: the page keeps trying, the workbench stays.
    desktop.wait_for_timeout(2500)
    assert flaky.posts >= 3
    showing(desktop, first.original_text)
    expect(status).to_contain_text("inte sparade än")

    flaky.failing = False
    expect(status).to_contain_text("Alla tangenttryckningar är sparade.", timeout=15000)
    assert pressed(desktop, 3) == {"Boende", "Trafik", "Skola"}
    assert set(Coding.objects.filter(opinion=first).values_list("category__name", flat=True)) == {
        "Boende",
        "Trafik",
        "Skola",
    }
    # Each key once: three steps logged, the retried one not twice (it would be taken out again).
    assert CodingChange.objects.filter(opinion=first).count() == 3

    # The keyboard goes on as before, on the same page.
    desktop.keyboard.press("j")
    showing(desktop, second.original_text)
    assert desktop.evaluate("window.notReloaded") is True


def test_the_waiting_message_fits_a_phone_and_passes_axe(
    live_server,
    world,  # noqa: F811
    phone,
):
    log_in(phone, live_server, "sara")
    first = Opinion.objects.filter(process=world).order_by("recorded_at").first()
    down = []  # the network goes once the page is there (the route set before it loads)
    phone.context.route(
        "**/coding/**",
        lambda route: route.abort("internetdisconnected") if down else route.continue_(),
    )
    phone.goto(live_server.url + reverse("staff:coding_opinion", args=[world.slug, first.pk]))
    phone.wait_for_load_state("networkidle")  # the page's own requests done, as a coder sees it
    down.append(True)
    phone.keyboard.press("1")
    expect(phone.locator("#coding-unsaved")).to_contain_text(
        "1 tangenttryckning är inte sparad än; försöker igen"
    )
    assert fits_the_screen(phone)
    phone.emulate_media(reduced_motion="reduce")
    results = Axe().run(phone, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_the_profile_and_the_linked_figures_fit_a_phone_and_pass_axe(
    live_server,
    world,  # noqa: F811
    phone,
):
    """The respondent's profile beside the opinion, and the analysis and codebook whose figures
    open the opinions behind them, on a 375 px phone."""
    sara = User.objects.get(username="sara")
    lysvik = AreaFactory(process=world, name="Lysvik")
    person = RespondentFactory(
        process=world, age_band="30-44", gender="woman", area=lysvik, role="resident"
    )
    boende = world.categories.get(name="Boende")
    opinions = list(Opinion.objects.filter(process=world).order_by("recorded_at")[:6])
    for opinion in opinions:
        opinion.respondent = person
        opinion.save()
        FinalCoding.objects.create(opinion=opinion, category=boende, decided_by=sara)
    log_in(phone, live_server, "sara")
    axe = Axe()
    phone.emulate_media(reduced_motion="reduce")
    problems = {}
    for path in [
        reverse("staff:coding_opinion", args=[world.slug, opinions[0].pk]),
        reverse("staff:analysis", args=[world.slug]) + "?by=area",
        reverse("staff:codebook", args=[world.slug]),
        "/en" + reverse("staff:coding_opinion", args=[world.slug, opinions[0].pk]),
    ]:
        phone.goto(live_server.url + path)
        assert fits_the_screen(phone), path
        results = axe.run(phone, options=WCAG_21_AA)
        if results.violations_count:
            problems[path] = results.generate_report()
    assert problems == {}
    # From the crosstab's cell to the six opinions behind it.
    phone.goto(live_server.url + reverse("staff:analysis", args=[world.slug]) + "?by=area")
    phone.locator("#crosstab").get_by_role("link", name="Boende, Lysvik").click()
    expect(phone.get_by_text("6 synpunkter")).to_be_visible()
    expect(phone.locator("#id_area")).to_have_value(str(lysvik.pk))


def test_quick_clicks_wait_their_turn_like_keys(live_server, world, desktop):  # noqa: F811
    """Two category buttons clicked before the first answer came (found in a browser walk):
    both went out at once, the answer that arrived last was shown (one category, where two were
    saved), and from then on every key was swallowed without a word. A click while the server
    answers now waits its turn as a key does, and the keys go on working."""
    log_in(desktop, live_server, "sara")
    first = Opinion.objects.filter(process=world).order_by("recorded_at").first()
    desktop.goto(live_server.url + reverse("staff:coding_opinion", args=[world.slug, first.pk]))
    desktop.wait_for_load_state("networkidle")
    desktop.evaluate("window.notReloaded = true")
    desktop.evaluate(
        """() => {
            document.querySelector("#coding button[data-key='1']").click();
            document.querySelector("#coding button[data-key='3']").click();
        }"""
    )
    assert pressed(desktop, 2) == {"Boende", "Skola"}
    expect(desktop.locator("#coding-unsaved")).not_to_contain_text("inte sparade")
    desktop.wait_for_load_state("networkidle")
    desktop.keyboard.press("2")
    assert pressed(desktop, 3) == {"Boende", "Trafik", "Skola"}
    final = set(FinalCoding.objects.filter(opinion=first).values_list("category__name", flat=True))
    assert final == {"Boende", "Trafik", "Skola"}
    assert desktop.evaluate("window.notReloaded") is True


def test_the_conflict_warning_goes_once_the_key_is_pressed_again_and_saved(
    live_server,
    world,  # noqa: F811
    desktop,
):
    """Found in a browser walk: after "someone changed this opinion, your change was not
    saved", the key pressed again was saved, but the warning stayed above it."""
    log_in(desktop, live_server, "sara")
    first = Opinion.objects.filter(process=world).order_by("recorded_at").first()
    desktop.goto(live_server.url + reverse("staff:coding_opinion", args=[world.slug, first.pk]))
    desktop.wait_for_load_state("networkidle")
    bo = UserFactory(username="bo", first_name="Bo", role="strategist")
    coding_toggle(opinion=first, category=world.categories.get(name="Skola"), coder=bo, seen=None)
    desktop.keyboard.press("1")
    warning = desktop.get_by_text("Någon ändrade den här synpunkten efter att du öppnade den")
    expect(warning).to_be_visible()
    desktop.keyboard.press("1")
    assert pressed(desktop, 1) == {"Boende"}
    expect(warning).to_be_hidden()
    assert Coding.objects.filter(opinion=first, coder__username="sara").count() == 1


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run-debug"])
def test_moving_between_opinions_breaks_no_rule_of_the_pages_security_policy(
    live_server,
    world,  # noqa: F811
    desktop,
    settings,
    debug,
):
    """Found in a browser walk: each time htmx put a new workbench in place, the console showed
    three refusals of an inline style by the page's Content Security Policy (htmx, settling
    the new content, copied the style attribute of the fields that kept their ids)."""
    settings.DEBUG = debug
    errors = []
    desktop.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(desktop, live_server, "sara")
    first = Opinion.objects.filter(process=world).order_by("recorded_at").first()
    desktop.goto(live_server.url + reverse("staff:coding_opinion", args=[world.slug, first.pk]))
    desktop.wait_for_load_state("networkidle")
    # A field whose style a script once touched keeps an empty style attribute (allowed: the
    # CSSOM is not an inline style); htmx copied it onto the new field with setAttribute.
    desktop.evaluate(
        """() => {
            for (const field of document.querySelectorAll("#workbench input, textarea")) {
                field.style.setProperty("color", "red");
                field.style.removeProperty("color");
            }
        }"""
    )
    for key in "jjk":
        with desktop.expect_response(lambda response: "/coding/" in response.url):
            desktop.keyboard.press(key)
        desktop.wait_for_timeout(300)  # the settling, where htmx copies the attributes
    assert errors == []


def test_a_move_whose_request_was_dropped_is_sent_again(live_server, world, desktop):  # noqa: F811
    """The workbench sends a dropped request again itself (htmx.trigger, not a person's click):
    the wait for a click's turn must not hold it back for ever."""
    log_in(desktop, live_server, "sara")
    first, second = Opinion.objects.filter(process=world).order_by("recorded_at")[:2]
    dropped = []
    armed = []  # from when the page is there; the route is set before it loads

    def drop_once(route):
        if armed and route.request.method == "GET" and not dropped:
            dropped.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    desktop.context.route("**/coding/**", drop_once)
    desktop.goto(live_server.url + reverse("staff:coding_opinion", args=[world.slug, first.pk]))
    desktop.wait_for_load_state("networkidle")
    armed.append(True)
    desktop.keyboard.press("j")
    showing(desktop, second.original_text)
    assert dropped


def test_a_category_key_that_cannot_code_says_why(live_server, world, desktop):  # noqa: F811
    """Found in a browser walk: on a workbench where coding is closed, or on an excluded
    opinion, a category's key did nothing at all; the coder could not tell a missed key from a
    closed process. It now says why, where the page tells of keys."""
    first, second = Opinion.objects.filter(process=world).order_by("recorded_at")[:2]
    second.status = Opinion.Status.EXCLUDED
    second.exclusion_reason = "Dubblett"
    second.save()
    log_in(desktop, live_server, "sara")
    status = desktop.locator("#coding-unsaved")

    desktop.goto(live_server.url + reverse("staff:coding_opinion", args=[world.slug, second.pk]))
    desktop.keyboard.press("1")
    expect(status).to_have_text(
        "Synpunkten är undantagen från analysen: ta tillbaka den för att koda den."
    )
    assert not Coding.objects.exists()

    world.stage = "drafting"
    world.save()
    desktop.goto(live_server.url + reverse("staff:coding_opinion", args=[world.slug, first.pk]))
    expect(status).to_be_empty()
    desktop.keyboard.press("2")
    expect(status).to_contain_text("Kodningen är stängd")
    assert not Coding.objects.exists()
