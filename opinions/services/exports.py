"""Exports of a process, written in the background and removed after a day."""

from __future__ import annotations

import datetime
import tempfile

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from dialogues.models import Process
from opinions.formats.exports import write_export
from opinions.models import (
    ExportRun,
)

EXPORTS_KEPT = datetime.timedelta(days=1)


def export_request(*, process: Process, fmt: str, by) -> ExportRun:
    """Ask for an export, written in the background. Files older than a day are removed
    first: exports hold every opinion, and no copy should linger."""
    exports_purge(process=process)
    run = ExportRun.objects.create(process=process, format=fmt, requested_by=by)
    transaction.on_commit(lambda: export_run.enqueue(run.pk))
    return run


def exports_purge(*, process: Process | None = None) -> int:
    """Remove the files of exports older than a day (of one process, or all). Returns how
    many were removed."""
    old = ExportRun.objects.filter(requested_at__lt=timezone.now() - EXPORTS_KEPT).exclude(path="")
    if process is not None:
        old = old.filter(process=process)
    runs = list(old)
    for run in runs:
        default_storage.delete(run.path)
    ExportRun.objects.filter(pk__in=[run.pk for run in runs]).update(path="")
    return len(runs)


@task()
def export_run(run_id: int) -> str:
    """Write the export a strategist asked for into storage, for the export's page to offer."""
    run = ExportRun.objects.select_related("process").get(pk=run_id)
    ExportRun.objects.filter(pk=run_id).update(
        status=ExportRun.Status.WRITING, started_at=timezone.now()
    )
    try:
        # Written to a temporary file first, then into storage: held on disk, not in memory.
        with tempfile.TemporaryFile() as written:
            write_export(run.process, run.format, written)
            size = written.tell()
            written.seek(0)
            path = default_storage.save(
                f"exports/{run.process.slug}/{run.pk}.{run.format}", File(written)
            )
    except Exception:
        ExportRun.objects.filter(pk=run_id).update(
            status=ExportRun.Status.FAILED, finished_at=timezone.now()
        )
        raise
    ExportRun.objects.filter(pk=run_id).update(
        status=ExportRun.Status.DONE, path=path, size=size, finished_at=timezone.now()
    )
    return "done"
