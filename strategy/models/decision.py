"""The council's decision that adopted a version of the strategy."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models import Body
from strategy.models.drafts import DraftVersion
from strategy.models.strategy import Strategy

APPEAL_PERIOD = datetime.timedelta(weeks=3)


class Decision(models.Model):
    """The council's decision that adopts a version of the strategy."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="decisions"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting_date = models.DateField(_("meeting date"))
    minute_item = models.CharField(_("minute item (§)"), max_length=20)
    case_number = models.CharField(_("case number (dnr)"), max_length=50)
    text = models.TextField(_("decision text"))
    adopted_version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("version adopted"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    minutes_approved_on = models.DateField(_("minutes approved"), null=True, blank=True)
    announced_on = models.DateField(_("announced on the notice board"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["strategy", "meeting_date"]

    def __str__(self) -> str:
        return f"{self.body} {self.meeting_date} {self.minute_item}"

    @property
    def last_day_to_appeal(self) -> datetime.date | None:
        """Three weeks after the minutes were announced (kommunallagen 13 kap.)."""
        return self.announced_on + APPEAL_PERIOD if self.announced_on else None
