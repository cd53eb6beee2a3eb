"""A batch from the entry page: the respondents and opinions registered at one event, sent
online or when the network came back. Each item stands or falls on its own and is idempotent
on its client id: a retried or double-sent item is stored once and answered `already_stored`,
a rejected one says why, and the others are still stored.

A batch costs the same few queries whatever its size (issue #19): each item is checked in
Python, what the batch names is looked up in one query per kind, and the new rows are written
in one INSERT per table (the opinions' history rows beside them), in one transaction with no
savepoint. Should another request store one of the same items between the look-up and the
INSERT, the unique indexes refuse it; the transaction is then rolled back whole and the batch
stored again item by item, each in a savepoint, which answers such an item `already_stored`.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, F, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core import public_data
from dialogues.models import DialogueEvent
from dialogues.stages import Stage, dialogue_closed_at
from opinions.models import Opinion, Respondent, RespondentContact
from opinions.services.records import (  # the same checks as one opinion registered alone
    OPINION_CHECKED,
    RESPONDENT_CHECKED,
    UNUSABLE_CODE,
    _check_links,
    _check_receipt_code,
    _check_when,
    _checked_text,
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
    closed_at: datetime.datetime | None = None  # the dialogue closed then: later is refused


@dataclass
class _New:
    """Rows checked and waiting for their one INSERT, with the index of their outcome."""

    rows: list = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    contacts: dict = field(default_factory=dict)  # place: an unsaved contact


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
        closed_at=None if process.stage == Stage.DIALOGUE_OPEN else dialogue_closed_at(process),
    )


def _rejected(item, error: ValidationError) -> Outcome:
    return Outcome(item.client_uuid, "rejected", reason=" ".join(error.messages))


def batch_store(
    *, event: DialogueEvent, respondents: list, opinions: list, recorded_by
) -> tuple[list[Outcome], list[Outcome]]:
    """Store the batch's respondents, then its opinions; the outcome of each, in order. One
    commit for the batch; each item still stands or falls alone."""
    try:
        with transaction.atomic():
            return _store(event, respondents, opinions, recorded_by, one_by_one=False)
    except IntegrityError:  # another request stored some of these since the look-up
        with transaction.atomic():
            return _store(event, respondents, opinions, recorded_by, one_by_one=True)


def _store(event, respondents: list, opinions: list, recorded_by, *, one_by_one: bool):
    known = _known(event, respondents, opinions)
    checked, respondent_outcomes = _checked_respondents(event, respondents, known)
    stored, stored_opinions = _stored(checked.values(), opinions)
    by_uuid = _respondents(event, respondents, checked, stored, respondent_outcomes, one_by_one)
    opinion_outcomes = _opinions(
        event, opinions, known, by_uuid, stored_opinions, recorded_by, one_by_one
    )
    if any(o.status == "stored" for o in [*respondent_outcomes, *opinion_outcomes]):
        public_data.changed(event.process)
    return respondent_outcomes, opinion_outcomes


# Respondents ------------------------------------------------------------------------------------


def _respondent_row(event: DialogueEvent, item, known: _Known) -> tuple[Respondent, object]:
    """The respondent (and its contact) as it would be stored, checked; or ValidationError."""
    if item.area is not None and item.area not in known.areas:
        raise ValidationError(_("The area is not one of this process's areas."))
    respondent = Respondent(
        process=event.process,
        event=event,
        client_uuid=item.client_uuid,
        age_band=item.age_band,
        gender=item.gender,
        area=known.areas.get(item.area),
        role=item.role,
    )
    if item.receipt_code:
        _check_receipt_code(item.receipt_code)
        respondent.receipt_code = item.receipt_code
    respondent.full_clean(exclude=RESPONDENT_CHECKED, validate_unique=False,
                          validate_constraints=False)  # fmt: skip
    contact = None
    if "\x00" in item.email + item.phone:  # JSON may carry it; PostgreSQL cannot store it
        raise ValidationError(
            _("The contact details hold a null character (byte 0), which text cannot hold.")
        )
    if item.email or item.phone:
        contact = RespondentContact(
            email=item.email,
            phone=item.phone,
            consent_given_at=timezone.now(),
            retain_until=timezone.localdate()
            + datetime.timedelta(days=settings.FEEDBACK_CONTACT_RETENTION_DAYS),
        )
        # It has an e-mail or a phone, as its constraint asks.
        contact.full_clean(exclude=["respondent"], validate_unique=False,
                           validate_constraints=False)  # fmt: skip
    return respondent, contact


def _checked_respondents(event: DialogueEvent, items: list, known: _Known) -> tuple[dict, list]:
    """Each respondent as it would be stored, with its contact, by its place in the batch; and
    the outcome of each, so far that of those refused by the checks."""
    outcomes: list[Outcome | None] = [None] * len(items)
    checked = {}
    for place, item in enumerate(items):
        try:
            checked[place] = _respondent_row(event, item, known)
        except ValidationError as error:
            outcomes[place] = _rejected(item, error)
    return checked, outcomes


def _stored(checked, opinions: list) -> tuple[list[Respondent], set]:
    """What of the batch is stored already, in one statement: the respondents with the client
    id or receipt code of one of the batch's, or named by one of its opinions (an earlier
    batch's); and the client ids of its opinions that are stored."""
    uuids = [respondent.client_uuid for respondent, _contact in checked]
    uuids += [item.respondent for item in opinions if item.respondent is not None]
    codes = [respondent.receipt_code for respondent, _contact in checked]
    parts = []
    if uuids:
        named = Q(client_uuid__in=uuids) | Q(receipt_code__in=codes)
        parts.append(_part(Respondent.objects.filter(named), "respondent", F("receipt_code")))
    if opinion_uuids := [item.client_uuid for item in opinions]:
        parts.append(_part(Opinion.objects.filter(client_uuid__in=opinion_uuids), "opinion", ""))
    if not parts:
        return [], set()
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    respondents, stored_opinions = [], set()
    for kind, pk, process, client_uuid, code in rows:
        if kind == "opinion":
            stored_opinions.add(client_uuid)
        else:
            respondents.append(
                Respondent(pk=pk, process_id=process, client_uuid=client_uuid, receipt_code=code)
            )
    return respondents, stored_opinions


