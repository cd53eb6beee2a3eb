"""The opinions API: what the entry page sends, online or when the network comes back."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.security import django_auth

from dialogues.models import DialogueEvent
from opinions.schemas import ItemResult, Problem, SyncIn, SyncOut
from opinions.services.records import (
    opinion_register,
    respondent_by_client_uuid,
    respondent_register,
    why_not_register,
)

router = Router(tags=["opinions"])


def _reason(error: ValidationError) -> str:
    return " ".join(error.messages)


@router.post(
    "/events/{process_slug}/{event_slug}/sync",
    response={200: SyncOut, 403: Problem},
    auth=django_auth,
    url_name="event_sync",
    summary="Store the opinions and respondents registered at an event",
)
@transaction.atomic  # one commit for the batch; each item still stands or falls alone
def event_sync(request, process_slug: str, event_slug: str, payload: SyncIn):
    """Idempotent on each item's `client_uuid`: a retried or double-sent item is stored once
    and answered `already_stored`. Items are stored one by one; a rejected item says why,
    and the others are still stored."""
    event = get_object_or_404(
        DialogueEvent.objects.select_related("process"), process__slug=process_slug, slug=event_slug
    )
    if not request.user.has_perm("opinions.add_opinion", event):
        return Status(403, {"detail": why_not_register(request.user, event)})
    process = event.process
    # Look up only what the batch refers to: most batches name no area and no session.
    areas = (
        {area.pk: area for area in process.areas.all()}
        if any(item.area is not None for item in payload.respondents)
        else {}
    )
    questions = (
        {question.pk: question for question in process.questions.all()}
        if any(item.question is not None for item in payload.opinions)
        else {}
    )
    sessions = (
        {session.pk: session for session in event.open_space_sessions.all()}
        if any(item.open_space_session is not None for item in payload.opinions)
        else {}
    )

    respondent_results, known = [], {}
    for item in payload.respondents:
        try:
            if item.area is not None and item.area not in areas:
                raise ValidationError(_("The area is not one of this process's areas."))
            respondent, created = respondent_register(
                process=process,
                event=event,
                client_uuid=item.client_uuid,
                receipt_code=item.receipt_code,
                age_band=item.age_band,
                gender=item.gender,
                area=areas.get(item.area),
                role=item.role,
                email=item.email,
                phone=item.phone,
            )
        except ValidationError as error:
            respondent_results.append(
                ItemResult(client_uuid=item.client_uuid, status="rejected", reason=_reason(error))
            )
            continue
        known[item.client_uuid] = respondent
        respondent_results.append(
            ItemResult(
                client_uuid=item.client_uuid,
                status="stored" if created else "already_stored",
                receipt_code=respondent.receipt_code,
            )
        )

    opinion_results = []
    for item in payload.opinions:
        try:
            respondent = None
            if item.respondent is not None:
                respondent = known.get(item.respondent) or respondent_by_client_uuid(
                    process, item.respondent
                )
            if item.question is not None and item.question not in questions:
                raise ValidationError(_("The question is not one of this process's questions."))
            if item.open_space_session is not None and item.open_space_session not in sessions:
                raise ValidationError(_("The session is not part of this event."))
            _opinion, created = opinion_register(
                process=process,
                event=event,
                open_space_session=sessions.get(item.open_space_session),
                question=questions.get(item.question),
                respondent=respondent,
                text=item.text,
                consent_to_publish=item.consent_to_publish,
                client_uuid=item.client_uuid,
                recorded_at=item.recorded_at,
                recorded_by=request.user,
            )
        except ValidationError as error:
            opinion_results.append(
                ItemResult(client_uuid=item.client_uuid, status="rejected", reason=_reason(error))
            )
            continue
        opinion_results.append(
            ItemResult(
                client_uuid=item.client_uuid, status="stored" if created else "already_stored"
            )
        )
    return Status(200, SyncOut(respondents=respondent_results, opinions=opinion_results))
