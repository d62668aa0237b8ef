from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.models import Evidence, SuggestionKind
from service.deps import MAX_ID

Status = Literal["pending", "accepted", "rejected"]


class EvidencePublic(Evidence):
    recording_url: str = Field(description="the recording, starting at the quote (#t=seconds)")


class SuggestionPublic(BaseModel):
    id: int
    deal_id: int
    call_id: int
    kind: SuggestionKind
    status: Status
    summary: str
    milestone_id: str | None
    proposed: dict[str, Any]
    previous: dict[str, Any]
    original: dict[str, Any] | None = Field(description="as proposed, when a rep has edited it")
    evidence: list[EvidencePublic]
    reason: str | None
    version: int
    decided_by: int | None
    decided_at: dt.datetime | None


class SuggestionEdit(BaseModel):
    """New values for some of the proposed fields (e.g. `{"due_date": "2026-12-04"}`)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"proposed": {"due_date": "2026-12-04", "owner": "Tom Baker"}}]
        },
    )

    proposed: dict[str, Any] = Field(min_length=1, max_length=40)


class Rejection(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "Said in jest"}]}
    )

    reason: str = Field(min_length=1, max_length=2000)


class BulkDecision(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"action": "accept", "ids": [12, 13, 15]}]},
    )

    action: Literal["accept", "reject"]
    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(min_length=1, max_length=500)
    reason: str | None = Field(default=None, min_length=1, max_length=2000)


class BulkOutcome(BaseModel):
    id: int
    ok: bool
    status: Status | None = None
    error: str | None = None


class BulkResult(BaseModel):
    results: list[BulkOutcome]
