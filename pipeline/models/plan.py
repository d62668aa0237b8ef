"""The mutual action plan (the `plan.json` contract): objective, key dates, people, steps."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from pipeline.dates import Precision
from pipeline.models.base import Frozen, Side
from pipeline.models.extraction import Evidence, KeyDateKind, Role


class MilestoneStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    AT_RISK = "at_risk"
    SLIPPED = "slipped"


class SuggestionKind(StrEnum):
    ADD_MILESTONE = "add_milestone"
    CHANGE_DATE = "change_date"
    MARK_DONE = "mark_done"
    REASSIGN = "reassign"
    ADD_STAKEHOLDER = "add_stakeholder"
    UPDATE_STAKEHOLDER = "update_stakeholder"
    SET_OBJECTIVE = "set_objective"
    SET_KEY_DATE = "set_key_date"
    RAISE_RISK = "raise_risk"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class Objective(Frozen):
    statement: str
    metric: str | None = None
    target_date: dt.date | None = None


class PlanKeyDate(Frozen):
    kind: KeyDateKind
    date: dt.date | None = None
    date_text: str
    description: str | None = None


class PlanStakeholder(Frozen):
    name: str | None = None
    title: str | None = None
    side: Side = Side.UNKNOWN
    role: Role | None = None


class Milestone(Frozen):
    id: str
    title: str
    owner: str | None = None
    owner_side: Side = Side.UNKNOWN
    due_date: dt.date | None = None
    due_text: str | None = None
    due_precision: Precision | None = None
    status: MilestoneStatus = MilestoneStatus.NOT_STARTED
    days_slipped: int = 0
    source: Literal["call", "template", "manual"] = "call"
    evidence: tuple[Evidence, ...] = ()


class Suggestion(Frozen):
    """A change the rep must accept, edit or reject before it reaches the buyer."""

    kind: SuggestionKind
    milestone_id: str | None = None
    proposed: dict[str, Any] = Field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()


class Finding(Frozen):
    """Something wrong or missing in the plan, with what to do about it."""

    code: str
    severity: Severity
    message: str


class Plan(Frozen):
    """A deal's plan. `status` is "draft" until a rep publishes it."""

    deal: str
    version: int = Field(ge=1)
    status: Literal["draft", "published"] = "draft"
    as_of: dt.date
    objective: Objective | None = None
    key_dates: tuple[PlanKeyDate, ...] = ()
    stakeholders: tuple[PlanStakeholder, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    findings: tuple[Finding, ...] = ()
