"""Suggested categories: the trained models and what a strategist decided of each suggestion."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.background import stalled
from dialogues.models import Process
from opinions.models.coding import Category
from opinions.models.records import Opinion
from opinions.querysets import SuggestionQuerySet


class SuggestionModelStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    TRAINING = "training", _("training")
    DONE = "done", _("ready")
    TOO_FEW = "too_few", _("too few coded opinions")
    FAILED = "failed", _("failed")


class SuggestionModel(models.Model):
    """A model trained on a process's coded opinions, that suggests categories for the rest.
    Its quality is measured on coded opinions it did not see."""

    Status = SuggestionModelStatus
    PROGRESS = {"queued": 5, "training": 50, "done": 100, "too_few": 100, "failed": 100}

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="suggestion_models",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    trained_on = models.PositiveIntegerField(_("opinions trained on"), default=0)
    held_out = models.PositiveIntegerField(_("opinions held out"), default=0)
    quality = models.JSONField(_("quality"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    fitted = models.BinaryField(_("fitted model"), null=True, blank=True, editable=False)
    threshold = models.FloatField(
        _("how sure a suggestion must be"),
        default=0.3,
        help_text=_("Categories the model is less sure of than this are not suggested."),
    )

    class Meta:
        verbose_name = _("suggestion model")
        verbose_name_plural = _("suggestion models")
        ordering = ["process", "-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SuggestionModelStatus.values),
                name="suggestion_model_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_stalled(self) -> bool:
        active = self.status in (SuggestionModelStatus.QUEUED, SuggestionModelStatus.TRAINING)
        return stalled(active, self.started_at or self.requested_at)

    @property
    def progress(self) -> int:
        return self.PROGRESS[self.status]


class SuggestionDecision(models.TextChoices):
    PENDING = "pending", _("not decided")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class Suggestion(models.Model):
    """A category suggested for an uncoded opinion. Only a person's acceptance codes it."""

    Decision = SuggestionDecision

    model = models.ForeignKey(
        SuggestionModel,
        verbose_name=_("suggestion model"),
        on_delete=models.CASCADE,
        related_name="suggestions",
        db_index=False,
    )
    opinion = models.ForeignKey(
        Opinion,
        verbose_name=_("opinion"),
        on_delete=models.PROTECT,
        related_name="suggestions",
        db_index=False,
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    confidence = models.FloatField(_("confidence"))
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["opinion", "-confidence"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "opinion", "category"], name="suggestion_unique"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=SuggestionDecision.values),
                name="suggestion_decision_valid",
            ),
        ]
        indexes = [models.Index(fields=["opinion", "decision"], name="suggestion_opinion_idx")]

    def __str__(self) -> str:
        return f"{self.opinion_id} → {self.category} ({self.confidence:.0%})"
