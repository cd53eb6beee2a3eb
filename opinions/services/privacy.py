"""Gallring and register extracts: personal data kept only as long as it is needed, and shown
to the person it is about when they ask.

The personal data here (DESIGN.md) is a respondent's profile, which is not enough to name
anyone, and the contact a respondent leaves for feedback, which is: it carries a retention
date (`retain_until`) from the day it is given, and is deleted when that date has passed
or, sooner, once the feedback message has been sent. Opinions are public records
(allmänna handlingar) and are never touched here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from opinions.models import (
    Opinion,
    RegisterExtract,
    Respondent,
    RespondentContact,
    RetentionLog,
)


@transaction.atomic
def purge_expired(today: datetime.date | None = None) -> RetentionLog:
    """Delete every contact for feedback whose retention date is before `today`, and log how
    many (never which)."""
    today = today or timezone.localdate()
    removed, _by_model = RespondentContact.objects.filter(retain_until__lt=today).delete()
    return RetentionLog.objects.create(
        rule=RetentionLog.Rule.CONTACT_FOR_FEEDBACK, removed=removed, kept_until=today
    )


@dataclass
class Found:
    respondent: Respondent
    contact: RespondentContact | None
    opinions: list[Opinion] = field(default_factory=list)


def _respondents(query: str):
    """Respondents whose receipt code, or whose contact's e-mail or phone, is `query`."""
    query = query.strip()
    if not query:
        return Respondent.objects.none()
    digits = "".join(char for char in query if char.isdigit())
    condition = Q(receipt_code=query.upper().replace(" ", "").replace("-", ""))
    condition |= Q(contact__email__iexact=query)
    if len(digits) >= 6:
        condition |= Q(contact__phone=query) | Q(contact__phone=digits)
    return Respondent.objects.filter(condition)


def register_extract(query: str, *, made_by) -> list[Found]:
    """Everything kept about the person who gave this receipt code, e-mail or phone number:
    their profile, their contact, and their opinions with every correction and category."""
    respondents = list(
        _respondents(query)
        .select_related("process", "event", "area", "contact")
        .prefetch_related("opinions__versions", "opinions__final_categories", "opinions__event")
        .order_by("created_at")
    )
    RegisterExtract.objects.create(made_by=made_by, found=len(respondents))
    return [
        Found(
            respondent=respondent,
            contact=getattr(respondent, "contact", None),
            opinions=sorted(respondent.opinions.all(), key=lambda o: (o.recorded_at, o.pk)),
        )
        for respondent in respondents
    ]


def extract_data(found: list[Found]) -> list[dict]:
    """The extract as data, for the JSON the person is given."""
    return [
        {
            "process": item.respondent.process.title,
            "receipt_code": item.respondent.receipt_code,
            "event": item.respondent.event.title if item.respondent.event else None,
            "age_band": item.respondent.get_age_band_display() or None,
            "gender": item.respondent.get_gender_display() or None,
            "area": item.respondent.area.name if item.respondent.area else None,
            "role": item.respondent.get_role_display() or None,
            "registered": item.respondent.created_at.isoformat(timespec="seconds"),
            "contact_for_feedback": {
                "email": item.contact.email,
                "phone": item.contact.phone,
                "consent_given": item.contact.consent_given_at.isoformat(timespec="seconds"),
                "deleted_on": item.contact.retain_until.isoformat(),
            }
            if item.contact
            else None,
            "opinions": [
                {
                    "registered": opinion.recorded_at.isoformat(timespec="seconds"),
                    "text_as_registered": opinion.original_text,
                    "corrections": [
                        {"text": version.text, "when": version.corrected_at.isoformat()}
                        for version in sorted(opinion.versions.all(), key=lambda v: v.number)
                    ],
                    "published_text": opinion.published_text or None,
                    "publication": opinion.get_publication_display(),
                    "status": opinion.get_status_display(),
                    "categories": [c.name for c in opinion.final_categories.all()],
                }
                for opinion in item.opinions
            ],
        }
        for item in found
    ]


@task()
def purge_personal_data() -> int:
    """Gallring as a background task: what `manage.py purge_contacts` does."""
    return purge_expired().removed
