"""How a view declares who may read it and who may write through it.

Every view carries its rules where the permission grid reads them (`view.rules`): a `read` rule
for GET and HEAD and a `write` rule for POST and every other method, each a `rules` permission
name, or None when the view does not take that kind of request (it answers 405, after the rule it
does have is checked, so that a refusal never tells what lies behind it). A public view is open
to everyone, residents without an account included.

An anonymous visitor without the right is sent to the login page; a signed-in user without it
gets 403, with `reason(user, obj)` in plain words when the view gives one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed

PUBLIC = "public"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Rules:
    read: str | None
    write: str | None

    def allowed_methods(self) -> list[str]:
        return (["GET", "HEAD"] if self.read else []) + (["POST"] if self.write else [])


def view_rules(
    read: str | None,
    write: str | None,
    *,
    obj: Callable | None = None,
    reason: Callable | None = None,
):
    """Allow a GET when the user has `read` on the object `obj(request, **kwargs)` gives, and a
    POST when they have `write` on it. Both are named, None included, so that a reader (and the
    permission grid) sees what a view lets through."""
    if read is None and write is None:
        raise ValueError("A view reads or writes: give it a rule for at least one.")
    declared = Rules(read, write)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            safe = request.method in SAFE_METHODS
            perm = (declared.read if safe else declared.write) or declared.read or declared.write
            target = obj(request, *args, **kwargs) if obj else None
            if perm != PUBLIC and not request.user.has_perm(perm, target):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(reason(request.user, target) if reason else "")
            if (declared.read if safe else declared.write) is None:
                return HttpResponseNotAllowed(declared.allowed_methods())
            return view(request, *args, **kwargs)

        wrapped.rules = declared
        return wrapped

    return decorator


def public(view=None, *, writes: bool = False):
    """Open a view to everyone, residents without an account included; `writes` when it takes
    POSTs too (signing in and out, choosing a language)."""

    def decorator(view):
        return view_rules(PUBLIC, PUBLIC if writes else None)(view)

    return decorator(view) if view is not None else decorator
