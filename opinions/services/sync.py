"""A batch from the entry page: the respondents and opinions registered at one event, sent
online or when the network came back. Each item is stored on its own and is idempotent on its
client id: a retried or double-sent item is stored once and answered `already_stored`, a
rejected one says why, and the others are still stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dialogues.models import DialogueEvent
from opinions.services.records import (
    opinion_register,
    respondent_by_client_uuid,
    respondent_register,
)


@dataclass
class Outcome:
    client_uuid: uuid.UUID
    status: str  # stored, already_stored or rejected
    reason: str = ""
    receipt_code: str = ""


@dataclass
class _Known:
    """What the batch may name, looked up only when some item names it."""

    areas: dict
    questions: dict
    sessions: dict


def _known(event: DialogueEvent, respondents: list, opinions: list) -> _Known:
    process = event.process
    return _Known(
        areas={a.pk: a for a in process.areas.all()}
        if any(item.area is not None for item in respondents)
        else {},
        questions={q.pk: q for q in process.questions.all()}
        if any(item.question is not None for item in opinions)
        else {},
        sessions={s.pk: s for s in event.open_space_sessions.all()}
        if any(item.open_space_session is not None for item in opinions)
        else {},
    )


def _rejected(item, error: ValidationError) -> Outcome:
    return Outcome(item.client_uuid, "rejected", reason=" ".join(error.messages))


@transaction.atomic  # one commit for the batch; each item still stands or falls alone
def batch_store(
    *, event: DialogueEvent, respondents: list, opinions: list, recorded_by
) -> tuple[list[Outcome], list[Outcome]]:
    """Store the batch's respondents, then its opinions; the outcome of each, in order."""
    known = _known(event, respondents, opinions)
    stored: dict = {}
    return (
        [_respondent(event, item, known, stored) for item in respondents],
        [_opinion(event, item, known, stored, recorded_by) for item in opinions],
    )


def _respondent(event: DialogueEvent, item, known: _Known, stored: dict) -> Outcome:
    try:
        if item.area is not None and item.area not in known.areas:
            raise ValidationError(_("The area is not one of this process's areas."))
        respondent, created = respondent_register(
            process=event.process,
            event=event,
            client_uuid=item.client_uuid,
            receipt_code=item.receipt_code,
            age_band=item.age_band,
            gender=item.gender,
            area=known.areas.get(item.area),
            role=item.role,
            email=item.email,
            phone=item.phone,
        )
    except ValidationError as error:
        return _rejected(item, error)
    stored[item.client_uuid] = respondent
    status = "stored" if created else "already_stored"
    return Outcome(item.client_uuid, status, receipt_code=respondent.receipt_code)


def _opinion(event: DialogueEvent, item, known: _Known, stored: dict, recorded_by) -> Outcome:
    try:
        respondent = None
        if item.respondent is not None:
            respondent = stored.get(item.respondent) or respondent_by_client_uuid(
                event.process, item.respondent
            )
        if item.question is not None and item.question not in known.questions:
            raise ValidationError(_("The question is not one of this process's questions."))
        if item.open_space_session is not None and item.open_space_session not in known.sessions:
            raise ValidationError(_("The session is not part of this event."))
        _opinion, created = opinion_register(
            process=event.process,
            event=event,
            open_space_session=known.sessions.get(item.open_space_session),
            question=known.questions.get(item.question),
            respondent=respondent,
            text=item.text,
            consent_to_publish=item.consent_to_publish,
            client_uuid=item.client_uuid,
            recorded_at=item.recorded_at,
            recorded_by=recorded_by,
        )
    except ValidationError as error:
        return _rejected(item, error)
    return Outcome(item.client_uuid, "stored" if created else "already_stored")
