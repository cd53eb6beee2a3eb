"""A strategist on a 375 px phone chooses how sure the model must be before it suggests a
category, in Swedish and in English. The suggestions page, with a trained model's figures for
each choice, passes axe and fits the phone without scrolling sideways, before the choice and
after it (the table of figures, wider than the phone, scrolls within itself and by keyboard
too); the choice is reached and made by keyboard alone, and the page then says that categories
are suggested from the share chosen, with that choice's figures."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from opinions.analysis.learning import THRESHOLD, THRESHOLDS
from opinions.models import SuggestionModel
from opinions.services.suggestions import train_model
from tests.browser.conftest import PHONE
from tests.browser.test_staff_pages_in_chromium import PASSWORD, WCAG_21_AA, log_in
from tests.factories import UserFactory
from tests.opinions.test_quality_card import _coded_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHOSEN = 0.7

WORDS = {
    "sv": {
        "prefix": "",
        "heading": "Föreslagna kategorier",
        "label": "Hur säker måste modellen vara för att föreslå en kategori?",
        "caption": "Precision: av förslagen",
        "option": "% säkert: precision",
        "use": "Använd detta",
        "told": "Kategorier föreslås från {percent} % säkerhet.",
        "at_least": "Kategorier föreslås när modellen är minst {percent} % säker; då fick "
        "{share} % av de undanhållna synpunkterna inget förslag.",
        "without": "{share} % utan förslag",
    },
    "en": {
        "prefix": "/en",
        "heading": "Suggested categories",
        "label": "How sure must the model be to suggest a category?",
        "caption": "Precision: of the suggestions",
        "option": "% sure: precision",
        "use": "Use this",
        "told": "Categories are suggested from {percent} % sure.",
        "at_least": "Categories are suggested when the model is at least {percent} % sure; at "
        "that, {share} % of the held-out opinions got no suggestion.",
        "without": "{share} % without a suggestion",
    },
}

# What sticks out past the phone's right edge, for the message when something does.
WIDER = """() => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`
    + ` (right edge ${Math.round(el.getBoundingClientRect().right)} px)`)
  .slice(0, 8)"""


@pytest.fixture
def world(db):
    sara = UserFactory(username="sara", first_name="Sara", password=PASSWORD, role="strategist")
    process = _coded_process(40, "sunne", stage="analysis")
    # A model trained for real, so that the choice of how sure it must be is on its page.
    model = train_model(SuggestionModel.objects.create(process=process, requested_by=sara))
    assert model.status == "done", model.message
    return process


def check(page, problems: dict[str, str], when: str) -> None:
    """The page passes axe and nothing on it is wider than the phone."""
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options=WCAG_21_AA)
    if results.violations_count:
        problems[when] = results.generate_report()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{when}: {width} px wide: {page.evaluate(WIDER)}"


def tab_to(page, locator, most: int = 80) -> None:
    """Press Tab, as a keyboard user does, until `locator` has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if locator.evaluate("(el) => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} is not reached in {most} presses of Tab")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_strategist_chooses_how_sure_by_keyboard_on_a_phone(
    live_server, world, phone, language
):
    words = WORDS[language]
    percent = round(CHOSEN * 100)
    problems: dict[str, str] = {}
    log_in(phone, live_server, "sara")
    phone.emulate_media(reduced_motion="reduce")
    phone.goto(live_server.url + words["prefix"] + reverse("staff:suggestions", args=[world.slug]))
    assert phone.locator("html").get_attribute("lang") == language
    expect(phone.get_by_role("heading", level=1)).to_have_text(words["heading"])

    # Each choice with its own held-out figures, the model's default chosen.
    choice = phone.get_by_label(words["label"])
    options = choice.locator("option")
    expect(options).to_have_count(len(THRESHOLDS))
    for threshold, text in zip(THRESHOLDS, options.all_inner_texts(), strict=True):
        assert text.startswith(f"{round(threshold * 100)} {words['option']}"), text
    chosen = choice.locator("option:checked")
    expect(chosen).to_have_text(re.compile(rf"^{round(THRESHOLD * 100)} %"))
    check(phone, problems, "before the choice")

    # By keyboard alone: the figures' table, wider than the phone, is on the way and scrolls
    # with the arrows; then Tab to the choice, arrows to 70 %, Tab to the button, Enter.
    scroller = phone.get_by_role("table", name=words["caption"]).locator("..")
    tab_to(phone, scroller)
    phone.keyboard.press("ArrowRight")  # Chromium scrolls smoothly: wait for it to move
    phone.wait_for_function("(box) => box.scrollLeft > 0", arg=scroller.element_handle())
    tab_to(phone, choice)
    for _ in range(THRESHOLDS.index(CHOSEN) - THRESHOLDS.index(THRESHOLD)):
        phone.keyboard.press("ArrowDown")
    expect(chosen).to_have_text(re.compile(rf"^{percent} %"))
    share = re.search(r"(\d+) %[^%]*$", chosen.inner_text()).group(1)  # none suggested
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name=words["use"])).to_be_focused()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")

    # The page says what was chosen, and shows the figures at that choice.
    expect(phone.locator(".messages .alert")).to_have_text(words["told"].format(percent=percent))
    at_that = words["at_least"].format(percent=percent, share=share)
    expect(phone.get_by_text(at_that)).to_be_visible()
    expect(phone.get_by_label(words["label"]).locator("option:checked")).to_have_text(
        re.compile(rf"^{percent} %.*{words['without'].format(share=share)}$")
    )
    assert world.suggestion_models.first().threshold == CHOSEN
    check(phone, problems, "after the choice")
    assert not problems, "\n\n".join(f"{when}\n{report}" for when, report in problems.items())
