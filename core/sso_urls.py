"""django-allauth's pages that this site uses, each declared with its rule like every other view
(core/permissions.py), so that the permission grid sees them: signing in through the identity
provider, the second factor at sign-in, and each staff member's own second factor. Its other
pages (signing up, e-mail addresses, passwords by mail) are not served: staff accounts are made
by an administrator or by the identity provider."""

from functools import wraps

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from allauth.mfa.webauthn import views as webauthn_views
from allauth.socialaccount import views as social_views
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from allauth.socialaccount.providers.saml import views as saml_views
from django.urls import path

from core.permissions import public, view_rules
from core.sign_in import StaffLoginView, StaffLogoutView

OWN = "core.manage_own_sign_in"


def in_site_frame(view):
    """allauth's pages name their `site` (django.contrib.sites'), which would hide the
    municipality's (public.context_processors.site) from the page's header and footer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if getattr(response, "context_data", None):
            response.context_data.pop("site", None)
        return response

    return wrapped


def own(view):
    return view_rules(OWN, OWN)(in_site_frame(view))


def everyones(view, *, writes: bool = False):
    return public(in_site_frame(view), writes=writes)


login_view = public(StaffLoginView.as_view(), writes=True)
logout_view = public(StaffLogoutView.as_view(), writes=True)

urlpatterns = [
    path("login/", login_view, name="login"),
    path("logout/", logout_view, name="logout"),
    # The same two under the names allauth's own pages link to.
    path("login/", login_view, name="account_login"),
    path("logout/", logout_view, name="account_logout"),
    path("reauthenticate/", own(account_views.reauthenticate), name="account_reauthenticate"),
    # The identity provider: its sign-in (a POST from the login page), and its answer.
    path(
        "oidc/<str:provider_id>/login/",
        everyones(oidc_views.login, writes=True),
        name="openid_connect_login",
    ),
    path(
        "oidc/<str:provider_id>/login/callback/",
        everyones(oidc_views.callback, writes=True),
        name="openid_connect_callback",
    ),
    path(
        "saml/<str:organization_slug>/login/",
        everyones(saml_views.login, writes=True),
        name="saml_login",
    ),
    path(
        "saml/<str:organization_slug>/acs/", everyones(saml_views.acs, writes=True), name="saml_acs"
    ),
    path(
        "saml/<str:organization_slug>/acs/finish/",
        everyones(saml_views.finish_acs, writes=True),
        name="saml_finish_acs",
    ),
    path(
        "saml/<str:organization_slug>/sls/", everyones(saml_views.sls, writes=True), name="saml_sls"
    ),
    path(
        "saml/<str:organization_slug>/metadata/",
        everyones(saml_views.metadata),
        name="saml_metadata",
    ),
    path(
        "3rdparty/login/cancelled/",
        everyones(social_views.login_cancelled),
        name="socialaccount_login_cancelled",
    ),
    path(
        "3rdparty/login/error/",
        everyones(social_views.login_error),
        name="socialaccount_login_error",
    ),
    # The second factor at sign-in: between the password and the session, so still anonymous.
    path(
        "2fa/authenticate/", everyones(mfa_views.authenticate, writes=True), name="mfa_authenticate"
    ),
    # Each staff member's own second factor.
    path("2fa/", own(mfa_views.index), name="mfa_index"),
    path("2fa/reauthenticate/", own(mfa_views.reauthenticate), name="mfa_reauthenticate"),
    path("2fa/totp/activate/", own(totp_views.activate_totp), name="mfa_activate_totp"),
    path("2fa/totp/deactivate/", own(totp_views.deactivate_totp), name="mfa_deactivate_totp"),
    path(
        "2fa/recovery-codes/",
        own(recovery_views.view_recovery_codes),
        name="mfa_view_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/generate/",
        own(recovery_views.generate_recovery_codes),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/download/",
        own(recovery_views.download_recovery_codes),
        name="mfa_download_recovery_codes",
    ),
    path("2fa/webauthn/", own(webauthn_views.list_webauthn), name="mfa_list_webauthn"),
    path("2fa/webauthn/add/", own(webauthn_views.add_webauthn), name="mfa_add_webauthn"),
    path(
        "2fa/webauthn/reauthenticate/",
        own(webauthn_views.reauthenticate_webauthn),
        name="mfa_reauthenticate_webauthn",
    ),
    path(
        "2fa/webauthn/keys/<int:pk>/remove/",
        own(webauthn_views.remove_webauthn),
        name="mfa_remove_webauthn",
    ),
    path(
        "2fa/webauthn/keys/<int:pk>/edit/",
        own(webauthn_views.edit_webauthn),
        name="mfa_edit_webauthn",
    ),
]
