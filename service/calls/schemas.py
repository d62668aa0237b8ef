from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pipeline.models import Participant
from service.jobs.schemas import JobPublic


class UploadFields(BaseModel):
    """What an upload says besides the file (form fields, or query parameters for a raw body)."""

    model_config = ConfigDict(extra="forbid")

    call_date: dt.date
    filename: str | None = Field(default=None, min_length=1, max_length=255)
    participants: list[Participant] = Field(default_factory=list, max_length=100)
    channels: Literal["auto", "mono", "split"] | None = None
    seller_channel: int | None = Field(default=None, ge=0, le=1, description="0 left, 1 right")

    @model_validator(mode="after")
    def _channels(self) -> UploadFields:
        if self.seller_channel is not None and self.channels == "mono":
            raise ValueError("seller_channel needs channels auto or split, not mono")
        return self


class CallPublic(BaseModel):
    id: int
    deal_id: int
    call_date: dt.date
    filename: str
    kind: str
    size_bytes: int
    sha256: str
    participants: list[Participant]
    created_at: dt.datetime
    recording_url: str
    transcript_ready: bool
    job_id: int | None = None


class UploadAccepted(BaseModel):
    call: CallPublic
    job: JobPublic
    replayed: bool = Field(description="true when the Idempotency-Key matched an earlier upload")
