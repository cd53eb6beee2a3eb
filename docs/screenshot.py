"""Make docs/screenshot.png (the Sunne demo's stage dashboard) and docs/workbench.png (the
coding workbench on the cycle-path process), as README.md shows them.

Run from the project root with the demo server running (`make run`):
    .venv/bin/python docs/screenshot.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).with_name("screenshot.png")

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{BASE}/accounts/login/")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("demo")
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{BASE}/staff/processes/sunne-vision-2025/")
    page.screenshot(path=str(OUT))
    page.context.clear_cookies()
    page.goto(f"{BASE}/accounts/login/")
    page.get_by_label("Användarnamn").fill("strategist")
    page.get_by_label("Lösenord").fill("demo")
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{BASE}/staff/processes/sunne-cykelvag/coding/")
    with page.expect_navigation():
        page.locator("[data-opinion-link]").first.click()
    page.keyboard.press("1")
    page.locator("[data-key='1'][aria-pressed=true]").wait_for()
    page.wait_for_timeout(300)  # let the button's colour settle
    page.screenshot(path=str(OUT.with_name("workbench.png")))
    browser.close()
print(f"wrote {OUT} and workbench.png")
