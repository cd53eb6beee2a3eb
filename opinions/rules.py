"""Who may do what here. Pages of this app come with later work; its rules start here."""

import rules
from django.utils.translation import gettext as _

from core.roles import has_staff_role, is_administrator, is_strategist
from dialogues.rules import facilitates_event, in_team
from dialogues.stages import Stage, dialogue_closed_at

rules.add_perm("opinions.view_opinion", has_staff_role & in_team)
rules.add_perm("opinions.view_category", has_staff_role & in_team)


@rules.predicate
def dialogue_is_open(user, event) -> bool:
    return event is not None and event.process.stage == Stage.DIALOGUE_OPEN


# Opinions are registered at an event while the dialogue is open, by its facilitators or an
# administrator. `obj` is the event.
rules.add_perm(
    "opinions.add_opinion", (dialogue_is_open & (is_administrator | facilitates_event)) & in_team
)


@rules.predicate
def dialogue_has_closed(user, event) -> bool:
    return event is not None and dialogue_closed_at(event.process) is not None


# What a facilitator's phone registered while the dialogue was open is sent whenever the phone
# finds a network, also once the dialogue has closed (opinions/services/sync.py refuses what
# is timed after it closed); the entry page opens for that, and takes nothing new.
rules.add_perm(
    "opinions.add_registered_opinions",
    ((dialogue_is_open | dialogue_has_closed) & (is_administrator | facilitates_event)) & in_team,
)


def why_not_register(user, event) -> str:
    """In plain words, why this user cannot register opinions at this event now."""
    if event.process.stage != Stage.DIALOGUE_OPEN:
        return _("The dialogue is not open, so no opinions can be registered now.")
    return _("You are not a facilitator of this event.")


# Files: an administrator imports for the whole process; an event's template is for its
# facilitators too.
rules.add_perm("opinions.import_opinions", is_administrator & in_team)
rules.add_perm("opinions.download_template", (is_administrator | facilitates_event) & in_team)


@rules.predicate
def recorded_it(user, opinion) -> bool:
    return opinion is not None and opinion.recorded_by_id == user.pk


RECORD_OPEN = (Stage.PLANNING, Stage.QUESTIONS_APPROVED, Stage.DIALOGUE_OPEN, Stage.ANALYSIS)


@rules.predicate
def record_is_open(user, obj) -> bool:
    """Until the drafting starts (the dialogue, and the analysis that follows, for a
    facilitator's own typos), what was recorded may still be corrected; after that the record
    is what the draft, the decision and the feedback rest on."""
    process = getattr(obj, "process", None)
    return process is not None and process.stage in RECORD_OPEN


# The text as registered never changes; a correction or a (soft) deletion is made by the one
# who recorded the opinion while the record is open, or by an administrator (with a reason,
# once it is closed).
rules.add_perm(
    "opinions.change_opinion", (is_administrator | (recorded_it & record_is_open)) & in_team
)


# Coding. `obj` is the process. Strategists and administrators code while the opinions are
# coming in and during the analysis; once drafting starts, the coding is what the draft rests on
# and stays as it is (an administrator can move the process back to change it).
@rules.predicate
def coding_is_open(user, process) -> bool:
    return process is not None and process.stage in (Stage.DIALOGUE_OPEN, Stage.ANALYSIS)


codes = is_administrator | is_strategist
rules.add_perm("opinions.view_coding", codes & in_team)
rules.add_perm("opinions.code_opinions", (codes & coding_is_open) & in_team)
# A category's summary cites its opinions and codes none: it may be written in any stage.
rules.add_perm("opinions.summarise", codes & in_team)
rules.add_perm("opinions.edit_codebook", (codes & coding_is_open) & in_team)
rules.add_perm("opinions.draw_sample", (is_administrator & coding_is_open) & in_team)


def why_not_code(user, process) -> str:
    if not codes(user):
        return _("Only strategists and administrators code opinions.")
    return _(
        "Coding is closed: the process has moved on from the analysis. An administrator can "
        "move it back."
    )


# Population figures, to compare the reach with: strategists and administrators enter them, all
# staff read the comparison.
rules.add_perm("opinions.edit_population", codes & in_team)

# Publication review: who decides what of the opinions reaches the public site. `obj` is the
# process.
rules.add_perm("opinions.review_publication", (is_administrator | is_strategist) & in_team)

# A register extract (GDPR art. 15) shows a person's data on request: administrators only.
rules.add_perm("opinions.make_register_extract", is_administrator)
