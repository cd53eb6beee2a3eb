"""Who may see how staff sign in, and manage their own second factor."""

import rules

from core.roles import has_staff_role, is_administrator

# Their own second factor (an authenticator app, a passkey, recovery codes): every staff member.
rules.add_perm("core.manage_own_sign_in", has_staff_role)
# How staff sign in, which groups give which roles, the e-archive packages made: IT's page.
rules.add_perm("core.view_sign_in_overview", is_administrator)
