"""The deals list: one row per deal the caller can see, with what a rep or a manager scans for
(where the deal stands, the next step and who owes it, days slipped, findings, the last call)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.models import Milestone, MilestoneStatus, Plan, Severity
from service.auth.service import Caller
from service.db.models import Call, Deal, Job, PlanRow, PlanVersion, SuggestionRow, User
from service.deals.service import visible
from service.jobs.schemas import RUNNING
from service.plans.diff import diff
from service.plans.service import latest_published

MAX_ROWS = 500  # the list is sorted in memory; an org with more deals needs paging


@dataclass(frozen=True)
class Stage:
    text: str
    kind: str  # empty | busy | failed | review | draft | published: the badge's colour


@dataclass(frozen=True)
class DealRow:
    id: int
    name: str
    buyer: str
    owner: str
    stage: Stage
    next_step: Milestone | None
    days_slipped: int
    knock_on: int
    findings: int
    critical: int
    last_call: dt.date | None
    pending: int


# What needs the rep first: a failed call, suggestions to review, then the rest.
_STAGE_ORDER = {"failed": 0, "review": 1, "busy": 2, "draft": 3, "published": 4, "empty": 5}


def _next_key(row: DealRow) -> tuple[bool, dt.date]:
    due = row.next_step.due_date if row.next_step else None
    return due is None, due or dt.date.max


SORTS: dict[str, Callable[[DealRow], Any]] = {
    "name": lambda r: r.name.casefold(),
    "owner": lambda r: r.owner.casefold(),
    "stage": lambda r: (_STAGE_ORDER.get(r.stage.kind, 9), -r.pending),
    "next": _next_key,
    "slipped": lambda r: (r.days_slipped, r.knock_on),
    "findings": lambda r: (r.critical, r.findings),
    "last_call": lambda r: r.last_call or dt.date.min,
}


def sorted_rows(rows: list[DealRow], sort: str, descending: bool) -> list[DealRow]:
    return sorted(rows, key=SORTS.get(sort, SORTS["name"]), reverse=descending)


def deal_rows(session: Session, caller: Caller) -> list[DealRow]:
    deals = list(session.scalars(visible(caller).order_by(Deal.id.desc()).limit(MAX_ROWS)))
    ids = [d.id for d in deals]
    plans = {
        r.deal_id: Plan.model_validate(r.plan)
        for r in session.scalars(select(PlanRow).where(PlanRow.deal_id.in_(ids)))
    }
    last_call = dict(_pairs(session, select(Call.deal_id, func.max(Call.call_date)), ids))
    pending = dict(
        _pairs(
            session,
            select(SuggestionRow.deal_id, func.count()).where(SuggestionRow.status == "pending"),
            ids,
        )
    )
    published = dict(
        _pairs(session, select(PlanVersion.deal_id, func.max(PlanVersion.number)), ids)
    )
    jobs = _latest_job_states(session, ids)
    owners = {
        user_id: name
        for user_id, name in session.execute(
            select(User.id, User.name).where(User.org_id == caller.org_id)
        )
    }
    rows = []
    for deal in deals:
        plan = plans.get(deal.id)
        changed = (
            plan is not None
            and deal.id in published
            and not diff(latest_published(session, deal.id), plan, ("", "")).empty
        )
        stage = _stage(
            deal.id in last_call,
            jobs.get(deal.id),
            pending.get(deal.id, 0),
            published.get(deal.id),
            changed,
        )
        rows.append(_row(deal, owners.get(deal.owner_id, "?"), plan, stage, last_call, pending))
    return rows


def _row(
    deal: Deal,
    owner: str,
    plan: Plan | None,
    stage: Stage,
    last_call: dict[int, dt.date],
    pending: dict[int, int],
) -> DealRow:
    findings = [f for f in plan.findings if f.severity != Severity.INFO] if plan else []
    return DealRow(
        id=deal.id,
        name=deal.name,
        buyer=deal.buyer_company,
        owner=owner,
        stage=stage,
        next_step=next_step(plan) if plan else None,
        days_slipped=plan.slippage.total_days if plan else 0,
        knock_on=plan.slippage.go_live_knock_on_days if plan else 0,
        findings=len(findings),
        critical=sum(f.severity == Severity.CRITICAL for f in findings),
        last_call=last_call.get(deal.id),
        pending=pending.get(deal.id, 0),
    )


def next_step(plan: Plan) -> Milestone | None:
    """The earliest step not done yet (undated steps come last)."""
    waiting = [m for m in plan.milestones if m.status != MilestoneStatus.DONE]
    return min(waiting, key=lambda m: (m.due_date is None, m.due_date or dt.date.max), default=None)


def _stage(
    has_calls: bool, job: str | None, pending: int, published: int | None, changed: bool
) -> Stage:
    if not has_calls:
        return Stage("No call yet", "empty")
    if job in ("queued", *RUNNING):
        return Stage("Processing a call", "busy")
    if job == "failed":
        return Stage("A call failed to process", "failed")
    if pending:
        return Stage(f"{pending} to review", "review")
    if published is None:
        return Stage("Reviewed, not published", "draft")
    if changed:
        return Stage(f"Version {published} published; changes since", "draft")
    return Stage(f"Version {published} published", "published")


def _pairs(session: Session, query: Any, ids: list[int]) -> list[tuple[Any, Any]]:
    deal_column = query.selected_columns[0]
    return list(session.execute(query.where(deal_column.in_(ids)).group_by(deal_column)))


def _latest_job_states(session: Session, ids: list[int]) -> dict[int, str]:
    """Each deal's newest job's state (a failed job that a later call's job follows is old news)."""
    rows = session.execute(
        select(Call.deal_id, Job.state)
        .join(Job, Job.call_id == Call.id)
        .where(Call.deal_id.in_(ids))
        .order_by(Job.id)
    )
    return {deal_id: state for deal_id, state in rows}
