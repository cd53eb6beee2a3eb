"""The summaries per category, the quality card (staff and public), the themes of the uncoded
opinions, the choice of how sure a suggestion must be and the coding list ordered by the
model's uncertainty pass axe and are valid HTML, in Chromium and the Nu HTML Checker."""

import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opinions.models import CategorySummary, Opinion, SuggestionModel
from opinions.services.suggestions import train_model
from tests.browser.test_staff_pages_in_chromium import PASSWORD, WCAG_21_AA, log_in
from tests.core.test_valid_html import vnu_errors
from tests.factories import OpinionFactory, UserFactory
from tests.opinions.test_quality_card import _coded_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    sara = UserFactory(username="sara", first_name="Sara", password=PASSWORD, role="strategist")
    process = _coded_process(40, "sunne")
    # A model trained for real, so that the choice of how sure it must be is on its page.
    model = train_model(SuggestionModel.objects.create(process=process, requested_by=sara))
    assert model.status == "done", model.message
    for n in range(20):  # what no one has coded yet
        OpinionFactory(process=process, original_text=f"Gatlamporna vid väg {n % 4} är släckta")
    category = process.categories.order_by("pk").first()
    CategorySummary.objects.create(
        category=category,
        text=f"Utkast [{Opinion.objects.filter(final_codings__category=category).first().pk}].",
        model_name="kommun-llm",
        drafted_at=timezone.now(),
    )
    return process


def _pages(process) -> list[tuple[str, bool]]:
    category = process.categories.order_by("pk").first()
    staff = [
        reverse("staff:analysis", args=[process.slug]),
        reverse("staff:summaries", args=[process.slug]),
        reverse("staff:category_summary", args=[process.slug, category.pk]),
        reverse("staff:suggestions", args=[process.slug]) + "?themes=uncoded",
        reverse("staff:suggestions", args=[process.slug]),
        reverse("staff:coding_list", args=[process.slug]) + "?order=uncertain",
    ]
    public = [reverse("public:outcome", args=[process.slug])]
    return [(path, True) for path in staff] + [(path, False) for path in public]


def test_the_pages_pass_axe(live_server, world, desktop):
    log_in(desktop, live_server, "sara")
    desktop.emulate_media(reduced_motion="reduce")
    axe = Axe()
    problems = {}
    for path, _staff in _pages(world):
        for prefix in ("", "/en"):
            desktop.goto(live_server.url + prefix + path)
            results = axe.run(desktop, options=WCAG_21_AA)
            if results.violations_count:
                problems[prefix + path] = results.generate_report()
    # A summary refused for a sentence without a source: the errors are read too.
    category = world.categories.order_by("pk").first()
    desktop.goto(live_server.url + reverse("staff:category_summary", args=["sunne", category.pk]))
    desktop.get_by_label("Utkastet").fill("Utan källa.")
    desktop.get_by_role("button", name="Godkänn sammanfattningen").click()
    desktop.locator("#summary-problems").wait_for()
    results = axe.run(desktop, options=WCAG_21_AA)
    if results.violations_count:
        problems["refused"] = results.generate_report()
    assert problems == {}


def test_the_pages_are_valid_html(world):
    client = Client()
    client.force_login(UserFactory(username="vnu", role="strategist"))
    anonymous = Client()
    pages = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for path, staff in _pages(world):
            for prefix in ("", "/en"):
                response = (client if staff else anonymous).get(prefix + path)
                assert response.status_code == 200, path
                file = f"{len(pages):04}.html"
                (folder / file).write_bytes(response.content)
                pages[file] = prefix + path
        category = world.categories.order_by("pk").first()
        response = client.post(
            reverse("staff:category_summary", args=["sunne", category.pk]),
            {"action": "accept", "text": "Utan källa."},
        )
        (folder / "refused.html").write_bytes(response.content)
        pages["refused.html"] = "refused"
        assert vnu_errors(folder, pages) == []