def _part(queryset, kind: str, code):
    """A part of `_stored`'s one statement: the same five columns from each table."""
    return (
        queryset.order_by()
        .annotate(
            r_kind=Value(kind, output_field=CharField()),
            r_id=F("pk"),
            r_process=F("process_id"),
            r_uuid=F("client_uuid"),
            r_code=code if isinstance(code, F) else Value(code, output_field=CharField()),
        )
        .values_list("r_kind", "r_id", "r_process", "r_uuid", "r_code")
    )


def _respondents(
    event: DialogueEvent, items: list, checked: dict, stored: list, outcomes: list, one_by_one
) -> dict:
    """Store the checked respondents that are new, and give the outcome of each; return every
    respondent of the process that the batch named and that is stored now, by client id."""
    by_uuid = {r.client_uuid: r for r in stored if r.process_id == event.process_id}
    taken = {r.receipt_code for r in stored}
    new = _New()
    for place, (respondent, contact) in checked.items():
        item = items[place]
        if (existing := by_uuid.get(item.client_uuid)) is not None:
            outcomes[place] = Outcome(item.client_uuid, "already_stored",
                                      receipt_code=existing.receipt_code)  # fmt: skip
        elif any(r.client_uuid == item.client_uuid for r in stored):
            outcomes[place] = _rejected(
                item, ValidationError(_("This respondent belongs to another process."))
            )
        elif respondent.receipt_code in taken:
            outcomes[place] = _rejected(item, ValidationError(UNUSABLE_CODE))
        else:
            by_uuid[item.client_uuid] = respondent
            taken.add(respondent.receipt_code)
            new.rows.append(respondent)
            new.places.append(place)
            if contact is not None:
                new.contacts[place] = contact
    if one_by_one:
        _insert_respondents_one_by_one(new, items, outcomes, by_uuid)
    else:
        _insert_respondents(new, outcomes)
    return by_uuid


def _insert_respondents(new: _New, outcomes: list) -> None:
    """The new respondents and their contacts, one INSERT each (IntegrityError: see the top)."""
    Respondent.objects.bulk_create(new.rows)
    for respondent, place in zip(new.rows, new.places, strict=True):
        if (contact := new.contacts.get(place)) is not None:
            contact.respondent = respondent
    RespondentContact.objects.bulk_create(new.contacts.values())
    for respondent, place in zip(new.rows, new.places, strict=True):
        outcomes[place] = Outcome(respondent.client_uuid, "stored",
                                  receipt_code=respondent.receipt_code)  # fmt: skip


