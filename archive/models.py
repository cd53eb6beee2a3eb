"""The e-archive packages made of a process: who asked, when, where it is and its checksum, so
that an administrator can show the e-archive what was delivered and prove it unchanged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.background import stalled
from dialogues.models import Process


class PackageStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    WRITING = "writing", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ArchivePackage(models.Model):
    """An E-ARK submission information package (SIP) of a process, for the e-archive."""

    Status = PackageStatus

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="packages"
    )
    identifier = models.CharField(_("package identifier"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PackageStatus.choices, default=PackageStatus.QUEUED
    )
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked for by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty when the package was made with the export_process command."),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    path = models.CharField(
        _("stored as"),
        max_length=500,
        blank=True,
        help_text=_("In the file storage, or the path the export_process command wrote."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    files = models.PositiveIntegerField(_("files in the package"), default=0)

    class Meta:
        verbose_name = _("e-archive package")
        verbose_name_plural = _("e-archive packages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PackageStatus.values), name="archive_package_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.identifier or f"{self.process} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_stalled(self) -> bool:
        active = self.status in (PackageStatus.QUEUED, PackageStatus.WRITING)
        return stalled(active, self.created_at)

    @property
    def is_stored(self) -> bool:
        """Made in the background and kept in the file storage (not written by the command
        to a path of its own)."""
        return self.status == PackageStatus.DONE and self.path.startswith("e-archive/")
