"""Importing a Polis export on a phone: the preview tells what the import will do before it is
confirmed, and a file with problems leaves the event chosen for the corrected one. The search
help on the coding list, as this database searches. Each page passes axe and fits 375 px."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from django.urls import reverse

from tests.browser.test_staff_pages_in_chromium import (
    PASSWORD,
    WCAG_21_AA,
    fits_the_screen,
    log_in,
)
from tests.factories import (
    DialogueEventFactory,
    GuidingQuestionFactory,
    OpinionFactory,
    ProcessFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis" / "bg2050-volunteers"


@pytest.fixture
def world(db):
    UserFactory(username="anna", first_name="Anna", password=PASSWORD, role="administrator")
    process = ProcessFactory(slug="vision-2025", title="Vision 2025", stage="dialogue_open")
    GuidingQuestionFactory(process=process, text="Vad vill du att Sunne ska vara känt för?")
    DialogueEventFactory(process=process, slug="torget", title="Torget i Sunne")
    DialogueEventFactory(process=process, slug="polis", title="Polis-samtalet")
    return process


def choose(page, name: str, data: bytes) -> None:
    page.locator("#id_file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Läs filen").click()


def checked(page, problems: dict, name: str) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    if results.violations_count:
        problems[name] = results.generate_report()
    if not fits_the_screen(page):
        problems[name + " (wider than 375 px)"] = True


def test_the_import_preview_on_a_phone(live_server, world, phone):
    log_in(phone, live_server)
    phone.goto(live_server.url + reverse("staff:opinion_import", kwargs={"slug": world.slug}))
    problems = {}
    phone.get_by_label("Aktivitet").select_option(label="Polis-samtalet")
    choose(phone, "comments.csv", "Fråga,Synpunkt\n7,Fler bussar.\n".encode())
    phone.get_by_text("inte en av processens frågor").wait_for()
    checked(phone, problems, "preview with a problem")
    # The event stays chosen for the corrected file.
    assert phone.get_by_label("Aktivitet").evaluate("s => s.selectedOptions[0].text") == (
        "Polis-samtalet"
    )
    choose(phone, "comments.csv", (POLIS / "comments.csv").read_bytes())
    forecast = phone.locator("#import-forecast")
    forecast.wait_for()
    assert "Polis-samtalet" in phone.locator("#preview-heading + p").inner_text()
    assert forecast.get_by_text("316 synpunkter skapas").is_visible()
    assert forecast.get_by_text(
        "55 synpunkter sparas som uteslutna och räknas inte: "
        "Avvisad av moderatorn i Polis (moderated = -1)."
    ).is_visible()
    checked(phone, problems, "preview of a Polis export")
    assert problems == {}


def test_the_search_help_and_themes_on_a_phone(live_server, world, phone):
    for n in range(40):
        OpinionFactory(process=world, original_text=f"Fler bussar till byarna, nummer {n % 3}.")
    log_in(phone, live_server)
    problems = {}
    phone.goto(live_server.url + reverse("staff:coding_list", kwargs={"slug": world.slug}))
    help_text = phone.locator("#search-help").inner_text()
    if connection.vendor == "postgresql":  # Swedish stems
        assert "cykel hittar cyklar" not in help_text
        assert "buss hittar bussar och bussen men inte elbussar" in help_text
    else:  # SQLite matches words as written, also inside longer words
        assert "cykel hittar inte cyklar" in help_text
    checked(phone, problems, "coding list")
    phone.goto(
        live_server.url + reverse("staff:suggestions", kwargs={"slug": world.slug}) + "?themes=1"
    )
    checked(phone, problems, "themes")
    assert problems == {}
