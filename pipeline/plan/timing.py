"""Findings about dates against go-live: conflicts, lateness, slippage and its knock-on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pipeline.models import DateBasis, Finding, Milestone, Plan, Severity
from pipeline.plan.catalogue import Template
from pipeline.plan.schedule import anchor_of, business_days_between, nodes_of, work_back, workday
from pipeline.render import longdate


def timing_findings(plan: Plan, template: Template) -> list[Finding]:
    anchor, go_live = anchor_of(plan, template), plan.go_live
    latest = work_back(nodes_of(plan), anchor.id, go_live) if anchor and go_live else {}
    open_steps = [m for m in plan.milestones if m.status != "done"]
    return [
        *_conflicts(open_steps, latest, go_live),
        *_order(plan, open_steps),
        *_late(open_steps, plan.as_of),
        *_knock_on(plan),
        *_slipped(plan),
    ]


def _conflicts(
    steps: list[Milestone], latest: Mapping[str, dt.date], go_live: dt.date | None
) -> list[Finding]:
    found = []
    for m in steps:
        if m.date_basis != DateBasis.STATED or m.due_date is None or m.id not in latest:
            continue
        need = latest[m.id]
        if workday(m.due_date) <= need:
            continue
        late = business_days_between(need, workday(m.due_date))
        found.append(
            Finding(
                code="date_conflict",
                severity=Severity.CRITICAL,
                message=f"'{m.title}' is due {longdate(m.due_date)}, but go-live "
                f"{longdate(go_live) if go_live else ''} needs it by {longdate(need)}: "
                f"{_count(late, 'business day')} late",
                hint=f"Pull the date in with {m.owner or m.owner_role or 'its owner'}, "
                "or agree a later go-live with the buyer",
                milestone_ids=(m.id,),
            )
        )
    return found


def _order(plan: Plan, steps: list[Milestone]) -> list[Finding]:
    found = []
    for m in steps:
        for before_id in m.depends_on:
            before = plan.milestone(before_id)
            if before is None or before.status == "done" or not (before.due_date and m.due_date):
                continue
            if DateBasis.STATED not in (before.date_basis, m.date_basis) or (
                before.date_basis != m.date_basis
            ):
                continue  # a worked-back date follows go-live; a stated one late is a conflict
            if before.due_date > m.due_date:
                found.append(
                    Finding(
                        code="order_conflict",
                        severity=Severity.WARNING,
                        message=f"'{before.title}' ({longdate(before.due_date)}) is due after "
                        f"'{m.title}' ({longdate(m.due_date)}), which needs it first",
                        hint="Move one of the two dates, or tell the engine they do not depend",
                        milestone_ids=(before.id, m.id),
                    )
                )
    return found


def _late(steps: list[Milestone], as_of: dt.date) -> list[Finding]:
    behind = [m for m in steps if m.due_date and m.due_date < as_of]
    found = []
    for m in behind:
        assert m.due_date is not None
        if m.date_basis == DateBasis.STATED:
            found.append(
                Finding(
                    code="overdue",
                    severity=Severity.WARNING,
                    message=f"'{m.title}' was due {longdate(m.due_date)} and is not done",
                    hint=f"Ask {m.owner or m.owner_role or 'the owner'} for a new date",
                    milestone_ids=(m.id,),
                )
            )
        else:
            found.append(
                Finding(
                    code="behind_schedule",
                    severity=Severity.CRITICAL,
                    message=f"Working back from go-live, '{m.title}' had to be done by "
                    f"{longdate(m.due_date)}",
                    hint="Start it now, or agree a later go-live with the buyer",
                    milestone_ids=(m.id,),
                )
            )
    return found


def _knock_on(plan: Plan) -> list[Finding]:
    s = plan.slippage
    if not s.go_live_knock_on_days or not (s.projected_go_live and s.planned_go_live):
        return []
    causes = [m for key in s.causes if (m := plan.milestone(key))]
    pushed = "; ".join(f"'{m.title}' ({_who(m)})" for m in causes)
    return [
        Finding(
            code="go_live_at_risk",
            severity=Severity.CRITICAL,
            message=f"If every date holds, go-live lands {longdate(s.projected_go_live)}, "
            f"{_count(s.go_live_knock_on_days, 'day')} after {longdate(s.planned_go_live)}"
            + (f"; pushed by {pushed}" if pushed else ""),
            hint="Pull in the steps on the critical path, or agree a new go-live with the buyer",
            milestone_ids=tuple(s.causes),
        )
    ]


def _slipped(plan: Plan) -> list[Finding]:
    slipped = [m for m in plan.milestones if m.days_slipped > 0 and m.status != "done"]
    if not slipped:
        return []
    total = plan.slippage.total_days
    return [
        Finding(
            code="slipped",
            severity=Severity.WARNING,
            message=f"{_count(total, 'day')} slipped: "
            + "; ".join(f"'{m.title}' +{m.days_slipped} ({_who(m)})" for m in slipped),
            hint="Ask what changed, and agree the new date as a commitment",
            milestone_ids=tuple(m.id for m in slipped),
        )
    ]


def _who(m: Milestone) -> str:
    return f"{m.owner or m.owner_role or 'unnamed'}, {m.owner_side}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
