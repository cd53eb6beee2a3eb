"""Signing in and out: a local account's password, then its second factor where it has one; the
municipality's identity provider; and IT's page that shows how it is all set up.

The login page stays Django's, at the address it always had, and hands a correct password on to
django-allauth's login flow, which asks for the account's second factor (an authenticator app's
code or a passkey) before the user is signed in. Signing out through the identity provider also
ends the session there, where the provider tells of an end-session endpoint (OpenID Connect
RP-initiated logout).
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import requests
from allauth.account.internal.flows.login import get_authentication_records, perform_password_login
from allauth.account.models import Login
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.permissions import view_rules
from core.roles import ROLES, is_administrator
from core.sso import group_roles

log = logging.getLogger(__name__)

# What a signed-in administrator without a second factor may still reach: the pages that set
# one up, and signing out.
OPEN_WITHOUT_SECOND_FACTOR = {"logout", "account_logout", "account_reauthenticate", "set_language"}


def sign_in_providers(request) -> list:
    """The identity providers configured for this installation (settings.py, from the
    environment), each with the address its sign-in button posts to."""
    return [
        {"name": provider.name, "url": provider.get_login_url(request)}
        for provider in get_social_adapter().list_providers(request)
    ]


class StaffLoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(providers=sign_in_providers(self.request), **kwargs)
        # Django's login view names its `site` (django.contrib.sites'), which hid the
        # municipality's (public.context_processors.site) from the page's header.
        context.pop("site", None)
        context.pop("site_name", None)
        return context

    def form_valid(self, form):
        """The password was right: allauth's flow asks for a second factor where the account has
        one, and signs the user in when it is given (or at once when it has none)."""
        user = form.get_user()
        login = Login(user=user, redirect_url=self.get_success_url())
        return perform_password_login(self.request, {"username": user.get_username()}, login)


def _provider_logout_url(request, provider_id: str | None) -> str | None:
    """Where the identity provider ends its own session (OpenID Connect's end_session_endpoint),
    with the address it sends the user back to; None where it tells of none."""
    if not provider_id:
        return None
    try:
        provider = get_social_adapter().get_provider(request, provider_id)
        if provider.id != "openid_connect":
            return None
        endpoint = provider.get_oauth2_adapter(request).openid_config.get("end_session_endpoint")
    except (LookupError, ValueError, OAuth2Error, requests.RequestException):
        log.warning("Could not read the end-session endpoint of %s", provider_id, exc_info=True)
        return None
    if not endpoint:
        return None
    back = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
    query = urlencode({"client_id": provider.app.client_id, "post_logout_redirect_uri": back})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def signed_in_through(request) -> str | None:
    """The provider the session's user signed in through, None for a local account."""
    for record in get_authentication_records(request, request.user):
        if record.get("method") == "socialaccount":
            return record.get("provider")
    return None


class StaffLogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        provider_id = signed_in_through(request) if request.user.is_authenticated else None
        response = super().post(request, *args, **kwargs)
        provider_logout = _provider_logout_url(request, provider_id)
        return redirect(provider_logout) if provider_logout else response


def needs_second_factor(request) -> bool:
    """An administrator signed in with a local password and no second factor set up, where
    settings.MFA_REQUIRED_FOR_ADMINISTRATORS asks for one (outside DEBUG by default). One who
    signed in through the identity provider had its multi-factor check there."""
    user = request.user
    if not (settings.MFA_REQUIRED_FOR_ADMINISTRATORS and user.is_authenticated):
        return False
    if request.session.get("_second_factor_seen") or not is_administrator(user):
        return False
    if signed_in_through(request) or Authenticator.objects.filter(user=user).exists():
        request.session["_second_factor_seen"] = True
        return False
    return True


class SecondFactorRequiredMiddleware:
    """Sends an administrator without a second factor to set one up before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = request.resolver_match.url_name if request.resolver_match else None
        if not name or name.startswith("mfa_") or name in OPEN_WITHOUT_SECOND_FACTOR:
            return None
        if not needs_second_factor(request):
            return None
        messages.warning(
            request,
            _(
                "An administrator needs a second factor: set up an authenticator app or a "
                "passkey before you go on."
            ),
        )
        return redirect("mfa_index")


def _packages_template() -> str | None:
    """The e-archive's block for this page (the archive app's), where it is installed."""
    try:
        get_template("archive/packages_block.html")
    except TemplateDoesNotExist:
        return None
    return "archive/packages_block.html"


@view_rules("core.view_sign_in_overview", None)
def sign_in_overview(request):
    """IT's page: how staff sign in, which groups give which roles, and (from the archive app)
    the e-archive packages made."""
    users = get_user_model().objects.filter(is_active=True)
    context = {
        "providers": sign_in_providers(request),
        "saml_configured": "saml" in settings.SOCIALACCOUNT_PROVIDERS,
        "oidc_configured": "openid_connect" in settings.SOCIALACCOUNT_PROVIDERS,
        "callback_urls": _callback_urls(request),
        "mapping": [
            (group, [ROLES[code] for code in codes]) for group, codes in group_roles().items()
        ],
        "groups_claim": settings.SSO_GROUPS_CLAIM,
        "mfa_required": settings.MFA_REQUIRED_FOR_ADMINISTRATORS,
        "counts": {
            "sso": users.filter(socialaccount__isnull=False).distinct().count(),
            "local": users.filter(socialaccount__isnull=True).count(),
            "second_factor": users.filter(authenticator__isnull=False).distinct().count(),
        },
        "packages_template": _packages_template(),
    }
    return render(request, "account/sign_in_overview.html", context)


def _callback_urls(request) -> list[str]:
    """The addresses IT registers at the provider: the callbacks and the ones it sends users
    back to after signing out, each in every language's address."""
    urls = []
    with translation.override(settings.LANGUAGE_CODE):
        urls += _callback_paths(request)
    for code, _name in settings.LANGUAGES:  # signing out sends the user's language's address
        with translation.override(code):
            urls.append(request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL)))
    return urls


def _callback_paths(request) -> list[str]:
    urls = []
    for app in settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", []):
        path = reverse("openid_connect_callback", kwargs={"provider_id": app["provider_id"]})
        urls += [request.build_absolute_uri(path)]
        urls += [request.build_absolute_uri(f"/{code}{path}") for code, _ in settings.LANGUAGES[1:]]
    for app in settings.SOCIALACCOUNT_PROVIDERS.get("saml", {}).get("APPS", []):
        slug = {"organization_slug": app["client_id"]}
        urls += [request.build_absolute_uri(reverse(name, kwargs=slug)) for name in SAML_URLS]
    return urls


SAML_URLS = ("saml_metadata", "saml_acs", "saml_sls")
