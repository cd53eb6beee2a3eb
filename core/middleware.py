"""Staff sessions end after a working day without use (SESSION_COOKIE_AGE): each request
renews a signed-in session's expiry, at most every RENEW_AFTER, so that a session in use never
ends and one left open on a shared computer does by the next morning."""

from __future__ import annotations

import time

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
