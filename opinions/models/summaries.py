"""Summaries per category: a text a person accepted, with the opinions each sentence rests on.

A language model may draft one; the draft keeps the model's name and the date it was written,
and only a person's acceptance makes it the category's summary. No summary codes anything."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opinions.models.coding import Category


class CategorySummary(models.Model):
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="summaries",
    )
    text = models.TextField(
        _("summary"), help_text=_("Each sentence ends with the opinions it rests on: [12, 31].")
    )
    model_name = models.CharField(
        _("drafted by the model"),
        max_length=200,
        blank=True,
        help_text=_("Empty when a person wrote it."),
    )
    drafted_at = models.DateTimeField(_("drafted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("category summary")
        verbose_name_plural = _("category summaries")
        ordering = ["category", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(accepted_by__isnull=False),
                name="category_summary_accepted_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.text[:40]}"

    @property
    def is_draft(self) -> bool:
        return self.accepted_at is None
