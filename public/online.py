"""Taking part online: the public form of an online event, open while the dialogue is.

What a resident sends is registered as a facilitator's entry is (opinions/services/online.py)
and waits for the publication review like every other opinion. Against abuse, without tracking
anyone: a throttle on the client's address (core/client_ip.py), a field no person sees, and a
signed start time in the form, so that a form sent within seconds of being shown is asked for
again. The form is made for each visitor (it carries a CSRF token and its own start time) and is
never kept in the public cache, by us or by a browser or proxy.
"""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from core.permissions import public
from dialogues.models import DialogueEvent, Process
from dialogues.stages import Stage, index
from opinions.services.online import online_opinions_register, takes_opinions_online
from public.forms import OnlineOpinionForm

MIN_SECONDS = 3  # a form sent sooner than this after it was shown was not filled in by a person
MAX_AGE = 24 * 3600  # a form older than a day is shown again with a new start time
SENDINGS = "20/h"  # forms sent from one address in an hour (a school class, a library)
SALT = "public.online.form"


def token_new(event: DialogueEvent) -> str:
    """The form's start time and its own id (a form sent twice is stored once), signed."""
    return signing.dumps(
        {"event": event.pk, "started": time.time(), "submission": str(uuid.uuid4())}, salt=SALT
    )


def token_read(text: str, event: DialogueEvent) -> dict | None:
    try:
        data = signing.loads(text, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or data.get("event") != event.pk:
        return None
    try:
        data["submission"] = uuid.UUID(str(data["submission"]))
        data["started"] = float(data["started"])
    except (KeyError, ValueError, TypeError):
        return None
    return data


def _online_event(slug: str, event_slug: str) -> DialogueEvent:
    return get_object_or_404(
        DialogueEvent.objects.select_related("process").filter(
            process__in=Process.objects.public(), kind=DialogueEvent.Kind.ONLINE
        ),
        process__slug=slug,
        slug=event_slug,
    )


def _questions(event: DialogueEvent) -> list:
    return list(event.questions.order_by("order", "pk")) or list(
        event.process.questions.order_by("order", "pk")
    )


def _render(request, event: DialogueEvent, form, token: str, status: int = 200):
    context = {
        "event": event,
        "process": event.process,
        "form": form,
        "token": token,
        "contact_email": settings.PUBLIC_CONTACT_EMAIL,
    }
    return render(request, "public/online_form.html", context, status=status)


def _unavailable(request, event: DialogueEvent, *, reason: str, status: int):
    """The dialogue is closed, or too much was sent from this address: said plainly, with
    whatever the resident wrote shown back to keep."""
    written = [
        value.strip()
        for name, value in request.POST.items()
        if name.startswith("answer-") and value.strip()
    ]
    context = {
        "event": event,
        "process": event.process,
        "reason": reason,
        "written": written,
        "opens_later": index(event.process.stage) < index(Stage.DIALOGUE_OPEN),
    }
    return render(request, "public/online_unavailable.html", context, status=status)


@never_cache
@public(writes=True)
def online_form(request, slug, event_slug):
    """The online form of an online event; it says it is closed when the dialogue is not open."""
    event = _online_event(slug, event_slug)
    if not takes_opinions_online(event):
        status = 409 if request.method == "POST" else 200
        return _unavailable(request, event, reason="closed", status=status)
    areas = event.process.areas.order_by("name")
    if request.method != "POST":
        form = OnlineOpinionForm(questions=_questions(event), areas=areas)
        return _render(request, event, form, token_new(event))
    if is_ratelimited(
        request, group="public.online", key="ip", rate=SENDINGS, method="POST", increment=True
    ):
        return _unavailable(request, event, reason="throttled", status=429)
    form = OnlineOpinionForm(request.POST, questions=_questions(event), areas=areas)
    return _receive(request, event, form)


def _receive(request, event: DialogueEvent, form: OnlineOpinionForm):
    token = request.POST.get("token", "")
    started = token_read(token, event)
    if started is None:
        token = token_new(event)
    if not form.is_valid():
        return _render(request, event, form, token, status=400)
    if form.cleaned_data["website"]:
        form.add_error(None, _("The form could not be sent. Please send it again."))
        return _render(request, event, form, token, status=400)
    if started is None:
        form.add_error(
            None, _("The form was open for a long time. Read your opinions through and send again.")
        )
        return _render(request, event, form, token, status=400)
    if time.time() - started["started"] < MIN_SECONDS:
        form.add_error(
            None,
            _(
                "That went very fast! Read your opinions through once more, then press "
                "“Send the opinions” again."
            ),
        )
        return _render(request, event, form, token, status=400)
    try:
        respondent, _created = online_opinions_register(
            event=event,
            answers=form.answers(),
            submission=started["submission"],
            consent_to_publish=form.cleaned_data["consent"],
            language=get_language(),
            **form.profile(),
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _render(request, event, form, token, status=400)
    messages.success(
        request,
        _(
            "Thank you! Your opinions have been received. Keep your receipt code: with it you "
            "can follow what becomes of them."
        ),
    )
    return redirect("public:receipt", code=respondent.receipt_code)
