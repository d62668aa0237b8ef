from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from pipeline.models import Plan


class WorkingPlan(BaseModel):
    """The plan as the rep has accepted it so far: what `publish` would make a version of."""

    deal_id: int
    revision: int
    pending_suggestions: int
    last_published: int | None
    plan: Plan


class PublishRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"note": "After the discovery call"}]}
    )

    note: str | None = Field(default=None, max_length=2000)


class VersionSummary(BaseModel):
    number: int
    published_by: int
    published_at: dt.datetime
    note: str | None


class VersionPublic(VersionSummary):
    plan: Plan
