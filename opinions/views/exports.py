"""Exports of a process's opinions and coding, asked for and downloaded."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.models import (
    ExportRun,
)
from opinions.services.exports import export_request


@view_rules("opinions.view_coding", "opinions.view_coding", obj=process_of)
def process_export(request, slug, fmt):
    """Ask for an export (POST); it is written in the background and offered on its page."""
    process = process_of(request, slug)
    if request.method != "POST":
        return redirect("staff:analysis", slug=process.slug)
    run = export_request(process=process, fmt=fmt, by=request.user)
    return redirect("staff:export_status", slug=process.slug, pk=run.pk)


@view_rules("opinions.view_coding", None, obj=process_of)
def export_status(request, slug, pk):
    """How far an export has come; the page asks again every two seconds."""
    run = get_object_or_404(
        ExportRun.objects.select_related("process", "requested_by"), process__slug=slug, pk=pk
    )
    template = "opinions/export_status.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"run": run, "process": run.process})


@view_rules("opinions.view_coding", None, obj=process_of)
def export_download(request, slug, pk):
    from django.core.files.storage import default_storage
    from django.http import FileResponse, Http404

    from opinions.formats.exports import CONTENT_TYPES

    run = get_object_or_404(ExportRun, process__slug=slug, pk=pk, status=ExportRun.Status.DONE)
    if not run.path or not default_storage.exists(run.path):
        raise Http404(_("The file is no longer kept. Ask for a new export."))
    return FileResponse(
        default_storage.open(run.path),
        as_attachment=True,
        filename=f"{slug}.{run.format}",
        content_type=CONTENT_TYPES[run.format],
    )
