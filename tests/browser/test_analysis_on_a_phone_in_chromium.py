"""The strategist's figures on a 375 px phone (found in a browser walk): the explanation of each
table was its caption, as wide as the table, so on a phone it ran off the screen inside the
table's scrolling box ("Agreement per category and overall. 1 is fu…"), and the three columns of
opinions per category did not fit. Every explanation now wraps on the screen, a table of a few
columns fits, and a wider one scrolls in a box the keyboard can reach too (axe)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from demo.seed import DEMO_PASSWORD
from dialogues.models import Process
from opinions.services.reach import figures_save
from tests.browser.test_results_on_a_phone_in_chromium import WCAG_21_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every text on the page that is cut by the screen's right edge (but the cells of the tables of a
# column per value, which may scroll), and every table box that scrolls, with the table's id.
MEASURE = """() => {
  const screen = document.documentElement.clientWidth, cut = [], scrolling = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest(".visually-hidden")) continue;
    if (element.closest("#crosstab tr, #cooccurrence tr, [id^=by-kind-] tr")) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width && box.right > screen + 0.5) cut.push(node.textContent.trim().slice(0, 50));
  }
  for (const box of document.querySelectorAll(".table-responsive")) {
    if (box.scrollWidth > box.clientWidth + 1) scrolling.push(box.querySelector("table").id);
  }
  return {cut, scrolling};
}"""


@pytest.fixture
def demo(demo_with_logins):
    return demo_with_logins


def test_the_analysis_and_agreement_read_on_a_phone(live_server, demo, phone):
    phone.goto(live_server.url + reverse("login"))
    phone.get_by_label("Användarnamn").fill("strategist")
    phone.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Logga in").click()
    phone.wait_for_url("**" + reverse("staff:process_list"))
    axe, problems = Axe(), {}
    for prefix in ("", "/en"):
        for name in ("staff:analysis", "staff:coding_agreement"):
            phone.goto(live_server.url + prefix + reverse(name, args=[demo]))
            found = phone.evaluate(MEASURE)
            assert not found["cut"], found
            # Only the tables with a column per value or per category may scroll.
            assert set(found["scrolling"]) <= {"crosstab", "cooccurrence"}, found
            results = axe.run(phone, options=WCAG_21_AA)
            if results.violations_count:
                problems[prefix + name] = results.generate_report()
    assert not problems, problems


# Every text drawn in a chart (an SVG's <text>): how tall it is drawn, and whether it was cut.
CHART_TEXTS = """() => [...document.querySelectorAll("main svg text")].map((text) => ({
  text: text.textContent.trim(), height: text.getBoundingClientRect().height,
}))"""


def test_the_charts_labels_are_whole_and_readable_on_a_phone(live_server, demo, phone):
    """Found in a browser walk: the analysis and reach charts were drawn 640 wide and shrunk
    to the phone's width, their labels cut at 26 or 28 letters ('Kultur, fritid och tur…') and
    drawn about 7 px high. A chart's label is now text of the page, whole and of the page's
    size, with its bar under it, as on the public figures. And the reach's tables of six
    columns ran off the screen ('Andel av invånarna' cut)."""
    process = Process.objects.get(slug=demo)
    # Sunne's residents per age group (SCB, 2024, rounded), to compare the reach with.
    ages = {"0-15": 2300, "16-19": 560, "20-29": 1200, "30-44": 2000, "45-64": 3300}
    figures_save(process=process, figures={("age_band", band): n for band, n in ages.items()})
    phone.goto(live_server.url + reverse("login"))
    phone.get_by_label("Användarnamn").fill("strategist")
    phone.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Logga in").click()
    phone.wait_for_url("**" + reverse("staff:process_list"))
    for name, table in (("staff:analysis", "#per-category"), ("staff:reach", "[id^=reach-]")):
        phone.goto(live_server.url + reverse(name, args=[demo]))
        texts = phone.evaluate(CHART_TEXTS)
        assert not [t for t in texts if t["text"].endswith("…")], (name, texts)
        assert not [t for t in texts if t["height"] < 12], (name, texts)
        # The bars are drawn, each under its row's label (two on the reach: said, residents).
        rows = phone.locator(f"table{table} th[scope=row]").count()
        bars = phone.locator(f"table{table} th[scope=row] svg.bar").count()
        assert rows, name
        assert bars == rows * (2 if name == "staff:reach" else 1), (name, rows, bars)
        found = phone.evaluate(MEASURE)
        assert found["cut"] == [], (name, found)
        results = Axe().run(phone, options=WCAG_21_AA)
        assert results.violations_count == 0, results.generate_report()
    # The reach's six columns are a card per group on a phone, each figure named: no box to
    # scroll sideways to see whether a group was reached. Only the tables of a column per
    # group (respondents per kind of event) scroll.
    assert found["scrolling"], found
    assert all(table.startswith("by-kind-") for table in found["scrolling"]), found
