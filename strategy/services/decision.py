"""Recording the council's decision."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import public_data
from core.translated import swedish
from dialogues.models import Body
from strategy.models import (
    Decision,
    DraftVersion,
    Strategy,
)
from strategy.services.drafts import freeze


@transaction.atomic
def decision_record(
    *,
    strategy: Strategy,
    version: DraftVersion,
    body: Body,
    meeting_date: datetime.date,
    minute_item: str,
    case_number: str,
    text: str,
    text_en: str = "",
    minutes_approved_on: datetime.date | None = None,
    announced_on: datetime.date | None = None,
) -> Decision:
    """The decision that adopts `version`: it becomes final and frozen for good."""
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    if version.strategy_id != strategy.pk:
        raise ValidationError({"version": _("That version belongs to another strategy.")})
    if version.decisions.exists():
        raise ValidationError({"version": _("That version has already been adopted.")})
    newer = DraftVersion.objects.filter(strategy=strategy, number__gt=version.number)
    if newer.filter(decisions__isnull=False).exists():
        raise ValidationError({"version": _("A newer version has already been adopted.")})
    errors = {}
    if minutes_approved_on and minutes_approved_on < meeting_date:
        errors["minutes_approved_on"] = _("The minutes cannot be approved before the meeting.")
    if announced_on and announced_on < (minutes_approved_on or meeting_date):
        errors["announced_on"] = _(
            "The minutes cannot be announced before the meeting and the approval."
        )
    if errors:
        raise ValidationError(errors)
    freeze(version)
    version.status = DraftVersion.Status.FINAL
    version.save()
    with swedish():  # `text` is the Swedish text, `text_en` the English one
        decision = Decision(
            strategy=strategy,
            adopted_version=version,
            body=body,
            meeting_date=meeting_date,
            minute_item=minute_item.strip(),
            case_number=case_number.strip(),
            text=text.strip(),
            text_en=text_en.strip(),
            minutes_approved_on=minutes_approved_on,
            announced_on=announced_on,
        )
        decision.full_clean()
        decision.save()
    public_data.changed(strategy.process)
    return decision
