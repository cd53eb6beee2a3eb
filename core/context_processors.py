from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from core.roles import is_administrator, role_names

NATIVE_NAMES = {"sv": "Svenska", "en": "English"}


def roles(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "user_roles": role_names(user) if user is not None else [],
        # From the role (asked of the groups already read), not through every auth backend.
        "user_is_administrator": user is not None
        and user.is_authenticated
        and is_administrator(user),
    }


def other_languages(request) -> dict:
    """The same page in the other languages, for plain links (no form, nothing to post)."""
    current = translation.get_language()
    path = request.get_full_path()
    return {
        # What the header's language form sends on: the page in the default language, which
        # the language switch (itself under no language prefix) can translate to any other.
        "default_language_path": translate_url(path, settings.LANGUAGE_CODE),
        "other_languages": [
            {"code": code, "name": NATIVE_NAMES.get(code, code), "url": translate_url(path, code)}
            for code, _name in settings.LANGUAGES
            if code != current
        ],
    }
