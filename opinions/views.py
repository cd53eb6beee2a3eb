"""Staff pages for registering opinions, and the public receipt page."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dialogues.lookups import event_of, process_of
from dialogues.models import DialogueEvent
from opinions import services
from opinions.forms import (
    FIELD_LABELS,
    ImportUploadForm,
    OpinionCorrectForm,
    OpinionDeleteForm,
    add_service_errors,
)
from opinions.imports import ImportRefused, plan_import, read_table
from opinions.models import Coding, FinalCoding, ImportRun, Opinion, Respondent
from opinions.spreadsheets import event_template
from sunnemodel import history
from sunnemodel.permissions import permission_required


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


@permission_required("opinions.add_opinion", fn=event_of, reason=services.why_not_register)
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


# Importing files ------------------------------------------------------------------------------

IMPORT_TOKEN_AGE = 24 * 3600


def _preview(request, process, *, token: str, meta: dict, data: bytes, mapping=None):
    event = process.events.filter(pk=meta["event"]).first() if meta["event"] else None
    try:
        plan = plan_import(
            process=process,
            event=event,
            file_name=meta["name"],
            data=data,
            fmt=meta["format"],
            mapping=mapping,
        )
    except ImportRefused as refused:
        messages.error(request, str(refused))
        return None
    columns = [
        {
            "index": i,
            "name": name,
            "field": next((f for f, c in plan.mapping.items() if c == name), ""),
        }
        for i, name in enumerate(plan.header)
    ]
    context = {
        "process": process,
        "plan": plan,
        "token": token,
        "columns": columns,
        "field_labels": FIELD_LABELS,
        "sample": plan.rows[:10],
        "problems": plan.problems[:200],
        "event": event,
        "form": ImportUploadForm(process=process),
    }
    return render(request, "opinions/import.html", context)


@permission_required("opinions.import_opinions", fn=process_of)
def opinion_import(request, slug):
    """Upload, preview with the mapping and each row's problems, confirm: all or nothing."""
    process = process_of(request, slug)
    if request.method == "POST" and request.POST.get("token"):
        try:
            meta = signing.loads(
                request.POST["token"], salt="opinion-import", max_age=IMPORT_TOKEN_AGE
            )
        except signing.BadSignature:
            messages.error(request, _("The upload has expired; choose the file again."))
            return redirect("staff:opinion_import", slug=slug)
        if meta["process"] != process.pk or meta["user"] != request.user.pk:
            raise PermissionDenied
        try:
            with default_storage.open(meta["path"]) as stored:
                data = stored.read()
        except FileNotFoundError:
            messages.error(request, _("The upload has expired; choose the file again."))
            return redirect("staff:opinion_import", slug=slug)
        mapping = (
            {
                request.POST.get(f"map-{i}"): column
                for i, column in enumerate(meta["header"])
                if request.POST.get(f"map-{i}") in FIELD_LABELS
            }
            if "map-0" in request.POST
            else None
        )
        if "confirm" not in request.POST:
            return _preview(
                request, process, token=request.POST["token"], meta=meta, data=data, mapping=mapping
            ) or redirect("staff:opinion_import", slug=slug)
        # Checked once more before it is queued, so that a refused file says why right here.
        event = process.events.filter(pk=meta["event"]).first() if meta["event"] else None
        plan = plan_import(
            process=process,
            event=event,
            file_name=meta["name"],
            data=data,
            fmt=meta["format"],
            mapping=mapping,
        )
        if not plan.ok:
            return _preview(
                request, process, token=request.POST["token"], meta=meta, data=data, mapping=mapping
            ) or redirect("staff:opinion_import", slug=slug)
        run = services.import_queue(
            process=process,
            event=event,
            file_name=meta["name"],
            path=meta["path"],
            fmt=meta["format"],
            mapping=mapping,
            requested_by=request.user,
        )
        return redirect("staff:import_status", slug=slug, pk=run.pk)

    form = ImportUploadForm(request.POST or None, request.FILES or None, process=process)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("%(file)s: the file is larger than %(size)d MB.")
                % {"file": upload.name, "size": settings.IMPORT_MAX_BYTES // 1_000_000},
            )
        else:
            data = upload.read()
            path = default_storage.save(f"imports/{uuid.uuid4().hex}", ContentFile(data))
            event = form.cleaned_data["event"]
            try:
                header = read_table(upload.name, data, form.cleaned_data["format"])[0]
            except ImportRefused as refused:
                default_storage.delete(path)
                form.add_error("file", str(refused))
            else:
                meta = {
                    "process": process.pk,
                    "user": request.user.pk,
                    "path": path,
                    "name": upload.name,
                    "event": event.pk if event else None,
                    "format": form.cleaned_data["format"],
                    "header": header,
                }
                token = signing.dumps(meta, salt="opinion-import")
                response = _preview(request, process, token=token, meta=meta, data=data)
                if response is not None:
                    return response
    runs = ImportRun.objects.filter(process=process).select_related(
        "event", "requested_by", "result"
    )[:20]
    return render(request, "opinions/import.html", {"process": process, "form": form, "runs": runs})


