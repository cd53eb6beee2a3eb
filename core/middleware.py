"""Two guards around every request, and the API's language.

Staff sessions end after a working day without use (SESSION_COOKIE_AGE): each request renews a
signed-in session's expiry, at most every RENEW_AFTER, so that a session in use never ends and
one left open on a shared computer does by the next morning.

A request whose query or form data holds U+0000 is refused with a message before any view reads
it: no text can hold it (PostgreSQL refuses it) and no person types it, and a view that reads a
value straight from the request would meet it as a server error. The API answers in its own
way (core/api_errors.py).

The API's addresses carry no language, so Django's LocaleMiddleware answers them in the
default, Swedish: an API client asks for its language with Accept-Language, as HTTP has it (the
entry page sends its own), and gets Swedish for a language the site does not speak."""

from __future__ import annotations

import time

from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

RENEW_AFTER = 15 * 60  # seconds: a renewal is a write, so not on every request


class SlidingSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get("_renewed", 0) >= RENEW_AFTER:
                request.session["_renewed"] = now  # saving the session sets a new expiry
        return response


def renewed_at_sign_in(sender, request, user, **kwargs) -> None:
    """Signing in starts the session's day; the middleware renews it from then on."""
    if getattr(request, "session", None) is not None:
        request.session["_renewed"] = int(time.time())


class NullCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/") and (
            _holds_null(request.GET) or (request.method == "POST" and _holds_null(request.POST))
        ):
            message = _("The request holds a null character (byte 0), which text cannot hold.")
            return render(request, "400.html", {"exception": message}, status=400)
        return self.get_response(request)


def _holds_null(data) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


class ApiLanguageMiddleware:
    """After LocaleMiddleware: an API request in the language its Accept-Language asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = _accepted(request.headers.get("Accept-Language", ""))
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


def _accepted(header: str) -> str | None:
    """The first language of an Accept-Language header the site speaks."""
    for code, _quality in parse_accept_lang_header(header[:200]):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class NotAllowedPageMiddleware:
    """A page's address asked with a method it does not take (a form's address opened as a
    page) answers 405 with an empty body, which a browser shows as its own error page: it is
    a page of ours instead, saying what the address is for. The API answers in its own way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.path_info.startswith("/api/"):
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response["Allow"]
        page.cookies = response.cookies  # what the middleware inside set (a replica's pin)
        return page
