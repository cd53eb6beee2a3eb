"""Logging in, and the pause that stops password guessing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_staff_member_logs_in_and_lands_on_the_processes(client):
    UserFactory(username="anna", password="ett-långt-lösenord", role="administrator")
    response = client.post(
        reverse("login"), {"username": "anna", "password": "ett-långt-lösenord"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("staff:process_list")
    assert "Dialogprocesser" in response.content.decode()


def test_five_wrong_passwords_pause_the_username_even_for_the_right_one(client):
    UserFactory(username="anna", password="ett-långt-lösenord", role="administrator")
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "anna", "password": "gissning"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "anna", "password": "gissning"})
    assert response.status_code == 429
    response = client.post(reverse("login"), {"username": "anna", "password": "ett-långt-lösenord"})
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_username_from_the_same_address_is_not_paused(client):
    """A municipality's staff often share one public address."""
    UserFactory(username="anna", password="ett-långt-lösenord")
    UserFactory(username="per", password="pers-långa-lösenord")
    for _ in range(5):
        client.post(reverse("login"), {"username": "anna", "password": "gissning"})
    response = client.post(reverse("login"), {"username": "per", "password": "pers-långa-lösenord"})
    assert response.status_code == 302


REDIS = "redis://127.0.0.1:6379/8"


def test_with_a_shared_cache_sessions_are_read_from_it():
    """Every server process reads a signed-in session from Redis, not from PostgreSQL, once a
    shared cache is configured; the local memory of one process cannot hold them."""
    from tests.core.test_health_and_security import run_python

    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.SESSION_ENGINE)"
    env = {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "sunnemodel.settings"}
    assert run_python(code, env={**env, "CACHE_URL": REDIS}).stdout.split()[-1] == (
        "django.contrib.sessions.backends.cached_db"
    )
    assert run_python(code, env={**env, "CACHE_URL": ""}).stdout.split()[-1] == (
        "django.contrib.sessions.backends.db"
    )


def test_a_session_kept_in_the_cache_costs_no_query_and_ends_on_signing_out(client, settings):
    """As the settings make it with Redis (above); the test's own cache stands in for Redis,
    so that it needs no server."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    UserFactory(username="anna", password="ett-långt-lösenord", role="administrator")
    client.post(reverse("login"), {"username": "anna", "password": "ett-långt-lösenord"})
    cookie = client.cookies["sessionid"].value
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("staff:process_list")).status_code == 200
    assert not [q for q in context.captured_queries if "django_session" in q["sql"]]
    client.post(reverse("logout"))
    client.cookies["sessionid"] = cookie  # the old session's cookie, kept by someone
    assert client.get(reverse("staff:process_list")).status_code == 302
