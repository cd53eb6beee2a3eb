"""The tabs of a process's staff pages, as its stage and the reader's role have them.

A tab is offered from the stage where its work can begin (there is no remiss to run while the
questions are being planned) and stays offered after, so that what is past stays readable. A
tab is shown only to a reader whom its page's own read rule lets in: the rule is read from the
view itself (`core.permissions.view_rules`), so the tabs and the pages never disagree.

The pages of the apps above `dialogues` are named here by their URL names only; nothing of
theirs is imported.
"""

import functools
from typing import NamedTuple

from django import template
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.roles import ROLES
from dialogues.stages import Stage, index

register = template.Library()


class Tab(NamedTuple):
    key: str  # what a page passes as `tab` to mark itself the current one
    label: Promise
    url_name: str
    offered_from: Stage


TABS = [
    Tab("overview", _("Overview"), "staff:process_detail", Stage.PLANNING),
    Tab("questions", _("Questions"), "staff:question_list", Stage.PLANNING),
    Tab("events", _("Events"), "staff:event_list", Stage.PLANNING),
    Tab("reach", _("Who was reached"), "staff:reach", Stage.DIALOGUE_OPEN),
    Tab("team", _("Team"), "staff:process_team", Stage.PLANNING),
    Tab("codebook", _("Codebook"), "staff:codebook", Stage.DIALOGUE_OPEN),
    Tab("coding", _("Coding"), "staff:coding_list", Stage.DIALOGUE_OPEN),
    Tab("suggestions", _("Suggestions"), "staff:suggestions", Stage.DIALOGUE_OPEN),
    Tab("analysis", _("Analysis"), "staff:analysis", Stage.DIALOGUE_OPEN),
    Tab("agreement", _("Agreement"), "staff:coding_agreement", Stage.DIALOGUE_OPEN),
    Tab("publication", _("Publication"), "staff:publication_review", Stage.DIALOGUE_OPEN),
    Tab("strategy", _("Vision and goals"), "staff:strategy", Stage.DRAFTING),
    Tab("versions", _("Drafts"), "staff:version_list", Stage.DRAFTING),
    # The remiss is prepared while drafting: the move to consultation needs it sent.
    Tab("consultation", _("Consultation"), "staff:consultation_list", Stage.DRAFTING),
    # The decision is recorded during the revision: the move to adopted needs it.
    Tab("decision", _("Decision"), "staff:decision", Stage.REVISION),
    Tab("follow_up", _("Follow-up"), "staff:follow_up", Stage.ADOPTED),
]


@functools.cache
def _read_rule(url_name: str) -> str:
    """The read rule that the tab's page declares."""
    return resolve(reverse(url_name, kwargs={"slug": "any"})).func.rules.read


def tabs_for(user, process, current: str = "") -> list[dict]:
    """The tabs `user` is offered in `process`: those its stage has reached and whose pages the
    user may read, and the page now shown, whatever the stage."""
    reached = index(process.stage)
    return [
        {
            "key": tab.key,
            "label": tab.label,
            "url": reverse(tab.url_name, kwargs={"slug": process.slug}),
            "current": tab.key == current,
        }
        for tab in TABS
        if (index(tab.offered_from) <= reached or tab.key == current)
        and user.has_perm(_read_rule(tab.url_name), process)
    ]


@register.simple_tag(takes_context=True)
def process_tabs(context, process, current=""):
    return tabs_for(context["user"], process, current or "")


@register.filter
def role_name(group_name: str) -> str:
    """A role's group by its name in the page's language (core.roles); another group as named."""
    return str(ROLES.get(group_name, group_name))
