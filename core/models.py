"""The signed-in user as the site's pages see it (core/accounts.py reads it so)."""

import rules
from django.contrib.auth.models import User


class StaffUser(User):
    """A user whose permissions on an object are asked of the rules, superuser or not.

    Django grants a superuser every permission without asking a rule, so the demo's `admin`
    (and anyone `createsuperuser` made) could make an e-archive package of a process still in
    planning, or code where coding is closed. On the site's pages a superuser is an
    administrator (`core.roles.is_administrator`), bound by the process's stage and team like
    one. About a model as a whole (no object), as Django's own admin asks, a superuser keeps
    every permission."""

    class Meta:
        proxy = True
        app_label = "core"

    def has_perm(self, perm, obj=None):
        if obj is not None and self.is_active and self.is_superuser and rules.perm_exists(perm):
            return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)
