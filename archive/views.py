"""The e-archive package: asked for from a process's page, downloaded by an administrator."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from archive import services
from archive.models import ArchivePackage
from core.permissions import view_rules
from dialogues.models import Process


def _process(request, slug):
    return get_object_or_404(Process, slug=slug)


@view_rules(None, "archive.make_package", obj=_process)
def package_make(request, slug):
    process = _process(request, slug)
    services.package_request(
        process=process, by=request.user, site_url=request.build_absolute_uri("/")
    )
    messages.success(
        request,
        _(
            "The e-archive package is being made. It is listed below, and administrators "
            "find it with its checksum on the IT page."
        ),
    )
    return redirect("staff:process_detail", process.slug)


@view_rules("archive.view_packages", None)
def package_download(request, pk):
    package = get_object_or_404(ArchivePackage, pk=pk, status=ArchivePackage.Status.DONE)
    if not package.is_stored or not default_storage.exists(package.path):
        raise Http404(_("This package was written to a folder by the command, not kept here."))
    return FileResponse(
        default_storage.open(package.path),
        as_attachment=True,
        filename=f"{package.identifier}.zip",
        content_type="application/zip",
    )
