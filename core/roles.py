"""The four staff roles and the predicates every app's rules are built from.

A role is a Django group made by a data migration (core/migrations). Residents have no
account: what they see is public and needs no role.
"""

import rules
from django.utils.translation import gettext_lazy as _

ADMINISTRATOR = "administrator"
FACILITATOR = "facilitator"
STRATEGIST = "strategist"
POLITICIAN = "politician"

ROLES = {
    ADMINISTRATOR: _("administrator"),
    FACILITATOR: _("facilitator"),
    STRATEGIST: _("strategist"),
    POLITICIAN: _("politician"),
}

is_administrator = rules.is_superuser | rules.is_group_member(ADMINISTRATOR)
is_facilitator = rules.is_group_member(FACILITATOR)
is_strategist = rules.is_group_member(STRATEGIST)
is_politician = rules.is_group_member(POLITICIAN)
has_staff_role = is_administrator | is_facilitator | is_strategist | is_politician


def role_names(user) -> list[str]:
    """The user's roles in display form, for the page header."""
    if not user.is_authenticated:
        return []
    return [str(label) for code, label in ROLES.items() if rules.is_group_member(code)(user)]


def works_only_at_events(user) -> bool:
    """A facilitator with no other role: their work is their own events, not the processes."""
    return bool(
        user.is_authenticated
        and is_facilitator(user)
        and not (is_administrator | is_strategist | is_politician)(user)
    )
