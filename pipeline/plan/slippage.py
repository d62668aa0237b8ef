"""Slippage: days lost per step against its first stated date, who lost them, and the knock-on.

The knock-on to go-live is a forward pass over the dependencies: a step finishes on its own date
(today at the earliest if it is overdue) or its predecessors' finish plus its duration, whichever
is later. The chain of latest predecessors back from go-live is the critical path; a step on it
whose own date is later than go-live allows is a cause.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from pipeline.dates import add_business_days
from pipeline.models import DateBasis, Milestone, MilestoneStatus, Plan, Slippage
from pipeline.plan.catalogue import Template, topological_order
from pipeline.plan.schedule import Node, anchor_of, nodes_of, work_back, workday


def track(plan: Plan, template: Template) -> Plan:
    """The plan with each step's days slipped and status, and the slippage summary."""
    nodes = nodes_of(plan)
    anchor, go_live = anchor_of(plan, template), plan.go_live
    latest = work_back(nodes, anchor.id, go_live) if anchor and go_live else {}
    milestones = tuple(_tracked(m, latest.get(m.id), plan.as_of) for m in plan.milestones)
    plan = plan.model_copy(update={"milestones": milestones})
    return plan.model_copy(update={"slippage": summarise(plan, template, latest)})


def _tracked(m: Milestone, latest: dt.date | None, as_of: dt.date) -> Milestone:
    if m.status == MilestoneStatus.DONE:
        return m
    stated = m.date_basis == DateBasis.STATED
    slipped = (
        max(0, (m.due_date - m.first_due_date).days)
        if stated and m.due_date and m.first_due_date
        else 0
    )
    late = bool(stated and m.due_date and latest and workday(m.due_date) > latest)
    overdue = bool(m.due_date and m.due_date < as_of)
    if late or overdue:
        status = MilestoneStatus.AT_RISK
    elif slipped:
        status = MilestoneStatus.SLIPPED
    elif m.status in (MilestoneStatus.AT_RISK, MilestoneStatus.SLIPPED):
        status = MilestoneStatus.NOT_STARTED  # the cause went away
    else:
        status = m.status
    return m.model_copy(update={"days_slipped": slipped, "status": status})


def project(
    nodes: Mapping[str, Node], due: Mapping[str, dt.date | None], as_of: dt.date
) -> dict[str, dt.date]:
    """When each open step finishes if every date holds (done steps constrain nothing)."""
    finish: dict[str, dt.date] = {}
    for key in topological_order({k: n.after for k, n in nodes.items()}):
        node = nodes[key]
        if node.done:
            continue
        own = due.get(key)
        dates = [max(own, as_of)] if own else []
        before = [finish[p] for p in node.after if p in finish]
        if before:
            dates.append(add_business_days(workday(max(before)), node.days))
        if dates:
            finish[key] = max(dates)
    return finish


def summarise(plan: Plan, template: Template, latest: Mapping[str, dt.date]) -> Slippage:
    by_owner: Counter[str] = Counter()
    by_side: Counter[str] = Counter()
    for m in plan.milestones:
        if m.days_slipped:
            by_owner[m.owner or m.owner_role or "unnamed"] += m.days_slipped
            by_side[m.owner_side] += m.days_slipped
    anchor, go_live = anchor_of(plan, template), plan.go_live
    summary = Slippage(
        total_days=sum(by_owner.values()),
        by_owner=dict(by_owner.most_common()),
        by_side=dict(by_side.most_common()),
        planned_go_live=go_live,
    )
    if anchor is None or go_live is None:
        return summary
    nodes = nodes_of(plan)
    finish = project(nodes, {m.id: m.due_date for m in plan.milestones}, plan.as_of)
    path = critical_path(nodes, finish, anchor.id)
    projected = finish.get(anchor.id)
    return summary.model_copy(
        update={
            "projected_go_live": projected,
            "go_live_knock_on_days": max(0, (projected - go_live).days) if projected else 0,
            "critical_path": tuple(path),
            "causes": tuple(k for k in path if _pushes(k, nodes, finish, latest, plan)),
        }
    )


def critical_path(
    nodes: Mapping[str, Node], finish: Mapping[str, dt.date], anchor: str
) -> list[str]:
    """From the first step to the anchor, following the predecessor that finishes last."""
    path, key = [anchor], anchor
    while before := [p for p in nodes[key].after if p in finish]:
        key = max(before, key=lambda p: finish[p])  # first listed wins a tie
        path.append(key)
    return path[::-1]


def _pushes(
    key: str,
    nodes: Mapping[str, Node],
    finish: Mapping[str, dt.date],
    latest: Mapping[str, dt.date],
    plan: Plan,
) -> bool:
    """This step's own date, not its predecessors, makes it finish later than go-live allows."""
    m = plan.milestone(key)
    if m is None or m.due_date is None or key not in latest:
        return False
    own = max(m.due_date, plan.as_of)
    before = [finish[p] for p in nodes[key].after if p in finish]
    forced = add_business_days(workday(max(before)), nodes[key].days) if before else None
    return workday(own) > latest[key] and (forced is None or own > forced)
