"""Making e-archive packages: from the staff pages in the background (a package renders every
document of the process as PDF/A, which takes seconds to minutes), or from the command at once.
Every package made is recorded, with its SHA-256, for the administrators' list."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from archive.models import ArchivePackage
from archive.sip import build_sip
from dialogues.models import Process


def package_request(*, process: Process, by, site_url: str) -> ArchivePackage:
    """Ask for a package of the process, made in the background."""
    package = ArchivePackage.objects.create(process=process, created_by=by)
    transaction.on_commit(lambda: package_make.enqueue(package.pk, site_url))
    return package


@task()
def package_make(package_id: int, site_url: str) -> str:
    """Make the package an administrator or strategist asked for, and keep it in the file
    storage (e-archive/<process>/<identifier>.zip) for an administrator to deliver."""
    package = ArchivePackage.objects.select_related("process", "created_by").get(pk=package_id)
    ArchivePackage.objects.filter(pk=package_id).update(status=ArchivePackage.Status.WRITING)
    try:
        made = build_sip(package.process, by=package.created_by, site_url=site_url)
        data = made.zip_bytes()
        path = default_storage.save(
            f"e-archive/{package.process.slug}/{made.identifier}.zip", ContentFile(data)
        )
    except Exception:
        ArchivePackage.objects.filter(pk=package_id).update(
            status=ArchivePackage.Status.FAILED, finished_at=timezone.now()
        )
        raise
    ArchivePackage.objects.filter(pk=package_id).update(
        status=ArchivePackage.Status.DONE,
        identifier=made.identifier,
        path=path,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        files=len(made.files),
        finished_at=timezone.now(),
    )
    return "done"


def package_export(*, process: Process, output: Path, site_url: str) -> ArchivePackage:
    """Make the package now and write it to `output`: a zip if the name ends in .zip, else a
    folder in `output` named by the package's identifier. For a folder, the recorded checksum
    is that of its METS.xml, which holds the checksum of every other file."""
    made = build_sip(process, site_url=site_url)
    if output.suffix.lower() == ".zip":
        data = made.zip_bytes()
        output.write_bytes(data)
        path, size = output, len(data)
    else:
        path = made.write_folder(output)
        data = made.files["METS.xml"]
        size = sum(len(content) for content in made.files.values())
    now = timezone.now()
    return ArchivePackage.objects.create(
        process=process,
        identifier=made.identifier,
        status=ArchivePackage.Status.DONE,
        created_at=now,
        finished_at=now,
        path=str(path.resolve()),
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
        files=len(made.files),
    )
