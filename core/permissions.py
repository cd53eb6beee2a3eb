"""How a view declares who may see it.

Every view carries a `permission_required` attribute (a `rules` permission name, or
PUBLIC), which the permission-grid test reads, so that a view without a rule cannot land.
An anonymous visitor without the right is sent to the login page; a signed-in user without
it gets 403.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

PUBLIC = "public"


def permission_required(perm: str, fn: Callable | None = None, reason: Callable | None = None):
    """Allow the view when the user has `perm` on the object that `fn(request, **kwargs)` gives.

    `reason(user, obj)`, if given, says in plain words why a signed-in user is refused; the
    403 page shows it.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            obj = fn(request, *args, **kwargs) if fn else None
            if not request.user.has_perm(perm, obj):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(reason(request.user, obj) if reason else "")
            return view(request, *args, **kwargs)

        wrapped.permission_required = perm
        return wrapped

    return decorator


def public(view):
    """Mark a view as open to everyone, residents without an account included."""
    view.permission_required = PUBLIC
    return view