def _insert_respondents_one_by_one(new: _New, items: list, outcomes: list, by_uuid: dict) -> None:
    """Each respondent in a savepoint of its own: the batch's INSERT was refused, someone
    stored one of these meanwhile. The one stored meanwhile is the one the batch's opinions
    name (`by_uuid`); one refused is named by none."""
    for respondent, place in zip(new.rows, new.places, strict=True):
        try:
            with transaction.atomic():
                respondent.save(force_insert=True)
                if (contact := new.contacts.get(place)) is not None:
                    contact.respondent = respondent
                    contact.save(force_insert=True)
        except IntegrityError:
            respondent.pk = None
            existing = Respondent.objects.filter(
                process=respondent.process_id, client_uuid=respondent.client_uuid
            ).first()
            if existing is None:
                del by_uuid[respondent.client_uuid]
                outcomes[place] = _rejected(items[place], ValidationError(UNUSABLE_CODE))
            else:
                by_uuid[existing.client_uuid] = existing
                outcomes[place] = Outcome(existing.client_uuid, "already_stored",
                                          receipt_code=existing.receipt_code)  # fmt: skip
            continue
        outcomes[place] = Outcome(respondent.client_uuid, "stored",
                                  receipt_code=respondent.receipt_code)  # fmt: skip


# Opinions ---------------------------------------------------------------------------------------


def _opinion_row(event: DialogueEvent, item, known: _Known, respondents: dict, recorded_by):
    """The opinion as it would be stored, checked; or ValidationError."""
    respondent = None
    if item.respondent is not None:
        respondent = respondents.get(item.respondent)
        if respondent is None or respondent.pk is None:
            raise ValidationError(_("The respondent of this opinion has not been stored."))
    if item.question is not None and item.question not in known.questions:
        raise ValidationError(_("The question is not one of this process's questions."))
    if item.open_space_session is not None and item.open_space_session not in known.sessions:
        raise ValidationError(_("The session is not part of this event."))
    process, session = event.process, known.sessions.get(item.open_space_session)
    question = known.questions.get(item.question)
    text = _checked_text(item.text)
    _check_links(process, event, question, respondent, session)
    _check_when(process, event, item.recorded_at)
    if process.stage != Stage.DIALOGUE_OPEN and (
        known.closed_at is None or item.recorded_at is None or item.recorded_at > known.closed_at
    ):
        raise ValidationError(
            _("This was recorded after the dialogue closed, so it cannot be registered.")
        )
    opinion = Opinion(
        process=process,
        event=event,
        open_space_session=session,
        question=question,
        respondent=respondent,
        original_text=text,
        consent_to_publish=item.consent_to_publish,
        recorded_by=recorded_by,
        recorded_at=item.recorded_at or timezone.now(),
        client_uuid=item.client_uuid,
    )
    opinion.full_clean(exclude=OPINION_CHECKED, validate_unique=False, validate_constraints=False)
    return opinion


def _opinions(
    event: DialogueEvent,
    items: list,
    known: _Known,
    respondents: dict,
    stored: set,
    recorded_by,
    one_by_one: bool,
):
    """Store the opinions that are new and pass the checks; the outcome of each. `stored`: the
    client ids stored already, to which the new are added."""
    outcomes: list[Outcome | None] = [None] * len(items)
    new = _New()
    for place, item in enumerate(items):
        if item.client_uuid in stored:
            outcomes[place] = Outcome(item.client_uuid, "already_stored")
            continue
        try:
            opinion = _opinion_row(event, item, known, respondents, recorded_by)
        except ValidationError as error:
            outcomes[place] = _rejected(item, error)
            continue
        stored.add(item.client_uuid)
        new.rows.append(opinion)
        new.places.append(place)
    if one_by_one:
        for place, opinion in zip(new.places, new.rows, strict=True):
            outcomes[place] = _opinion_one_by_one(opinion)
    else:
        bulk_create_with_history(new.rows, Opinion, default_user=recorded_by)
        for place, opinion in zip(new.places, new.rows, strict=True):
            outcomes[place] = Outcome(opinion.client_uuid, "stored")
    return outcomes


def _opinion_one_by_one(opinion: Opinion) -> Outcome:
    """The opinion in a savepoint of its own: the batch's INSERT was refused, someone stored
    one of these meanwhile. A plain save writes the history row itself."""
    try:
        with transaction.atomic():
            opinion.save(force_insert=True)
    except IntegrityError:
        opinion.pk = None
        return Outcome(opinion.client_uuid, "already_stored")
    return Outcome(opinion.client_uuid, "stored")
