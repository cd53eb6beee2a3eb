"""The entry page: a facilitator registers opinions at an event, on a phone, with or without
network."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.offline import offline_assets
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
        "unreachable_badge": _("The server cannot be reached: opinions are kept on this device"),
        "unreachable": _(
            "The opinions could not be sent: the server cannot be reached. They wait on this "
            "device and are sent when the server can be reached again."
        ),
        "server_busy_badge": _("The server takes no opinions now: they are kept on this device"),
        "sent_after_trouble": _("The opinions that waited on the device have been sent."),
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


def device_key(user, event: DialogueEvent) -> str:
    """The key of an event's items on the device. They are kept per user and event: on a shared
    phone, the next facilitator sees neither the queue nor the history of the one before."""
    return f"{user.pk}:{event.process.slug}/{event.slug}"


def sync_url(event: DialogueEvent) -> str:
    kwargs = {"process_slug": event.process.slug, "event_slug": event.slug}
    return reverse("api:event_sync", kwargs=kwargs)


@view_rules("dialogues.view_process", None)
def offline_pages(request):
    """What the user's phone keeps for a day with no network: *My events* and the entry page of
    each event where they may register opinions now, with every file those pages need. Asked for
    by static/js/offline.js on staff pages; only this user's pages, so a shared phone keeps no
    one else's."""
    events = [
        event
        for event in DialogueEvent.objects.assigned_to(request.user).select_related("process")
        if request.user.has_perm("opinions.add_opinion", event)
    ]
    entries = [
        {
            "page": reverse("staff:event_entry", args=[event.process.slug, event.slug]),
            "key": device_key(request.user, event),
        }
        for event in events
    ]
    pages = [reverse("staff:my_events"), *(entry["page"] for entry in entries)] if events else []
    assets, cache = offline_assets()
    return JsonResponse({"cache": cache, "pages": pages, "assets": assets, "events": entries})


@view_rules(
    "opinions.add_registered_opinions",
    "opinions.add_opinion",
    obj=event_of,
    reason=why_not_register,
)
def event_entry(request, slug, event_slug):
    """The phone page where a facilitator registers opinions, online or offline; once the
    dialogue has closed, only to send what the device registered while it was open."""
    event = get_object_or_404(
        DialogueEvent.objects.select_related("process").prefetch_related(
            "questions", "open_space_sessions", "process__areas", "process__questions"
        ),
        process__slug=slug,
        slug=event_slug,
    )
    process = event.process
    questions = list(event.questions.all()) or list(process.questions.all())
    closed = not request.user.has_perm("opinions.add_opinion", event)
    setup = {
        "event": device_key(request.user, event),
        "syncUrl": sync_url(event),
        "receiptUrl": request.build_absolute_uri(
            reverse("public:receipt", kwargs={"code": "CODE"})
        ),
        "loginUrl": reverse("login") + "?next=" + request.get_full_path(),
        "questions": [{"id": q.pk, "text": q.text} for q in questions],
        "maxBytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,  # the most one request may carry
        "closed": closed,
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
        "closed": closed,
    }
    return render(request, "opinions/entry.html", context)
