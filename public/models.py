"""What the public site publishes as of a moment: the figures of "what you said".

Live counts would give away each new respondent: two readings a minute apart, and the
difference is the age band and area of the one person registered between them. The figures are
therefore published as snapshots, made when the process moves to another stage and, if the
process asks for it, at most once a day while the dialogue is open (`refresh_statistics`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogues.models import Process


class StatisticsSnapshot(models.Model):
    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="statistics_snapshots",
        db_index=False,  # the index below starts with it
    )
    made_at = models.DateTimeField(_("made at"))
    counts = models.JSONField(_("counts"))

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        indexes = [models.Index(fields=["process", "-made_at"], name="public_snapshot_latest")]

    def __str__(self) -> str:
        return f"{self.process} {self.made_at:%Y-%m-%d %H:%M}"
