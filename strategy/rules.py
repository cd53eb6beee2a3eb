"""Who may do what with the strategy: strategists and administrators write it and run the
remiss; politicians read every draft and comment on it; all staff may read."""

import rules

from core.roles import has_staff_role, is_administrator, is_politician, is_strategist
from dialogues.rules import in_team

rules.add_perm("strategy.view_strategy", has_staff_role & in_team)
rules.add_perm("strategy.change_strategy", (is_administrator | is_strategist) & in_team)
rules.add_perm("strategy.add_reviewcomment", (is_administrator | is_politician) & in_team)
rules.add_perm(
    "strategy.resolve_reviewcomment", (is_administrator | is_strategist | is_politician) & in_team
)
rules.add_perm("strategy.run_consultation", (is_administrator | is_strategist) & in_team)
rules.add_perm("strategy.record_decision", (is_administrator | is_strategist) & in_team)
rules.add_perm("strategy.follow_up", (is_administrator | is_strategist) & in_team)
