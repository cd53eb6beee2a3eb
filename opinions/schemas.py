"""The JSON shapes of the opinions API."""

import datetime
import uuid
from typing import Literal

from ninja import Schema
from pydantic import Field


class RespondentIn(Schema):
    client_uuid: uuid.UUID
    receipt_code: str
    age_band: str = ""
    gender: str = ""
    area: int | None = Field(default=None, description="id of one of the process's areas")
    role: str = ""
    email: str = ""
    phone: str = ""


class OpinionIn(Schema):
    client_uuid: uuid.UUID
    respondent: uuid.UUID | None = Field(
        default=None, description="client_uuid of a respondent in this or an earlier batch"
    )
    question: int | None = None
    open_space_session: int | None = None
    text: str = Field(description="checked item by item: an empty or over-long text is rejected")
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


class Problem(Schema):
    detail: str
