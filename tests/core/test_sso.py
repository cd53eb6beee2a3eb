"""Staff sign in through the municipality's identity provider (a real OpenID Connect provider
on the loopback: tests/core/oidc_provider.mjs), with the roles its groups give."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from core.sso import roles_for_groups
from tests.core.sso_support import PROVIDER_ID, configure, oidc_provider, sign_in_at_provider
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with oidc_provider("http://testserver") as issuer:
        configure(settings, issuer)
        yield issuer


def sign_in(client, username: str):
    """Press the login page's button, sign in at the provider, come back with the code."""
    start = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    response = client.post(start)
    assert response.status_code == 302
    callback = sign_in_at_provider(response["Location"], username)
    parts = urlsplit(callback)
    assert parts.netloc == "testserver", callback
    return client.get(parts.path + "?" + parts.query, follow=True)


def roles_of(username: str) -> set[str]:
    user = get_user_model().objects.get(username=username)
    return set(user.groups.values_list("name", flat=True))


def test_the_login_page_offers_the_municipalitys_sign_in(client, provider):
    page = client.get(reverse("login")).content.decode()
    assert "Logga in med Sunne-ID" in page
    assert 'name="username"' in page  # local accounts still sign in with a password


def test_a_strategist_signs_in_and_has_the_role_the_group_claim_gives(client, provider):
    response = sign_in(client, "strateg")
    assert response.status_code == 200
    assert response.context["user"].username == "strateg"
    assert roles_of("strateg") == {"strategist"}
    assert "strateg" in response.content.decode()


def test_a_later_sign_in_sets_the_roles_from_the_groups_again(client, provider, settings):
    sign_in(client, "strateg")
    client.post(reverse("logout"))
    settings.SSO_GROUP_ROLES = {"sunne-strateger": ["strategist", "politician"]}
    sign_in(client, "strateg")
    assert roles_of("strateg") == {"strategist", "politician"}
    assert get_user_model().objects.filter(username__startswith="strateg").count() == 1


def test_a_user_whose_groups_give_no_role_is_refused_and_told_why(client, provider):
    response = sign_in(client, "nobody")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du har ingen roll här" in page
    assert "nobody" in page  # the groups the provider named
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_a_user_who_loses_every_group_is_refused_at_the_next_sign_in(client, provider, settings):
    sign_in(client, "strateg")
    client.post(reverse("logout"))
    settings.SSO_GROUP_ROLES = {"sunne-it": "administrator"}
    response = sign_in(client, "strateg")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert roles_of("strateg") == set()


def test_signing_out_also_ends_the_session_at_the_provider(client, provider):
    sign_in(client, "strateg")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == provider
    assert location.path == "/session/end"
    query = parse_qs(location.query)
    assert query["client_id"] == ["sunnemodellen"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert "_auth_user_id" not in client.session


def test_a_local_account_signs_out_here_only(client, provider):
    UserFactory(username="anna", password="ett-långt-lösenord", role="strategist")
    client.post(reverse("login"), {"username": "anna", "password": "ett-långt-lösenord"})
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("home")


def test_the_mapping_reads_names_and_lists_and_ignores_unknown_roles(settings):
    settings.SSO_GROUP_ROLES = {"a": "strategist", "b": ["politician", "king"], "c": "nobody"}
    assert roles_for_groups(["a", "b", "c", "d"]) == {"strategist", "politician"}


def test_it_sees_how_staff_sign_in_and_which_groups_give_which_roles(client, provider):
    client.force_login(UserFactory(username="it", role="administrator"))
    page = client.get(reverse("staff:sign_in_overview")).content.decode()
    assert "sunne-strateger" in page
    assert "strateg" in page  # the role, in Swedish
    assert f"http://testserver/accounts/oidc/{PROVIDER_ID}/login/callback/" in page
    assert 'id="packages"' in page  # where the e-archive's packages are listed


def test_the_it_page_lists_where_the_provider_sends_users_back_in_each_language(client, provider):
    """Found in a browser walk: the IT page listed the address after signing out in the
    viewer's language only ("…/en/" for an English reader). Signing out sends the provider the
    address in the user's own language, so both are to be registered, whoever reads the page."""
    sign_in(client, "strateg")
    with translation.override("en"):
        response = client.post(reverse("logout"))
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/en/"]
    client.force_login(UserFactory(username="it", role="administrator"))
    for language in ("sv", "en"):
        with translation.override(language):
            page = client.get(reverse("staff:sign_in_overview")).content.decode()
        assert "<li><code>http://testserver/</code></li>" in page
        assert "<li><code>http://testserver/en/</code></li>" in page


def test_only_an_administrator_sees_the_it_page(client):
    client.force_login(UserFactory(username="s", role="strategist"))
    assert client.get(reverse("staff:sign_in_overview")).status_code == 403
