"""Publication review: what of the opinions residents may read, and in which words."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import public_data
from opinions.analysis.screening import screen
from opinions.models import (
    Opinion,
)
from opinions.services.records import MAX_OPINION_LENGTH


@transaction.atomic
def publication_review(
    *, opinion: Opinion, reviewer, approve: bool, published_text: str = ""
) -> Opinion:
    """Approve an opinion for the public site with the text to show (a redacted copy; the
    original is never touched), or withhold it. Either can be changed by a later review."""
    opinion = (
        Opinion.objects.select_for_update(of=("self",)).select_related("process").get(pk=opinion.pk)
    )
    if approve:
        if opinion.is_deleted or opinion.status != Opinion.Status.REGISTERED:
            raise ValidationError(_("Only a registered opinion that counts can be published."))
        if not opinion.consent_to_publish:
            raise ValidationError(
                _("The person who gave this opinion did not agree to its publication.")
            )
        published_text = published_text.strip()
        if not published_text:
            raise ValidationError({"published_text": _("Write the text to publish.")})
        if len(published_text) > MAX_OPINION_LENGTH:
            raise ValidationError(
                {
                    "published_text": _("The text is longer than %(max)d characters.")
                    % {"max": MAX_OPINION_LENGTH}
                }
            )
        opinion.publication, opinion.published_text = Opinion.Publication.APPROVED, published_text
    else:
        opinion.publication, opinion.published_text = Opinion.Publication.WITHHELD, ""
    opinion.reviewed_by, opinion.reviewed_at = reviewer, timezone.now()
    opinion.save(update_fields=["publication", "published_text", "reviewed_by", "reviewed_at"])
    public_data.changed(opinion.process)
    return opinion


@transaction.atomic
def publication_approve_clean(*, opinions, reviewer, places: frozenset[str]) -> int:
    """Approve, as they are, the opinions in which the screen finds nothing; return how many.
    Those with a hit wait for a person to read them."""
    approved = 0
    for opinion in opinions:
        text = opinion.current_text
        if opinion.publication != Opinion.Publication.NOT_REVIEWED or screen(text, places):
            continue
        publication_review(opinion=opinion, reviewer=reviewer, approve=True, published_text=text)
        approved += 1
    return approved
