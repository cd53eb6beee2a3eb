"""Single sign-on: who the municipality's identity provider says a user is, and which roles that
gives them here.

The provider (OpenID Connect or SAML 2.0, through django-allauth) names the user's groups in a
claim; `settings.SSO_GROUP_ROLES` says which group gives which role, where an administrator can
read it (the IT page shows it). The first sign-in makes the account; every later one sets its
roles anew from the groups, so that a change in the provider's groups is a change here at the
next sign-in. A user none of whose groups gives a role is refused, and told why.
"""

from __future__ import annotations

from collections.abc import Iterable

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, _build_apps_from_settings
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.shortcuts import render

from core.roles import ROLES


def group_roles() -> dict[str, list[str]]:
    """The mapping from the provider's groups to roles, as the settings give it, each group's
    roles as a list of known role codes (an unknown code is left out, never guessed at)."""
    mapping = {}
    for group, roles in settings.SSO_GROUP_ROLES.items():
        codes = [roles] if isinstance(roles, str) else list(roles)
        mapping[str(group)] = [code for code in codes if code in ROLES]
    return mapping


def roles_for_groups(groups: Iterable[str]) -> set[str]:
    mapping = group_roles()
    return {role for group in groups for role in mapping.get(str(group), [])}


def groups_of(extra_data: dict) -> list[str]:
    """The user's groups in what the provider sent: OpenID Connect's userinfo and ID token (a
    list, or one string), or a SAML assertion's attributes (each a list of values)."""
    claim = settings.SSO_GROUPS_CLAIM
    sources = [extra_data.get("userinfo") or {}, extra_data.get("id_token") or {}, extra_data]
    for source in sources:
        value = source.get(claim) if isinstance(source, dict) else None
        if value:
            return [value] if isinstance(value, str) else [str(group) for group in value]
    return []


@transaction.atomic
def user_set_roles(*, user, roles: set[str]) -> None:
    """Give the user exactly these of the four roles; groups that are no role are left alone."""
    current = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    if current == roles:
        return
    user.groups.remove(*Group.objects.filter(name__in=current - roles))
    user.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in roles - current))


def refusal(request, groups: list[str]):
    """The page a user whose groups give no role sees: what happened and whom to ask."""
    response = render(
        request,
        "socialaccount/refused.html",
        {"groups": groups, "provider_name": settings.SSO_PROVIDER_NAME},
        status=403,
    )
    return ImmediateHttpResponse(response)


class StaffAccountAdapter(DefaultAccountAdapter):
    """Local accounts are made by an administrator (in the Django admin), never by signing up."""

    def is_open_for_signup(self, request) -> bool:
        return False


class StaffSocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None) -> list:
        """The identity providers come from the environment (settings.py) only, never from
        the database: one place to read them, and no query on the login page."""
        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]

    def pre_social_login(self, request, sociallogin) -> None:
        groups = groups_of(sociallogin.account.extra_data)
        roles = roles_for_groups(groups)
        if sociallogin.is_existing:
            # A user who has left every group loses the roles here too, not only the session.
            user_set_roles(user=sociallogin.user, roles=roles)
        if not roles:
            raise refusal(request, groups)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return bool(roles_for_groups(groups_of(sociallogin.account.extra_data)))

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        user_set_roles(user=user, roles=roles_for_groups(groups_of(sociallogin.account.extra_data)))
        return user
