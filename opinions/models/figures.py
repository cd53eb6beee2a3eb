"""Figures kept in the database: what a page of counts over a process's opinions last counted,
so that a cold page reads them instead of counting every coded opinion again.

Every write that changes a process says so through `core.public_data.changed`; once it
commits, `changes` moves on (opinions/analysis/kept.py listens), and figures counted before are
stale. `counted` is the value of `changes` that the figures were counted at."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogues.models import Process


class KeptFigures(models.Model):
    class Kind(models.TextChoices):
        ANALYSIS = "analysis", _("analysis")
        AGREEMENT = "agreement", _("agreement")
        QUALITY = "quality", _("quality of the coding")
        PUBLISHED = "published", _("published opinions")
        SUMMARIES = "summaries", _("summaries per category")
        CODING = "coding", _("coding progress and the codebook's counts")

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # kept_figures_unique starts with it
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    figures = models.JSONField(_("figures"), default=dict)
    changes = models.PositiveBigIntegerField(_("changes to the process"), default=0)
    counted = models.PositiveBigIntegerField(_("counted at change"), null=True)
    made_at = models.DateTimeField(_("counted"), null=True)
    seconds = models.FloatField(_("seconds to count"), null=True)
    queued_at = models.DateTimeField(_("count asked for in the background"), null=True)

    class Meta:
        verbose_name = _("kept figures")
        verbose_name_plural = _("kept figures")
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="kept_figures_unique")
        ]

    def __str__(self) -> str:
        return f"{self.process} {self.kind}"

    @property
    def fresh(self) -> bool:
        return self.counted is not None and self.counted == self.changes
