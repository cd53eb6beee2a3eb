"""A local account's second factor: an authenticator app's code (TOTP) after the password, and
administrators made to set one up where the installation asks for it."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "ett-långt-lösenord"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code(secret: str, step: int = 0) -> str:
    """What the user's authenticator app shows now (or `step` periods from now)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def log_in(client):
    return client.post(reverse("login"), {"username": "anna", "password": PASSWORD})


@pytest.fixture
def administrator():
    return UserFactory(username="anna", password=PASSWORD, role="administrator")


def test_with_a_second_factor_the_password_alone_does_not_sign_in(client, administrator):
    TOTP.activate(administrator, SECRET)
    response = log_in(client)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("staff:process_list"))
    assert page["Location"].startswith(reverse("login"))
    response = client.get(reverse("mfa_authenticate"))
    assert "Tvåfaktorsautentisering" in response.content.decode()


def test_a_wrong_code_does_not_sign_in(client, administrator):
    TOTP.activate(administrator, SECRET)
    log_in(client)
    wrong = f"{(int(code(SECRET)) + 1) % 1_000_000:06}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_code_after_the_password_signs_in(client, administrator):
    TOTP.activate(administrator, SECRET)
    log_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": code(SECRET)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:process_list")
    assert client.session["_auth_user_id"] == str(administrator.pk)


def test_an_administrator_enrols_an_authenticator_app_and_signs_in_with_it(
    client, administrator, settings
):
    settings.MFA_TOTP_TOLERANCE = 1  # the sign-in's code is the app's next one, as a minute on
    log_in(client)
    # Setting up a second factor asks for the password once more.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert 'src="data:image/svg+xml' in page.content.decode()  # the QR code to scan
    response = client.post(reverse("mfa_activate_totp"), {"code": code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=administrator, type="totp").exists()

    client.post(reverse("logout"))
    assert log_in(client)["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code(secret, step=1)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(administrator.pk)


def test_where_required_an_administrator_must_set_up_a_second_factor_first(
    client, administrator, settings
):
    settings.MFA_REQUIRED_FOR_ADMINISTRATORS = True
    response = client.post(
        reverse("login"), {"username": "anna", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    assert "En administratör behöver en andra faktor" in response.content.decode()
    assert client.get(reverse("staff:process_list"))["Location"] == reverse("mfa_index")
    setting_up = client.get(reverse("mfa_activate_totp"))
    assert setting_up["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(setting_up["Location"]).status_code == 200


def test_where_required_other_roles_and_enrolled_administrators_go_on(client, settings):
    settings.MFA_REQUIRED_FOR_ADMINISTRATORS = True
    UserFactory(username="sara", password=PASSWORD, role="strategist")
    client.post(reverse("login"), {"username": "sara", "password": PASSWORD})
    assert client.get(reverse("staff:process_list")).status_code == 200
