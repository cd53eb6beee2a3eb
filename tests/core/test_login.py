"""Logging in, and the pause that stops password guessing."""

import pytest
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
