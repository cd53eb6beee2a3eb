"""Exports of a process's opinions and coding, made in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.background import stalled
from dialogues.models import Process


class ExportRunStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    WRITING = "writing", _("writing the file")
    DONE = "done", _("ready to download")
    FAILED = "failed", _("failed")


class ExportRun(models.Model):
    """An export of a process, written in the background (a large process takes minutes);
    its page offers the file when it is ready. Files are kept for a day."""

    Status = ExportRunStatus
    PROGRESS = {"queued": 5, "writing": 50, "done": 100, "failed": 100}

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="export_runs"
    )
    format = models.CharField(_("format"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportRunStatus.choices, default=ExportRunStatus.QUEUED
    )
    path = models.CharField(_("stored as"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExportRunStatus.values), name="export_run_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process} {self.format} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_stalled(self) -> bool:
        active = self.status in (ExportRunStatus.QUEUED, ExportRunStatus.WRITING)
        return stalled(active, self.started_at or self.requested_at)

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportRunStatus.DONE, ExportRunStatus.FAILED) or self.is_stalled

    @property
    def progress(self) -> int:
        return self.PROGRESS[self.status]
