"""Opinions read from files: each imported file, and each import run in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.background import stalled
from dialogues.models import DialogueEvent, Process


class OpinionImport(models.Model):
    """A file imported into a process: who, when, what it held. Imports are all or nothing,
    so a file's digest here means every one of its rows is stored."""

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="imports",
        db_index=False,
    )
    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
    )
    file_name = models.CharField(_("file"), max_length=255)
    digest = models.CharField(_("SHA-256 of the file"), max_length=64)
    format = models.CharField(_("kind of file"), max_length=10)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"))
    rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    opinions = models.PositiveIntegerField(_("opinions created"))
    respondents = models.PositiveIntegerField(_("respondents created"))
    excluded = models.PositiveIntegerField(_("excluded"))

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["process", "-imported_at"]
        indexes = [models.Index(fields=["process", "digest"], name="import_digest_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"

    @property
    def already_there(self) -> int:
        return self.rows - self.opinions


class ImportRunStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    READING = "reading", _("reading the file")
    WRITING = "writing", _("saving the opinions")
    DONE = "done", _("done")
    FAILED = "failed", _("not imported")


class ImportRun(models.Model):
    """A confirmed upload, imported in the background; its page shows how far it has come."""

    Status = ImportRunStatus
    PROGRESS = {"queued": 5, "reading": 30, "writing": 70, "done": 100, "failed": 100}

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="import_runs"
    )
    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    path = models.CharField(_("stored as"), max_length=255)
    format = models.CharField(_("kind of file"), max_length=10)
    mapping = models.JSONField(_("columns"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportRunStatus.choices, default=ImportRunStatus.QUEUED
    )
    result = models.ForeignKey(
        OpinionImport,
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    messages = models.JSONField(_("messages"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportRunStatus.values), name="import_run_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_stalled(self) -> bool:
        """Its worker died: an import is all or nothing, so nothing of it was saved."""
        active = self.status in (self.Status.QUEUED, self.Status.READING, self.Status.WRITING)
        return stalled(active, self.created_at)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED) or self.is_stalled

    @property
    def progress(self) -> int:
        return self.PROGRESS[self.status]
