"""django-allauth's pages as the permission grid expects them (tests/core/test_permission_grid.py
merges these rows): the sign-in pages are everyone's; a staff member's own second factor is
theirs, and the pages that change it first ask for the password again (a redirect); the grid
has no identity provider configured, so its addresses answer 404."""

ROLES = ["anonymous", "administrator", "facilitator", "strategist", "politician"]
STAFF = ROLES[1:]
LOGIN = "login"
WRITE_OK = "write"


def everyone(code):
    return dict.fromkeys(ROLES, code)


def staff(ok):
    return {role: ok if role in STAFF else LOGIN for role in ROLES}


NO_PROVIDER = everyone(404)
REAUTHENTICATE_FIRST = staff(302)
NONE_SET_UP = staff(404)  # nothing of the kind set up yet for the grid's users

SSO_EXPECTED = {
    "account_login": {**everyone(302), "anonymous": 200},  # the login page, by allauth's name
    "account_logout": everyone(405),
    "account_reauthenticate": staff(200),
    "openid_connect_login": NO_PROVIDER,
    "openid_connect_callback": NO_PROVIDER,
    "saml_login": NO_PROVIDER,
    "saml_acs": everyone(302),  # on to acs/finish/, which has no provider either
    "saml_finish_acs": NO_PROVIDER,
    "saml_sls": NO_PROVIDER,
    "saml_metadata": NO_PROVIDER,
    "socialaccount_login_cancelled": everyone(200),
    "socialaccount_login_error": everyone(401),
    "mfa_authenticate": {**everyone(302), "anonymous": LOGIN},  # no sign-in under way
    "mfa_index": staff(200),
    "mfa_list_webauthn": staff(200),
    "mfa_reauthenticate": REAUTHENTICATE_FIRST,
    "mfa_activate_totp": REAUTHENTICATE_FIRST,
    "mfa_generate_recovery_codes": REAUTHENTICATE_FIRST,
    "mfa_add_webauthn": REAUTHENTICATE_FIRST,
    "mfa_reauthenticate_webauthn": REAUTHENTICATE_FIRST,
    "mfa_remove_webauthn": REAUTHENTICATE_FIRST,
    "mfa_edit_webauthn": REAUTHENTICATE_FIRST,
    "mfa_deactivate_totp": NONE_SET_UP,
    "mfa_view_recovery_codes": NONE_SET_UP,
    "mfa_download_recovery_codes": NONE_SET_UP,
}

SSO_READ_ONLY = {
    "saml_metadata",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "mfa_index",
    "mfa_list_webauthn",
    "mfa_view_recovery_codes",
}
SSO_WRITES = {
    name: (
        {role: 405 if code not in (LOGIN, 403) else code for role, code in expected.items()}
        if name in SSO_READ_ONLY
        else {role: LOGIN if code == LOGIN else WRITE_OK for role, code in expected.items()}
    )
    for name, expected in SSO_EXPECTED.items()
}

# What the grid fills the addresses' parts with.
SSO_URL_PARTS = {"<str:provider_id>": "provider_id", "<str:organization_slug>": "organization_slug"}
SSO_URL_VALUES = {"provider_id": "kommun", "organization_slug": "kommun"}
