"""The JSON shapes of the opinions API."""

import datetime
import uuid
from typing import Literal

from ninja import Schema
from pydantic import Field

from opinions.models import RECEIPT_ALPHABET, RECEIPT_LENGTH, Respondent
from opinions.services.records import MAX_OPINION_LENGTH


def _documented(description: str, **limits) -> dict:
    """A limit the description declares but the API checks item by item: an item outside it is
    answered `rejected` with its reason, and the rest of the batch is still stored."""
    return {"description": description, "json_schema_extra": limits}


def _choices(choices) -> dict:
    return _documented("empty when not said", enum=["", *(value for value, _label in choices)])


class RespondentIn(Schema):
    client_uuid: uuid.UUID
    receipt_code: str = Field(
        **_documented(
            f"{RECEIPT_LENGTH} characters of {RECEIPT_ALPHABET} (no 0, O, 1, I), made on the "
            "device and printed on the resident's receipt; a code already taken is rejected",
            pattern=f"^[{RECEIPT_ALPHABET}]{{{RECEIPT_LENGTH}}}$",
        )
    )
    age_band: str = Field("", **_choices(Respondent.AgeBand.choices))
    gender: str = Field("", **_choices(Respondent.Gender.choices))
    area: int | None = Field(default=None, description="id of one of the process's areas")
    role: str = Field("", **_choices(Respondent.Role.choices))
    email: str = Field("", **_documented("for feedback; kept apart", maxLength=254))
    phone: str = Field("", **_documented("for feedback; kept apart", maxLength=30))


class OpinionIn(Schema):
    client_uuid: uuid.UUID
    respondent: uuid.UUID | None = Field(
        default=None, description="client_uuid of a respondent in this or an earlier batch"
    )
    question: int | None = None
    open_space_session: int | None = None
    text: str = Field(
        **_documented(
            "an empty or over-long text is rejected", minLength=1, maxLength=MAX_OPINION_LENGTH
        )
    )
    consent_to_publish: bool = False
    recorded_at: datetime.datetime | None = None


class SyncIn(Schema):
    respondents: list[RespondentIn] = Field(default_factory=list, max_length=5000)
    opinions: list[OpinionIn] = Field(default_factory=list, max_length=5000)


class ItemResult(Schema):
    client_uuid: uuid.UUID
    status: Literal["stored", "already_stored", "rejected"]
    reason: str = ""
    receipt_code: str = ""


class SyncOut(Schema):
    respondents: list[ItemResult]
    opinions: list[ItemResult]
