from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.models import Milestone, Plan, Side
from service.errors import FieldError


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


StepStatus = Literal["not_started", "in_progress", "done"]


class StepNew(BaseModel):
    """A step the rep adds by hand (agreed outside a call, or missed by the draft)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Security review passed",
                    "owner": "Priya Shah",
                    "owner_side": "buyer",
                    "due_date": "2026-12-11",
                }
            ]
        },
    )

    title: str = Field(min_length=1, max_length=300, description="the step, as an outcome")
    owner: str | None = Field(default=None, max_length=200, description="a named person")
    owner_role: str | None = Field(
        default=None, max_length=200, description="who to ask while nobody is named"
    )
    owner_side: Side | None = Field(
        default=None, description="unset: the side of the named owner in the plan's people"
    )
    due_date: dt.date | None = None
    status: StepStatus = "not_started"


class StepChange(BaseModel):
    """New values for some of a step's fields; fields left out stay as they are."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"due_date": "2026-12-18"}]}
    )

    title: str | None = Field(default=None, min_length=1, max_length=300)
    owner: str | None = Field(default=None, max_length=200)
    owner_role: str | None = Field(default=None, max_length=200)
    owner_side: Side | None = None
    due_date: dt.date | None = None
    status: StepStatus | None = None
    correction: bool = Field(
        default=False,
        description="the old date was wrong, not moved: slippage is measured from the new one",
    )

    def changes(self) -> dict[str, Any]:
        """The fields sent, except `correction`; a title or side cannot be emptied."""
        sent = self.model_dump(exclude_unset=True, exclude={"correction"})
        for name in ("title", "owner_side", "status"):
            if name in sent and sent[name] is None:
                raise FieldError(f"{name}: cannot be empty", name)
        return sent


class StepResult(BaseModel):
    """The step as the working plan now holds it (None once removed), and the plan's new
    revision (its ETag, for the next change)."""

    deal_id: int
    revision: int
    milestone: Milestone | None
