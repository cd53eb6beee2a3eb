"""The address of the person behind a request, behind the reverse proxies we trust.

Each trusted proxy (nginx with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`,
a load balancer) appends the address it was reached from to X-Forwarded-For. With
TRUSTED_PROXIES = N, the client is therefore the N-th address from the right: whatever a client
writes into the header itself stands to the left of that and is never believed. Without
proxies (N = 0) it is REMOTE_ADDR. The login lockout (django-axes) and every throttle
(django-ratelimit) key on this address, so that one person's tries never lock out another.

(django-ipware's proxy count counts the proxies named inside the header, so a single nginx,
which names none, reads as a spoofable left-most entry; the rule here is the one the proxies
follow.)
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    text = text.strip()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address, as the outermost trusted proxy saw it; None when the request
    names none (a request made in code, such as a test's sign-in)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote  # it did not come through every proxy
    return _address(forwarded[-proxies]) or remote


def throttle_key(request) -> str:
    """The address a throttle counts under: the client's, or one bucket for requests that
    name none."""
    return client_ip(request) or "unknown"
