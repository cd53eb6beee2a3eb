"""Playwright driving Debian's Chromium against the live test server.

Playwright cannot download its own browser here; `make test` installs Debian's Chromium.
"""

import os

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 740}

# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
# ordinary synchronous calls made between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_with_logins(db):
    """The demo, with its logins (password `demo.seed.DEMO_PASSWORD`): its process's slug."""
    from django.contrib.auth.models import Group

    from core.roles import ROLES
    from demo.seed import seed

    # The role groups a migration made are gone after another test emptied the database.
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    seed(with_users=True)
    return "sunne-vision-2025"
