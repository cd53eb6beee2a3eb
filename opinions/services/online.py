"""Opinions a resident gives on the public online form of an online event: registered through
the same services as a facilitator's (records.py), so the same record, history and review."""

from __future__ import annotations

import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dialogues.models import Area, DialogueEvent, GuidingQuestion
from dialogues.stages import Stage
from opinions.models import Respondent
from opinions.services.records import opinion_register, respondent_register

# Who the opinions are recorded by: an account of its own that cannot sign in, as the import
# command has one, so that an opinion given online is never taken for a facilitator's.
ONLINE_USERNAME = "online"


def online_recorder():
    recorder, created = get_user_model().objects.get_or_create(
        username=ONLINE_USERNAME, defaults={"first_name": "Online", "is_active": False}
    )
    if created:
        recorder.set_unusable_password()
        recorder.save(update_fields=["password"])
    return recorder


def takes_opinions_online(event: DialogueEvent) -> bool:
    return event.kind == DialogueEvent.Kind.ONLINE and event.process.stage == Stage.DIALOGUE_OPEN


@transaction.atomic
def online_opinions_register(
    *,
    event: DialogueEvent,
    answers: list[tuple[GuidingQuestion | None, str]],
    submission: uuid.UUID,
    consent_to_publish: bool,
    language: str = "sv",
    age_band: str = "",
    gender: str = "",
    area: Area | None = None,
    role: str = "",
) -> tuple[Respondent, bool]:
    """Register a resident and the opinions they sent from the online form, each waiting for
    the publication review. A form sent twice (its `submission` id again) is stored once: the
    respondent first registered is returned, with False."""
    if not takes_opinions_online(event):
        raise ValidationError(_("This dialogue does not take opinions online now."))
    if not any(text.strip() for _question, text in answers):
        raise ValidationError(_("Write at least one opinion."))
    respondent, created = respondent_register(
        process=event.process,
        event=event,
        client_uuid=submission,
        age_band=age_band,
        gender=gender,
        area=area,
        role=role,
    )
    if not created:
        return respondent, False
    recorder = online_recorder()
    for number, (question, text) in enumerate(answers):
        if not text.strip():
            continue
        opinion_register(
            process=event.process,
            event=event,
            question=question,
            respondent=respondent,
            text=text,
            consent_to_publish=consent_to_publish,
            client_uuid=uuid.uuid5(submission, str(number)),
            language=language,
            recorded_by=recorder,
        )
    return respondent, True
