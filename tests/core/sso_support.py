"""The loopback OpenID Connect provider of the sign-in tests (tests/core/oidc_provider.mjs), and
what the application is configured with to use it."""

import copy
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import requests

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
MODULE = Path(__file__).resolve().parents[2] / ".tools/node_modules/oidc-provider/lib/index.js"
PROVIDER_ID = "kommun"
GROUP_ROLES = {"sunne-strateger": "strategist", "sunne-it": ["administrator"]}


@contextmanager
def oidc_provider(*origins: str):
    """Runs the provider for clients at these origins (both languages' callbacks) and yields its
    issuer URL."""
    assert MODULE.exists(), "the OpenID Connect provider is missing: run `make oidc-provider`"
    callback = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"
    uris = [origin + prefix + callback for origin in origins for prefix in ("", "/en")]
    process = subprocess.Popen(
        ["node", str(SCRIPT), *uris],  # noqa: S607
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("ready "), f"the provider did not start: {line!r}"
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def configure(settings, issuer: str) -> None:
    """The application's settings for the provider, as settings.py makes them from SSO_*."""
    settings.SSO_GROUP_ROLES = GROUP_ROLES
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(issuer)  # as SSO_ORIGINS adds it
    settings.CONTENT_SECURITY_POLICY = policy
    settings.SSO_PROVIDER_NAME = "Sunne-ID"
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": "Sunne-ID",
                    "client_id": "sunnemodellen",
                    "secret": "test-secret",
                    "settings": {
                        "server_url": issuer,
                        "oauth_pkce_enabled": True,
                        "scope": ["openid", "profile", "email"],
                    },
                }
            ]
        }
    }


def sign_in_at_provider(authorize_url: str, username: str) -> str:
    """What a user does at the provider: sign in on its form. Returns where it sends them back
    (the application's callback, with the code)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    interaction = urljoin(authorize_url, response.headers["Location"])
    assert "<form" in browser.get(interaction, timeout=10).text
    response = browser.post(
        interaction,
        data={"prompt": "login", "login": username, "password": "whatever"},
        allow_redirects=False,
        timeout=10,
    )
    location = urljoin(authorize_url, response.headers["Location"])
    while location.startswith(authorize_url.split("/auth")[0]):
        response = browser.get(location, allow_redirects=False, timeout=10)
        location = urljoin(location, response.headers["Location"])
    return location
