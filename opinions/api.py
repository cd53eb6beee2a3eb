"""The opinions API: what the entry page sends, online or when the network comes back."""

from dataclasses import asdict

from ninja import Router, Status
from ninja.errors import HttpError

from core.api_errors import staff_session
from dialogues.lookups import event_of
from opinions.rules import why_not_register
from opinions.schemas import SyncIn, SyncOut
from opinions.services.sync import batch_store

router = Router(tags=["opinions"])


@router.post(
    "/events/{process_slug}/{event_slug}/sync",
    response={200: SyncOut},
    auth=staff_session,
    url_name="event_sync",
    summary="Store the opinions and respondents registered at an event",
)
def event_sync(request, process_slug: str, event_slug: str, payload: SyncIn):
    """Idempotent on each item's `client_uuid`: a retried or double-sent item is stored once
    and answered `already_stored`. Items are stored one by one; a rejected item says why,
    and the others are still stored."""
    event = event_of(request, process_slug, event_slug)
    if not request.user.has_perm("opinions.add_registered_opinions", event):
        raise HttpError(403, why_not_register(request.user, event))
    respondents, opinions = batch_store(
        event=event,
        respondents=payload.respondents,
        opinions=payload.opinions,
        recorded_by=request.user,
    )
    return Status(
        200,
        SyncOut(
            respondents=[asdict(outcome) for outcome in respondents],
            opinions=[asdict(outcome) for outcome in opinions],
        ),
    )
