"""Personal data: the log of what retention deleted, and the register extracts made."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionRule(models.TextChoices):
    CONTACT_FOR_FEEDBACK = "contact_for_feedback", _("contacts for feedback past their date")


class RetentionLog(models.Model):
    """One run of a retention rule (gallring): when, which rule, how many records it removed.
    Never what they held: the log must not keep what the rule took away."""

    Rule = RetentionRule

    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    ran_at = models.DateTimeField(_("ran"), default=timezone.now)
    removed = models.PositiveIntegerField(_("records removed"))
    kept_until = models.DateField(
        _("removed what was kept until before"),
        help_text=_("The day the run went by: what was to be kept until before it was removed."),
    )

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rule__in=RetentionRule.values), name="retention_rule_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} {self.ran_at:%Y-%m-%d}: {self.removed}"


class RegisterExtract(models.Model):
    """That a register extract (GDPR art. 15) was made: by whom, when, how many records it
    found. Not what was asked for nor what was found."""

    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made"), default=timezone.now)
    found = models.PositiveIntegerField(_("respondents found"))

    class Meta:
        verbose_name = _("register extract")
        verbose_name_plural = _("register extracts")
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.made_at:%Y-%m-%d %H:%M} ({self.found})"
