"""The English site with texts left in Swedish (#17): axe finds no violation, on a desktop and
on a phone, and a screen reader is told which words are Swedish."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core import public_data
from dialogues.models import DialogueEvent, Process
from opinions.models import Category
from strategy.models import Goal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def half_translated(db):
    """The demo, with the English of some texts not written yet."""
    call_command("seed_demo", stdout=io.StringIO())
    sunne = Process.objects.get(slug="sunne-vision-2025")
    Process.objects.filter(pk=sunne.pk).update(purpose_en="", rules_feedback_en="")
    DialogueEvent.objects.filter(process=sunne, kind="workshop").update(
        title_en="", accessibility_en=""
    )
    Category.objects.filter(process=sunne, order__lte=3).update(name_en=None)
    Goal.objects.filter(strategy__process=sunne).update(title_en="")
    public_data.changed(sunne)
    return sunne


@pytest.mark.parametrize("width", [1280, 375])
def test_english_pages_with_swedish_texts_pass_axe(live_server, chromium, half_translated, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.emulate_media(reduced_motion="reduce")
    with translation.override("sv"):
        paths = [
            reverse(name, args=[half_translated.slug])
            for name in ("public:process", "public:results", "public:outcome")
        ]
    problems = {}
    for path in paths:
        page.goto(live_server.url + "/en" + path)
        marked = page.locator('main [lang="sv"]')
        assert marked.count() > 3, path
        assert page.get_by_text("(only in Swedish)").first.is_visible(), path
        results = Axe().run(page, options=WCAG_21_AA)
        if results.violations_count:
            problems[path] = results.generate_report()
    context.close()
    assert not problems, "\n\n".join(f"{url}\n{report}" for url, report in problems.items())
