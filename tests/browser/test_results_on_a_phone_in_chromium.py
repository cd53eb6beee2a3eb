"""The demo's figures read on a 375 px phone, as a resident would: every label at least as
large as the body's text and none cut, the bars largest first (the age groups in their order),
no empty space under a chart, tables with every column in sight, and a year under each target's
line. The pages touched pass axe at desktop and phone width, in Swedish and English."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from dialogues.models import Process
from opinions.models import Respondent
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SMALLEST = 12  # px: the body's text is 16 px; nothing a resident must read is under 12

# Every piece of text in the figures' sections, with its size as drawn (an SVG's text scaled with
# its drawing), whether it is cut (by its box, by an ellipsis, or by the screen's edge), and for
# each SVG the space below the last thing drawn in it.
MEASURE = """(selector) => {
  const screen = document.documentElement.clientWidth;
  const texts = [], svgs = [], boxes = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, el = node.parentElement;
      if (!node.textContent.trim() || el.closest("caption.visually-hidden, title, desc")) continue;
      if (el.getClientRects().length === 0) continue;
      const scale = el instanceof SVGElement ? el.getScreenCTM().a : 1;
      const range = document.createRange(); range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      texts.push({
        text: node.textContent.trim(),
        size: parseFloat(getComputedStyle(el).fontSize) * scale,
        cut: node.textContent.trim().endsWith("…") || box.left < -0.5 || box.right > screen + 0.5,
      });
    }
    for (const el of root.querySelectorAll("th, td, .table-responsive")) {
      if (el.getClientRects().length === 0) continue;
      const box = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth + 1 || box.left < -0.5 || box.right > screen + 0.5) {
        const name = el.textContent.trim().slice(0, 40);
        boxes.push(`${name} (${el.scrollWidth}/${el.clientWidth} px, right edge ${box.right})`);
      }
    }
    for (const svg of root.querySelectorAll("svg")) {
      const bottom = Math.max(...[...svg.children].filter((c) => c.getBBox)
        .map((c) => c.getBoundingClientRect().bottom));
      svgs.push(svg.getBoundingClientRect().bottom - bottom);
    }
  }
  return {texts, svgs, boxes};
}"""


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Process.objects.get(slug="sunne-vision-2025")


def assert_readable(page, selector: str) -> None:
    found = page.evaluate(MEASURE, selector)
    assert found["texts"], selector
    small = [(t["text"], round(t["size"], 1)) for t in found["texts"] if t["size"] < SMALLEST]
    assert not small, f"under {SMALLEST} px: {small[:8]}"
    cut = [t["text"] for t in found["texts"] if t["cut"]]
    assert not cut, f"cut off: {cut[:8]}"
    assert not found["boxes"], f"clipped: {found['boxes'][:8]}"
    gaps = [round(gap) for gap in found["svgs"] if gap > 8]
    assert not gaps, f"blank space under a chart: {gaps} px"


BARS = """() => [...document.querySelectorAll("section[aria-labelledby^=heading-]")].map((s) => ({
  key: s.getAttribute("aria-labelledby").slice(8),
  bars: [...s.querySelectorAll("svg rect")].map((r) => r.getBoundingClientRect().width),
  rows: [...s.querySelectorAll("tbody th[scope=row]")].map((th) => th.textContent.trim()),
}))"""


def test_the_results_read_on_a_phone_largest_first(live_server, demo, phone):
    ages = [str(label) for _value, label in Respondent.AgeBand.choices]
    for prefix in ("", "/en"):
        phone.goto(live_server.url + prefix + reverse("public:results", args=[demo.slug]))
        assert phone.evaluate("document.documentElement.clientWidth") == PHONE["width"]
        assert_readable(phone, "section[aria-labelledby^=heading-]")
        charts = phone.evaluate(BARS)
        assert {chart["key"] for chart in charts} >= {"category", "event_kind", "age_band"}
        for chart in charts:
            bars = chart["bars"]
            assert len(bars) >= 2, chart
            if chart["key"] == "age_band":
                if prefix == "":  # the age groups from the youngest, not by size
                    assert [row for row in chart["rows"] if row in ages] == [
                        age for age in ages if age in chart["rows"]
                    ]
                    assert len([row for row in chart["rows"] if row in ages]) >= 3
            else:
                assert bars == sorted(bars, reverse=True), chart


def test_each_target_on_a_phone_has_its_years_along_the_line(live_server, demo, phone):
    phone.goto(live_server.url + reverse("public:outcome", args=[demo.slug]))
    assert_readable(phone, ".target-chart")
    charts = phone.evaluate(
        """() => [...document.querySelectorAll(".target-chart")].map((figure) => {
          const svg = figure.querySelector("svg");
          const lowest = Math.max(...[...svg.querySelectorAll("circle")]
            .map((c) => c.getBoundingClientRect().bottom));
          return {
            years: [...figure.querySelectorAll("tbody th")]
              .map((th) => th.textContent.trim().slice(0, 4)),
            below: [...svg.querySelectorAll("text")]
              .filter((t) => t.getBoundingClientRect().top >= lowest - 1)
              .map((t) => t.textContent.trim()),
          };
        })"""
    )
    assert len(charts) >= 5
    for chart in charts:
        # The axis under the line names the first year and the last, at the least.
        assert chart["years"][0] in chart["below"], chart
        assert chart["years"][-1] in chart["below"], chart


def test_the_remiss_points_read_on_a_phone_without_scrolling_sideways(live_server, demo, phone):
    """Found in a browser walk: the table of the remiss answers' points (who, the point, how it
    was handled, why) scrolled sideways inside its box on a phone, with no sign that it did,
    so a resident read the points without how they were handled. Each point is now a card of
    its own, each value named, in Swedish and in English."""
    for prefix, named in (("", "Hantering"), ("/en", "Handled")):
        phone.goto(live_server.url + prefix + reverse("public:outcome", args=[demo.slug]))
        points = phone.locator("#points-caption").locator("xpath=..")
        assert points.locator("tbody tr").count() >= 3
        assert_readable(phone, "table:has(#points-caption)")
        first = points.locator("tbody tr").first
        assert named in first.inner_text()  # each value says which column it is
        # Each column's name whole on one line ("Hanteri / ng" was broken), the caption as
        # wide as the cards (it was squeezed into 90 px over five lines).
        lines = phone.evaluate(
            """() => [...document.querySelectorAll("table:has(#points-caption) .cell-label")]
              .map((label) => {
                const range = document.createRange(); range.selectNodeContents(label);
                return range.getClientRects().length;
              })"""
        )
        assert max(lines) == 1, lines
        caption = phone.locator("#points-caption").bounding_box()
        assert caption["width"] > 300, caption


def touched_pages(demo) -> list[str]:
    code = Respondent.objects.filter(process=demo, opinions__isnull=False).first().receipt_code
    return [
        reverse("home"),
        reverse("public:process", args=[demo.slug]),
        reverse("public:process", args=["sunne-cykelvag"]),
        reverse("public:results", args=[demo.slug]),
        reverse("public:outcome", args=[demo.slug]),
        reverse("public:brochure", args=[demo.slug]),
        reverse("public:receipt", args=[code]),
    ]


def test_the_pages_touched_pass_axe_on_a_phone_and_a_desktop(live_server, demo, phone, desktop):
    axe, problems = Axe(), {}
    for page, width in ((phone, "375"), (desktop, "1280")):
        page.emulate_media(reduced_motion="reduce")
        for path in touched_pages(demo):
            for url in (path, "/en" + path):
                page.goto(live_server.url + url)
                results = axe.run(page, options=WCAG_21_AA)
                if results.violations_count:
                    problems[f"{url} at {width} px"] = results.generate_report()
    assert not problems, "\n\n".join(f"{url}\n{report}" for url, report in problems.items())
