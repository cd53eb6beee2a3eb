"""A strategist signs in through the municipality's identity provider (a real OpenID Connect
provider on the loopback), lands with the role its group claim gives, and signs out of both;
the sign-in pages pass axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.core.sso_support import configure, oidc_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def provider(live_server, settings):
    with oidc_provider(live_server.url) as issuer:
        configure(settings, issuer)
        yield issuer


def no_violations(page) -> list:
    results = Axe().run(page, options=WCAG_21_AA)
    return [(v["id"], [n["html"] for n in v["nodes"]]) for v in results.response["violations"]]


def test_a_strategist_signs_in_through_the_provider_and_out_of_both(live_server, provider, desktop):
    desktop.goto(live_server.url + reverse("login"))
    assert no_violations(desktop) == []
    desktop.get_by_role("button", name="Logga in med Sunne-ID").click()

    desktop.wait_for_url(provider + "/**")  # the provider's own sign-in form
    desktop.locator("input[name=login]").fill("strateg")
    desktop.locator("input[name=password]").fill("vilket-som-helst")
    desktop.locator("button[type=submit]").click()

    desktop.wait_for_url(live_server.url + "/staff/**")
    desktop.locator("#account-menu").click()  # the account's menu names the roles
    header = desktop.locator("header").inner_text()
    assert "strateg" in header.lower()  # the role, named in the page header
    user = get_user_model().objects.get(username="strateg")
    assert set(user.groups.values_list("name", flat=True)) == {"strategist"}

    desktop.get_by_role("button", name="Logga ut").first.click()
    desktop.wait_for_url(provider + "/session/end**")  # the provider asks to sign out there too
    desktop.locator("button[autofocus], button[type=submit]").first.click()
    desktop.wait_for_url(live_server.url + "/")
    desktop.goto(live_server.url + reverse("staff:process_list"))
    assert reverse("login") in desktop.url


def test_the_refusal_passes_axe(live_server, provider, desktop):
    desktop.goto(live_server.url + reverse("login"))
    desktop.get_by_role("button", name="Logga in med Sunne-ID").click()
    desktop.wait_for_url(provider + "/**")
    desktop.locator("input[name=login]").fill("nobody")
    desktop.locator("input[name=password]").fill("vilket-som-helst")
    desktop.locator("button[type=submit]").click()
    desktop.get_by_role("heading", name="Du har ingen roll här").wait_for()
    assert no_violations(desktop) == []


def test_an_administrator_gives_the_authenticator_apps_code_after_the_password(
    live_server, desktop
):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.core.test_sso_mfa import PASSWORD, SECRET, code
    from tests.factories import UserFactory

    TOTP.activate(UserFactory(username="anna", password=PASSWORD, role="administrator"), SECRET)
    desktop.goto(live_server.url + reverse("login"))
    desktop.get_by_label("Användarnamn").fill("anna")
    desktop.get_by_label("Lösenord").fill(PASSWORD)
    desktop.get_by_role("button", name="Logga in", exact=True).click()
    desktop.wait_for_url("**" + reverse("mfa_authenticate"))
    assert no_violations(desktop) == []
    desktop.locator("input[name=code]").fill(code(SECRET))
    desktop.locator("input[name=code]").press("Enter")
    desktop.wait_for_url("**" + reverse("staff:process_list"))
    desktop.goto(live_server.url + reverse("mfa_index"))
    assert no_violations(desktop) == []
