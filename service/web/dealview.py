"""What a deal's page shows: the working plan (timeline, people, objective, key dates, findings),
its calls and their jobs, published versions with what each changed, and share links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.models import Finding, Milestone, Plan, PlanStakeholder, Role, Severity, Side
from service.auth.service import Caller
from service.calls.service import latest_job, select_calls
from service.db.models import Call, Deal, Job, PlanVersion, User
from service.errors import NotFoundError
from service.plans import service as plans
from service.plans.diff import PlanDiff, diff
from service.plans.schemas import WorkingPlan
from service.shares import service as shares
from service.web.chart import Chart, chart

# Roles a plan should name a person for: a gap is a question for the next call.
ASK_FOR = {
    Role.ECONOMIC_BUYER: "Who signs? No economic buyer named yet.",
    Role.CHAMPION: "Who champions this inside the buyer? No champion named yet.",
}
_SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Step:
    m: Milestone
    number: int
    critical: bool
    cause: bool
    flagged: bool  # a critical or warning finding names it


@dataclass(frozen=True)
class CallRow:
    call: Call
    job: Job


@dataclass(frozen=True)
class Version:
    row: PlanVersion
    by: str
    changes: PlanDiff


@dataclass
class DealPage:
    deal: Deal
    owner: str
    editable: bool
    working: WorkingPlan | None
    steps: list[Step] = field(default_factory=list)
    people: dict[str, list[PlanStakeholder]] = field(default_factory=dict)
    ask: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    timeline: Chart | None = None
    draft_changes: PlanDiff | None = None
    calls: list[CallRow] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    shares: list[Any] = field(default_factory=list)


def deal_page(session: Session, caller: Caller, deal: Deal, today: dt.date) -> DealPage:
    names = _names(session, caller)
    page = DealPage(
        deal=deal,
        owner=names.get(deal.owner_id, "?"),
        editable=deal.owner_id == caller.user_id,
        working=_working(session, caller, deal.id),
    )
    page.calls = [
        CallRow(c, latest_job(session, c.id))
        for c in session.scalars(select_calls(caller, deal.id).limit(50))
    ]
    page.versions = _versions(session, caller, deal.id, names)
    page.shares = [
        shares.public(s) for s in session.scalars(shares.select_for_deal(caller, deal.id).limit(50))
    ]
    if page.working is not None:
        _describe(page, page.working.plan, today)
        if page.versions:
            page.draft_changes = plans.compare(session, caller, deal.id, None, None)
    return page


def _describe(page: DealPage, plan: Plan, today: dt.date) -> None:
    flagged = {i for f in plan.findings if f.severity != Severity.INFO for i in f.milestone_ids}
    ordered = sorted(plan.milestones, key=lambda m: (m.due_date is None, m.due_date or today))
    page.steps = [
        Step(
            m=m,
            number=n,
            critical=m.id in plan.slippage.critical_path,
            cause=m.id in plan.slippage.causes,
            flagged=m.id in flagged,
        )
        for n, m in enumerate(ordered, start=1)
    ]
    for side in (Side.BUYER, Side.SELLER, Side.PARTNER, Side.UNKNOWN):
        people = [p for p in plan.stakeholders if p.side == side]
        if people:
            page.people[side.value] = people
    named = {p.role for p in plan.stakeholders if p.name}
    page.ask = [text for role, text in ASK_FOR.items() if role not in named]
    page.findings = sorted(plan.findings, key=lambda f: _SEVERITY_ORDER[f.severity])
    page.timeline = chart(plan, today)


def _working(session: Session, caller: Caller, deal_id: int) -> WorkingPlan | None:
    try:
        return plans.working(session, caller, deal_id)
    except NotFoundError:  # no call processed yet
        return None


def _versions(
    session: Session, caller: Caller, deal_id: int, names: dict[int, str]
) -> list[Version]:
    rows = list(session.scalars(plans.select_versions(caller, deal_id)))  # newest first
    found = []
    for i, row in enumerate(rows):
        before = Plan.model_validate(rows[i + 1].plan) if i + 1 < len(rows) else None
        labels = (str(row.number - 1) if before else "none", str(row.number))
        changes = diff(before, Plan.model_validate(row.plan), labels)
        found.append(Version(row=row, by=names.get(row.published_by, "?"), changes=changes))
    return found


def _names(session: Session, caller: Caller) -> dict[int, str]:
    rows = session.execute(select(User.id, User.name).where(User.org_id == caller.org_id))
    return {user_id: name for user_id, name in rows}
