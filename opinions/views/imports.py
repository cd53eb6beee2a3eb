"""Importing opinions from files: upload, preview, confirm, follow the background run; the event's
template."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.permissions import view_rules
from dialogues.lookups import event_of, process_of
from opinions.formats.event_template import event_template
from opinions.formats.tables import ImportRefused
from opinions.forms import (
    FIELD_LABELS,
    ImportUploadForm,
)
from opinions.models import ImportRun
from opinions.services.imports import (
    PendingUpload,
    UploadExpired,
    import_forecast,
    import_queue,
    upload_keep,
    upload_open,
)


def _chosen(pending: PendingUpload) -> ImportUploadForm:
    """The form for another file, with the event and kind chosen for this one."""
    return ImportUploadForm(
        process=pending.process,
        initial={"event": pending.event, "format": pending.meta["format"]},
    )


def _upload_page(request, process, form):
    runs = ImportRun.objects.filter(process=process).select_related(
        "event", "requested_by", "result"
    )[:20]
    return render(request, "opinions/import.html", {"process": process, "form": form, "runs": runs})


def _preview(request, pending: PendingUpload, mapping=None):
    """The file as it would be imported: the columns, the first rows, every problem, and what
    importing it will create, exclude and skip."""
    try:
        plan = pending.plan(mapping)
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
        "process": pending.process,
        "plan": plan,
        "token": pending.token,
        "columns": columns,
        "field_labels": FIELD_LABELS,
        "sample": plan.rows[:10],
        "problems": plan.problems[:200],
        "problem_rows": {problem.row for problem in plan.problems if problem.row},
        "event": pending.event,
        "forecast": import_forecast(plan) if plan.ok else None,
        "form": _chosen(pending),
    }
    return render(request, "opinions/import.html", context)


@view_rules("opinions.import_opinions", "opinions.import_opinions", obj=process_of)
def opinion_import(request, slug):
    """Upload, preview with the mapping and each row's problems, confirm: all or nothing."""
    process = process_of(request, slug)
    if request.method == "POST" and request.POST.get("token"):
        return _confirm_or_preview(request, process)
    form = ImportUploadForm(request.POST or None, request.FILES or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            pending = upload_keep(
                process=process,
                user=request.user,
                upload=form.cleaned_data["file"],
                fmt=form.cleaned_data["format"],
                event=form.cleaned_data["event"],
            )
        except ImportRefused as refused:
            form.add_error("file", str(refused))
        else:
            if response := _preview(request, pending):
                return response
    return _upload_page(request, process, form)


def _confirm_or_preview(request, process):
    """A kept upload: previewed again with the mapping chosen, or confirmed and queued."""
    try:
        pending = upload_open(token=request.POST["token"], process=process, user=request.user)
    except UploadExpired:
        messages.error(request, _("The upload has expired; choose the file again."))
        return redirect("staff:opinion_import", slug=process.slug)
    mapping = None
    if "map-0" in request.POST:
        mapping = {
            request.POST.get(f"map-{i}"): column
            for i, column in enumerate(pending.meta["header"])
            if request.POST.get(f"map-{i}") in FIELD_LABELS
        }
    # Checked once more before it is queued, so that a refused file says why right here.
    if "confirm" in request.POST and pending.plan(mapping).ok:
        run = import_queue(
            process=process,
            event=pending.event,
            file_name=pending.meta["name"],
            path=pending.meta["path"],
            fmt=pending.meta["format"],
            mapping=mapping,
            requested_by=request.user,
        )
        return redirect("staff:import_status", slug=process.slug, pk=run.pk)
    return _preview(request, pending, mapping) or _upload_page(request, process, _chosen(pending))


@view_rules("opinions.download_template", None, obj=event_of)
def event_template_download(request, slug, event_slug):
    event = event_of(request, slug, event_slug)
    response = HttpResponse(
        event_template(event),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="synpunkter-{event.slug}.xlsx"'
    return response


@view_rules("opinions.import_opinions", None, obj=process_of)
def import_status(request, slug, pk):
    """How far a background import has come; the page asks again every two seconds."""
    run = get_object_or_404(
        ImportRun.objects.select_related("process", "result"), process__slug=slug, pk=pk
    )
    template = "opinions/import_status.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"run": run, "process": run.process})
