"""The entry page: a facilitator registers opinions at an event, on a phone, with or without
network."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.permissions import view_rules
from dialogues.lookups import event_of
from dialogues.models import DialogueEvent
from opinions.models import Respondent
from opinions.rules import why_not_register


def entry_strings() -> dict[str, str]:
    """Every text the entry page's script shows, in the user's language."""
    return {
        "online": _("Online"),
        "offline": _("Offline: opinions are kept on this device"),
        "waiting": _("Waiting to be sent"),
        "sent": _("Sent"),
        "rejected": _("Not accepted"),
        "saved": _("Saved. Write the next opinion."),
        "empty": _("Write the opinion first."),
        "sending": _("Sending…"),
        "login_again": _("You have been logged out. Log in again; the opinions wait here."),
        "server_error": _("The server could not take the opinions now; they wait here."),
        "no_question": _("No particular question"),
        "none_yet": _("No opinion from this respondent yet."),
        "new_respondent": _("New respondent. Receipt code: %(code)s"),
        "retry": _("Try again"),
        "fix_label": _("The opinion, corrected"),
        "fix_send": _("Send it corrected"),
        "fix_without_question": _("Without the question (and session)"),
        "drop": _("Throw it away"),
        "drop_confirm": _(
            "Throw this away for good? It has not reached the server and will be gone from "
            "this device too."
        ),
        "dropped": _("Thrown away."),
        "receipt_for": _("Receipt code for the respondent"),
    }


@view_rules("opinions.add_opinion", "opinions.add_opinion", obj=event_of, reason=why_not_register)
def event_entry(request, slug, event_slug):
    """The phone page where a facilitator registers opinions, online or offline."""
    event = get_object_or_404(
        DialogueEvent.objects.select_related("process").prefetch_related(
            "questions", "open_space_sessions", "process__areas", "process__questions"
        ),
        process__slug=slug,
        slug=event_slug,
    )
    process = event.process
    language = get_language()
    questions = list(event.questions.all()) or list(process.questions.all())
    setup = {
        # Items on the device are kept per user and event: on a shared phone, the next
        # facilitator sees neither the queue nor the history of the one before.
        "event": f"{request.user.pk}:{process.slug}/{event.slug}",
        "syncUrl": reverse(
            "api:event_sync", kwargs={"process_slug": slug, "event_slug": event_slug}
        ),
        "receiptUrl": request.build_absolute_uri(
            reverse("public:receipt", kwargs={"code": "CODE"})
        ),
        "loginUrl": reverse("login") + "?next=" + request.get_full_path(),
        "questions": [{"id": q.pk, "text": q.text_for(language)} for q in questions],
        "strings": entry_strings(),
    }
    context = {
        "event": event,
        "process": process,
        "setup": setup,
        "questions": questions,
        "areas": process.areas.all(),
        "sessions": event.open_space_sessions.all(),
        "age_bands": Respondent.AgeBand.choices,
        "genders": Respondent.Gender.choices,
        "roles": Respondent.Role.choices,
    }
    return render(request, "opinions/entry.html", context)
