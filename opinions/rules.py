"""Who may do what here. Pages of this app come with later work; its rules start here."""

import rules

from sunnemodel.roles import has_staff_role, is_administrator, is_strategist

rules.add_perm("opinions.view_opinion", has_staff_role)
rules.add_perm("opinions.view_category", has_staff_role)
rules.add_perm("opinions.change_category", is_administrator | is_strategist)
rules.add_perm("opinions.add_coding", is_administrator | is_strategist)
