"""Who may make and see the e-archive packages."""

import rules

from core.roles import is_administrator, is_strategist
from dialogues.rules import in_team
from dialogues.stages import Stage

CLOSED = (Stage.ADOPTED, Stage.FEEDBACK_PUBLISHED)


def is_closed(process) -> bool:
    """The council has adopted the strategy: the records are complete for the e-archive."""
    return process.stage in CLOSED


@rules.predicate
def process_is_closed(user, process) -> bool:
    return process is not None and is_closed(process)


# The process's administrators and strategists deliver it; an administrator (the one who
# speaks with the municipality's IT and archive) sees every package and downloads it.
rules.add_perm(
    "archive.make_package", (is_administrator | is_strategist) & in_team & process_is_closed
)
rules.add_perm("archive.view_packages", is_administrator)
