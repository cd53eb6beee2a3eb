"""A table wider than a phone scrolls sideways inside its box (found in a browser walk: the
event list, the team, the codebook, the follow-up and a dozen more scrolled with no sign that
they did, and most boxes could not be reached by the keyboard to scroll them). Above each such
box a line now says so, in the reader's language, and the box is a named region the keyboard
reaches; on a desktop, where the table fits, neither."""

import pytest
from django.urls import reverse

from demo.seed import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOXES = """() => [...document.querySelectorAll(".table-responsive")].map((box) => ({
  wide: box.scrollWidth > box.clientWidth + 1,
  hint: box.previousElementSibling?.matches(".wide-table-hint")
    ? box.previousElementSibling.textContent : null,
  focusable: box.tabIndex === 0,
  name: box.getAttribute("aria-label") || box.getAttribute("aria-labelledby"),
  role: box.getAttribute("role"),
}))"""


@pytest.fixture
def demo(demo_with_logins):
    return demo_with_logins


def _log_in(page, live_server):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/staff/**")


def test_a_table_wider_than_a_phone_says_so_and_the_keyboard_reaches_it(
    live_server, demo, phone, desktop
):
    for page, width in ((phone, 375), (desktop, 1280)):
        _log_in(page, live_server)
        for prefix, said in (("", "bredare än skärmen"), ("/en", "wider than the screen")):
            page.goto(live_server.url + prefix + reverse("staff:event_list", args=[demo]))
            boxes = page.evaluate(BOXES)
            assert boxes
            for box in boxes:
                if width == 375:
                    assert box["wide"], box  # the event list is wider than a phone
                    assert said in (box["hint"] or ""), box
                    assert box["focusable"], box
                    assert box["role"] == "region", box
                    assert box["name"], box
                else:
                    assert not box["wide"], box
                    assert box["hint"] is None, box
