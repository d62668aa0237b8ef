"""The mutual action plan (the `plan.json` contract): objective, key dates, people, steps.

A plan is versioned per deal. Each version records the calls that fed it, the suggestions that
turned the previous version into this one (each with its evidence and its call), and what the
engine worked out: derived dates and how, slippage, health findings.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from pipeline.dates import Precision
from pipeline.models.base import Frozen, Side
from pipeline.models.extraction import Evidence, KeyDateKind, RiskKind, Role


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


class DateBasis(StrEnum):
    """Where a milestone's due date came from."""

    STATED = "stated"  # said in a call (or set by the rep)
    WORKED_BACK = "worked_back"  # latest date that still meets go-live, through the dependencies
    WORKED_FORWARD = "worked_forward"  # after go-live: go-live plus the step's duration
    GO_LIVE = "go_live"  # the go-live step: the go-live key date itself


class CallRef(Frozen):
    """Which call of the deal something came from ("stated in call 2")."""

    number: int = Field(ge=1)
    date: dt.date
    name: str | None = None  # the recording or transcript file, when known


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

    @property
    def key(self) -> str:
        """What identifies this person across calls: the name, else the role they fill."""
        if self.name:
            return self.name.casefold()
        return f"role:{self.role or self.title or 'unknown'}"


class DateChange(Frozen):
    """One move of a milestone's stated date, and the call that moved it."""

    call: CallRef
    from_date: dt.date | None
    to_date: dt.date | None
    days: int  # calendar days; positive: a slip, negative: a pull-in


class Milestone(Frozen):
    id: str
    title: str  # phrased as an outcome: "Security questionnaire sent"
    action: str | None = None  # the words as spoken: "Send over our security questionnaire"
    owner: str | None = None
    owner_role: str | None = None  # who to ask when nobody is named ("procurement team")
    owner_side: Side = Side.UNKNOWN
    due_date: dt.date | None = None
    due_text: str | None = None
    due_precision: Precision | None = None
    date_basis: DateBasis | None = None
    date_note: str | None = None  # how the date was derived, for the rep
    first_due_date: dt.date | None = None  # the first stated date: slippage is measured from it
    date_changes: tuple[DateChange, ...] = ()
    status: MilestoneStatus = MilestoneStatus.NOT_STARTED
    days_slipped: int = 0
    source: Literal["call", "template", "manual"] = "call"
    stated_in: CallRef | None = None
    step: str | None = None  # the catalogue step this milestone is (claims its template line)
    feeds: str | None = None  # the catalogue step this milestone leads into
    duration_days: int | None = None  # business days of work ending on the due date
    depends_on: tuple[str, ...] = ()  # milestone ids that must be done first
    evidence: tuple[Evidence, ...] = ()


class Suggestion(Frozen):
    """A change the rep must accept, edit or reject before it reaches the buyer.

    `proposed` holds the new values; `previous` the values it replaces (empty for additions), so
    a suggestion reads as a diff. `call` is the call it came from (None: the deal's template).
    """

    id: str = ""
    kind: SuggestionKind
    milestone_id: str | None = None
    proposed: dict[str, Any] = Field(default_factory=dict)
    previous: dict[str, Any] = Field(default_factory=dict)
    summary: str = ""
    call: CallRef | None = None
    evidence: tuple[Evidence, ...] = ()


class Finding(Frozen):
    """Something wrong or missing in the plan, and what to do about it."""

    code: str
    severity: Severity
    message: str
    hint: str | None = None
    milestone_ids: tuple[str, ...] = ()


class PlanRisk(Frozen):
    """A risk signal raised on a call; it stays open until a later call answers it."""

    kind: RiskKind
    description: str
    status: Literal["open", "resolved"] = "open"
    raised_in: CallRef | None = None
    resolved_in: CallRef | None = None
    evidence: tuple[Evidence, ...] = ()


class Resource(Frozen):
    """A document, link or the value summary the plan refers to."""

    kind: Literal["document", "link", "value"]
    title: str
    owner: str | None = None
    status: Literal["promised", "shared", "stated"] = "promised"
    milestone_id: str | None = None


class Slippage(Frozen):
    """The cost of moved dates: days lost, who and which side lost them, the effect on go-live."""

    total_days: int = 0  # calendar days slipped, summed over steps, from each first stated date
    by_owner: dict[str, int] = Field(default_factory=dict)
    by_side: dict[Side, int] = Field(default_factory=dict)
    planned_go_live: dt.date | None = None
    projected_go_live: dt.date | None = None  # when go-live lands if every date holds
    go_live_knock_on_days: int = 0  # calendar days the projected go-live is late
    critical_path: tuple[str, ...] = ()  # milestone ids, first step to go-live
    causes: tuple[str, ...] = ()  # milestones whose own dates push go-live out


class Plan(Frozen):
    """A deal's plan. `status` is "draft" until a rep publishes it."""

    deal: str
    version: int = Field(ge=1)
    status: Literal["draft", "published"] = "draft"
    as_of: dt.date
    template: str | None = None  # the catalogue template the plan follows ("enterprise")
    calls: tuple[CallRef, ...] = ()
    objective: Objective | None = None
    key_dates: tuple[PlanKeyDate, ...] = ()
    stakeholders: tuple[PlanStakeholder, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    resources: tuple[Resource, ...] = ()
    risks: tuple[PlanRisk, ...] = ()
    slippage: Slippage = Slippage()
    suggestions: tuple[Suggestion, ...] = ()
    findings: tuple[Finding, ...] = ()

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def key_date(self, kind: KeyDateKind) -> PlanKeyDate | None:
        return next((k for k in self.key_dates if k.kind == kind), None)

    @property
    def go_live(self) -> dt.date | None:
        key_date = self.key_date(KeyDateKind.GO_LIVE)
        return key_date.date if key_date else None
