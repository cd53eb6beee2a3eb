"""The strategist's figures on a 375 px phone (found in a browser walk): the explanation of each
table was its caption, as wide as the table, so on a phone it ran off the screen inside the
table's scrolling box ("Agreement per category and overall. 1 is fu…"), and the three columns of
opinions per category did not fit. Every explanation now wraps on the screen, a table of a few
columns fits, and a wider one scrolls in a box the keyboard can reach too (axe)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from demo.seed import DEMO_PASSWORD
from tests.browser.test_results_on_a_phone_in_chromium import WCAG_21_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every text on the page that is cut by the screen's right edge (but the cells of the two tables
# that may scroll), and every table box that scrolls, with the table's id.
MEASURE = """() => {
  const screen = document.documentElement.clientWidth, cut = [], scrolling = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest(".visually-hidden")) continue;
    if (element.closest("#crosstab tr, #cooccurrence tr")) continue;
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
