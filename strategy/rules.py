"""Who may do what here. Pages of this app come with later work; its rules start here."""

import rules

from sunnemodel.roles import has_staff_role, is_administrator, is_politician, is_strategist

rules.add_perm("strategy.view_strategy", has_staff_role)
rules.add_perm("strategy.change_strategy", is_administrator | is_strategist)
rules.add_perm("strategy.add_reviewcomment", is_administrator | is_politician)