@permission_required("opinions.download_template", fn=event_of)
def event_template_download(request, slug, event_slug):
    event = event_of(request, slug, event_slug)
    response = HttpResponse(
        event_template(event),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="synpunkter-{event.slug}.xlsx"'
    return response


# The record of each opinion -------------------------------------------------------------------


def _opinion(request, pk, **kwargs) -> Opinion:
    return get_object_or_404(Opinion, pk=pk)


@permission_required("dialogues.view_dialogueevent", fn=event_of)
def event_opinions(request, slug, event_slug):
    event = event_of(request, slug, event_slug)
    opinions = Opinion.objects.for_event(event).with_history().order_by("recorded_at", "pk")
    context = {"event": event, "process": event.process, "opinions": opinions}
    return render(request, "opinions/event_opinions.html", context)


@permission_required("opinions.view_opinion", fn=_opinion)
def opinion_detail(request, pk):
    opinion = get_object_or_404(
        Opinion.objects.with_history().select_related("process", "event"), pk=pk
    )
    context = {
        "opinion": opinion,
        "process": opinion.process,
        "versions": opinion.versions.all(),
        "history": _opinion_history(opinion),
    }
    return render(request, "opinions/opinion_detail.html", context)


def _opinion_history(opinion) -> list:
    """The opinion's own changes, and every coding and final coding made or taken away."""

    def what(record) -> str:
        if isinstance(record, Coding.history.model):
            coder = record.coder.get_full_name() or record.coder.username if record.coder else ""
            return _("%(category)s by %(coder)s") % {"category": record.category, "coder": coder}
        if isinstance(record, FinalCoding.history.model):
            return _("final category %(category)s") % {"category": record.category}
        return _("the opinion")

    records = [
        *opinion.history.select_related("history_user"),
        *Coding.history.filter(opinion_id=opinion.pk).select_related(
            "history_user", "category", "coder"
        ),
        *FinalCoding.history.filter(opinion_id=opinion.pk).select_related(
            "history_user", "category"
        ),
    ]
    return history.entries(records, what=what)


@permission_required("opinions.change_opinion", fn=_opinion)
def opinion_correct(request, pk):
    opinion = get_object_or_404(Opinion.objects.with_history().select_related("process"), pk=pk)
    form = OpinionCorrectForm(request.POST or None, initial={"text": opinion.current_text})
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_correct(
                opinion=opinion,
                text=form.cleaned_data["text"],
                corrected_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field="text")
        else:
            messages.success(request, _("The correction is saved as a new version."))
            return redirect("staff:opinion_detail", pk=opinion.pk)
    context = {"opinion": opinion, "process": opinion.process, "form": form}
    return render(request, "opinions/opinion_correct.html", context)


@permission_required("opinions.change_opinion", fn=_opinion)
def opinion_delete(request, pk):
    opinion = get_object_or_404(Opinion.objects.with_history().select_related("process"), pk=pk)
    form = OpinionDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_delete(
                opinion=opinion, deleted_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error, field="reason")
        else:
            messages.success(request, _("The opinion is marked deleted; it stays in the record."))
            return redirect("staff:opinion_detail", pk=opinion.pk)
    context = {"opinion": opinion, "process": opinion.process, "form": form}
    return render(request, "opinions/opinion_delete.html", context)


@permission_required("opinions.import_opinions", fn=process_of)
def import_status(request, slug, pk):
    """How far a background import has come; the page asks again every two seconds."""
    run = get_object_or_404(
        ImportRun.objects.select_related("process", "result"), process__slug=slug, pk=pk
    )
    template = "opinions/import_status.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"run": run, "process": run.process})
