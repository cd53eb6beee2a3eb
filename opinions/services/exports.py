"""Exports of a process, written in the background and removed after a day."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from dialogues.models import Process
from opinions.models import (
    ExportRun,
)

EXPORTS_KEPT = datetime.timedelta(days=1)


def export_request(*, process: Process, fmt: str, by) -> ExportRun:
    """Ask for an export, written in the background. Files older than a day are removed
    first: exports hold every opinion, and no copy should linger."""
    from opinions import tasks

    exports_purge(process=process)
    run = ExportRun.objects.create(process=process, format=fmt, requested_by=by)
    transaction.on_commit(lambda: tasks.export_run.enqueue(run.pk))
    return run


def exports_purge(*, process: Process | None = None) -> int:
    """Remove the files of exports older than a day (of one process, or all). Returns how
    many were removed."""
    from django.core.files.storage import default_storage

    old = ExportRun.objects.filter(requested_at__lt=timezone.now() - EXPORTS_KEPT).exclude(path="")
    if process is not None:
        old = old.filter(process=process)
    runs = list(old)
    for run in runs:
        default_storage.delete(run.path)
    ExportRun.objects.filter(pk__in=[run.pk for run in runs]).update(path="")
    return len(runs)
