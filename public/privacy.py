"""The privacy notice (GDPR article 13): for the site, and for each process with what is its
own (its purpose, its areas, whether it takes opinions online, where its feedback stands).

Who answers for the data and how to reach the data protection officer come from the site's
profile (public/site.py); how long a contact for feedback is kept from the retention rule
(settings.FEEDBACK_CONTACT_RETENTION_DAYS, opinions/services/privacy.py). The notice is linked
from every page's footer and, in short, from wherever data is collected.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import public_cache
from dialogues.models import DialogueEvent, Process
from dialogues.stages import Stage
from opinions.analysis.crosstabs import MIN_RESPONDENTS
from public.views import cached


def _site(**kwargs) -> str:
    return public_cache.SITE


def _slug(slug: str, **kwargs) -> str:
    return public_cache.of_slug(slug)


def contact_kept_for() -> str:
    """How long at most a contact for feedback is kept, as a person says it."""
    days = settings.FEEDBACK_CONTACT_RETENTION_DAYS
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def _common() -> dict:
    return {"contact_kept_for": contact_kept_for(), "minimum": MIN_RESPONDENTS}


@cached(_site)
def privacy(request):
    """How the municipality handles the personal data of its dialogues, with a link to each
    public process's own notice."""
    processes = Process.objects.public().order_by("-created_at")
    return render(request, "public/privacy.html", {**_common(), "processes": processes})


@cached(_slug)
def process_privacy(request, slug):
    """The notice for one process: the same, with its purpose, the areas it asks about,
    whether it takes opinions online, and where its feedback stands."""
    process = get_object_or_404(Process.objects.public(), slug=slug)
    feedback = (
        process.transitions.filter(to_stage=Stage.FEEDBACK_PUBLISHED).order_by("-moved_at").first()
        if process.stage == Stage.FEEDBACK_PUBLISHED
        else None
    )
    context = {
        **_common(),
        "process": process,
        "areas": list(process.areas.order_by("order", "name").values_list("name", flat=True)),
        "online": process.events.filter(kind=DialogueEvent.Kind.ONLINE).exists(),
        "feedback_published_on": feedback.moved_at if feedback else None,
        "heading": _("Personal data in this dialogue"),
        "contact_shown": True,  # in the notice itself, not again in the footer
    }
    return render(request, "public/privacy.html", context)
