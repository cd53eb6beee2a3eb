"""Writes of the record: respondents and opinions as registered (the entry page, the API, the
online form and imports all call these), corrections and deletions."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import public_data
from dialogues.models import Area, DialogueEvent, GuidingQuestion, OpenSpaceSession, Process
from opinions.models import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    Opinion,
    OpinionVersion,
    Respondent,
    RespondentContact,
)
from opinions.rules import RECORD_OPEN

MAX_OPINION_LENGTH = 10_000


# The same answer whether a code is malformed or already someone's: what a client sends never
# tells it which codes exist.
CLOCK_SLACK = datetime.timedelta(minutes=15)

UNUSABLE_CODE = gettext_lazy("This receipt code cannot be used; make a new respondent.")


# What Django's model checks leave to the checks here and to the database (a batch of the
# sync API is checked the same way, opinions/services/sync.py).
RESPONDENT_CHECKED = ["process", "event", "area"]
OPINION_CHECKED = [
    "process",
    "event",
    "open_space_session",
    "question",
    "respondent",
    "recorded_by",
    "duplicate_of",
]


def _check_receipt_code(code: str) -> None:
    if len(code) != RECEIPT_LENGTH or any(char not in RECEIPT_ALPHABET for char in code):
        raise ValidationError({"receipt_code": UNUSABLE_CODE})


@transaction.atomic
def respondent_register(
    *,
    process: Process,
    event: DialogueEvent | None = None,
    client_uuid: uuid.UUID | None = None,
    receipt_code: str | None = None,
    age_band: str = "",
    gender: str = "",
    area: Area | None = None,
    role: str = "",
    external_id: str = "",
    email: str = "",
    phone: str = "",
) -> tuple[Respondent, bool]:
    """Register a respondent, or return the one already registered with this client id.

    The entry page makes the receipt code itself, so that it can be shown with no network.
    A contact is stored only when given, apart from the profile, with a date to delete it.
    """
    if client_uuid is not None:
        existing = Respondent.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            if existing.process_id != process.pk:
                raise ValidationError(_("This respondent belongs to another process."))
            return existing, False
    if area is not None and area.process_id != process.pk:
        raise ValidationError({"area": _("The area is not one of this process's areas.")})
    respondent = Respondent(
        process=process,
        event=event,
        client_uuid=client_uuid,
        age_band=age_band,
        gender=gender,
        area=area,
        role=role,
        external_id=external_id,
    )
    if receipt_code:
        _check_receipt_code(receipt_code)
        respondent.receipt_code = receipt_code
    # The related rows were checked above; the database enforces the constraints (one query
    # each if Django checked them too, which made every registration several times slower).
    respondent.full_clean(
        exclude=RESPONDENT_CHECKED, validate_unique=False, validate_constraints=False
    )
    try:
        with transaction.atomic():
            respondent.save()
    except IntegrityError:
        if client_uuid is not None and Respondent.objects.filter(client_uuid=client_uuid).exists():
            return Respondent.objects.get(client_uuid=client_uuid), False
        raise ValidationError({"receipt_code": UNUSABLE_CODE}) from None
    if email or phone:
        _contact_keep(respondent, email=email, phone=phone)
    public_data.changed(process)
    return respondent, True


def _contact_keep(respondent: Respondent, *, email: str, phone: str) -> RespondentContact:
    """A contact for feedback, kept apart from the profile, with the day it is deleted."""
    contact = RespondentContact(
        respondent=respondent,
        email=email,
        phone=phone,
        consent_given_at=timezone.now(),
        retain_until=timezone.localdate()
        + datetime.timedelta(days=settings.FEEDBACK_CONTACT_RETENTION_DAYS),
    )
    contact.full_clean()
    contact.save()
    return contact


def _checked_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"original_text": _("The opinion is empty.")})
    if len(text) > MAX_OPINION_LENGTH:
        raise ValidationError(
            {
                "original_text": _("The opinion is longer than %(max)d characters.")
                % {"max": MAX_OPINION_LENGTH}
            }
        )
    if "\x00" in text:  # JSON may carry it; PostgreSQL cannot store it
        raise ValidationError(
            {
                "original_text": _(
                    "The opinion holds a null character (byte 0), which text cannot hold."
                )
            }
        )
    return text


def _check_links(process: Process, event, question, respondent, session) -> None:
    """What an opinion names belongs to its process (and a session to its event)."""
    for name, related in (("event", event), ("question", question), ("respondent", respondent)):
        if related is not None and related.process_id != process.pk:
            raise ValidationError({name: _("It belongs to another process.")})
    if session is not None and session.event_id != getattr(event, "pk", None):
        raise ValidationError({"open_space_session": _("The session is not part of this event.")})


def _check_when(process: Process, event, recorded_at: datetime.datetime | None) -> None:
    """An opinion is given no earlier than the day before its event began or its process was
    made here, whichever came first, and not in the future (a phone's clock may be a few
    minutes off)."""
    if recorded_at is None:
        return
    if recorded_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"recorded_at": _("The time given is in the future.")})
    earliest = min(filter(None, [process.created_at, getattr(event, "starts_at", None)]))
    if recorded_at < earliest - datetime.timedelta(days=1):
        raise ValidationError(
            {"recorded_at": _("The time given is before the event and the dialogue began.")}
        )


@transaction.atomic
def opinion_register(
    *,
    process: Process,
    text: str,
    recorded_by,
    event: DialogueEvent | None = None,
    open_space_session: OpenSpaceSession | None = None,
    question: GuidingQuestion | None = None,
    respondent: Respondent | None = None,
    consent_to_publish: bool = False,
    client_uuid: uuid.UUID | None = None,
    recorded_at: datetime.datetime | None = None,
    language: str = "sv",
    source: str = Opinion.Source.ENTERED,
    source_file: str = "",
    source_row: int | None = None,
    polis_id: str = "",
    status: str = Opinion.Status.REGISTERED,
    exclusion_reason: str = "",
) -> tuple[Opinion, bool]:
    """Register what a resident said, exactly as said; or return the one already registered
    with this client id (a retried or double-sent opinion is stored once)."""
    if client_uuid is not None:
        existing = Opinion.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            return existing, False
    text = _checked_text(text)
    _check_links(process, event, question, respondent, open_space_session)
    _check_when(process, event, recorded_at)
    opinion = Opinion(
        process=process,
        event=event,
        open_space_session=open_space_session,
        question=question,
        respondent=respondent,
        original_text=text,
        language=language,
        consent_to_publish=consent_to_publish,
        recorded_by=recorded_by,
        recorded_at=recorded_at or timezone.now(),
        source=source,
        source_file=source_file,
        source_row=source_row,
        polis_id=polis_id,
        client_uuid=client_uuid,
        status=status,
        exclusion_reason=exclusion_reason,
    )
    return _opinion_save(opinion)


def _opinion_save(opinion: Opinion) -> tuple[Opinion, bool]:
    # The related rows were checked before; the database enforces the constraints.
    opinion.full_clean(
        exclude=OPINION_CHECKED,
        validate_unique=False,
        validate_constraints=False,
    )
    client_uuid = opinion.client_uuid
    try:
        with transaction.atomic():
            opinion.save()
    except IntegrityError:
        if client_uuid is not None and Opinion.objects.filter(client_uuid=client_uuid).exists():
            return Opinion.objects.get(client_uuid=client_uuid), False
        raise
    public_data.changed(opinion.process)
    return opinion, True


def respondent_by_client_uuid(process: Process, client_uuid: uuid.UUID) -> Respondent:
    respondent = Respondent.objects.filter(process=process, client_uuid=client_uuid).first()
    if respondent is None:
        raise ValidationError(_("The respondent of this opinion has not been stored."))
    return respondent


@transaction.atomic
def opinion_correct(
    *, opinion: Opinion, text: str, corrected_by, reason: str = ""
) -> OpinionVersion:
    """Correct what was written down. The text as registered is never changed: the correction is
    a new version on top of it."""
    opinion = (
        Opinion.objects.select_for_update(of=("self",)).select_related("process").get(pk=opinion.pk)
    )
    if opinion.is_deleted:
        raise ValidationError(_("A deleted opinion cannot be corrected."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The opinion is empty.")})
    if len(text) > MAX_OPINION_LENGTH:
        raise ValidationError(
            {
                "text": _("The opinion is longer than %(max)d characters.")
                % {"max": MAX_OPINION_LENGTH}
            }
        )
    if not reason.strip() and opinion.process.stage not in RECORD_OPEN:  # opinions/rules.py
        raise ValidationError(
            {"reason": _("The record is closed at this stage: say why the opinion is corrected.")}
        )
    last = opinion.versions.order_by("-number").first()
    if text == (last.text if last else opinion.original_text):
        raise ValidationError({"text": _("The text is the same as before.")})
    version = OpinionVersion.objects.create(
        opinion=opinion,
        number=(last.number if last else 1) + 1,
        text=text,
        reason=reason.strip(),
        corrected_by=corrected_by,
        corrected_at=timezone.now(),
    )
    public_data.changed(opinion.process)
    return version


@transaction.atomic
def opinion_delete(*, opinion: Opinion, deleted_by, reason: str) -> Opinion:
    """A soft delete: the opinion stays in the record, marked deleted with who, when and why."""
    opinion = (
        Opinion.objects.select_for_update(of=("self",)).select_related("process").get(pk=opinion.pk)
    )
    if opinion.is_deleted:
        raise ValidationError(_("The opinion is already deleted."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the opinion is deleted.")})
    opinion.deleted_at = timezone.now()
    opinion.deleted_by = deleted_by
    opinion.deletion_reason = reason.strip()
    opinion.save(update_fields=["deleted_at", "deleted_by", "deletion_reason"])
    public_data.changed(opinion.process)
    return opinion
