"""Importing opinions from files: upload, preview, confirm, follow the background run; the event's
template."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.permissions import permission_required
from dialogues.lookups import event_of, process_of
from opinions.formats.event_template import event_template
from opinions.formats.opinion_files import plan_import
from opinions.formats.tables import ImportRefused, read_table
from opinions.forms import (
    FIELD_LABELS,
    ImportUploadForm,
)
from opinions.models import ImportRun
from opinions.services.imports import import_queue

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
        run = import_queue(
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
