"""Numbered versions of the strategy document, and the politicians' comments on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from strategy.models.strategy import Strategy
from strategy.querysets import (
    DraftVersionQuerySet,
)


class DraftVersionStatus(models.TextChoices):
    WORKING = "working", _("working")
    FOR_REVIEW = "for_review", _("for review")
    FOR_CONSULTATION = "for_consultation", _("for consultation")
    FINAL = "final", _("final")


class DraftVersion(models.Model):
    """A numbered version of the strategy document. Frozen once sent out or adopted."""

    Status = DraftVersionStatus

    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.PROTECT,
        related_name="versions",
        db_index=False,
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WORKING
    )
    text = models.TextField(_("text"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    data_snapshot = models.TextField(
        _("vision, goals and targets as frozen"),
        blank=True,
        help_text=_("Written when the version is frozen, so that later edits do not change it."),
    )

    objects = DraftVersionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
            models.CheckConstraint(
                condition=Q(status__in=DraftVersionStatus.values), name="version_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strategy} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class ReviewComment(models.Model):
    """A politician's comment on a draft version, or on one of its sections."""

    version = models.ForeignKey(
        DraftVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    section = models.CharField(
        _("part of the document"),
        max_length=100,
        blank=True,
        help_text=_("The anchor of the section the comment is about; empty for the whole version."),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["version", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]
