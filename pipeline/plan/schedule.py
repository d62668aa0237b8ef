"""Work back from go-live: due dates for the steps nobody stated, in business days.

Latest-start scheduling over the dependencies: the go-live step is due on the go-live date; a step
before it is due by the latest date that still lets every step depending on it start in time
(its due date minus its duration). Steps after go-live (first value) are worked forward. A date
stated on a call always wins; when it is later than go-live allows, that is a conflict for the
health check, not a silent rewrite. Each derived date says how it was derived.

Business days skip Saturdays and Sundays (public holidays are not known). A deadline on a
weekend counts from the Friday before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.dates import Precision, add_business_days
from pipeline.models import DateBasis, Milestone, Plan
from pipeline.plan.catalogue import Template, topological_order
from pipeline.render import longdate


@dataclass(frozen=True)
class Node:
    """A milestone as the scheduler sees it."""

    id: str
    days: int  # business days of work ending on the due date
    after: tuple[str, ...]  # ids that must be done first
    stated: dt.date | None = None  # a date said on a call: it wins
    done: bool = False


def workday(d: dt.date) -> dt.date:
    """The day itself, or the Friday before a weekend day."""
    return d - dt.timedelta(days=max(0, d.weekday() - 4))


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (negative if end < start)."""
    if end < start:
        return -business_days_between(end, start)
    return sum(
        (start + dt.timedelta(days=i)).weekday() < 5 for i in range(1, (end - start).days + 1)
    )


def ancestors(nodes: Mapping[str, Node], anchor: str) -> set[str]:
    """Every node the anchor depends on, directly or not."""
    seen: set[str] = set()
    todo = list(nodes[anchor].after)
    while todo:
        key = todo.pop()
        if key in nodes and key not in seen:
            seen.add(key)
            todo += nodes[key].after
    return seen


def work_back(nodes: Mapping[str, Node], anchor: str, go_live: dt.date) -> dict[str, dt.date]:
    """The latest finish of the anchor and of every step before it that still meets go-live."""
    before = ancestors(nodes, anchor)
    scope = before | {anchor}
    order = topological_order({k: nodes[k].after for k in nodes if k in scope})
    latest = {anchor: go_live}
    for key in reversed(order):
        if key == anchor:
            continue
        # A done step waits for nothing any more: only open dependents set a latest date.
        dependents = [
            d for d in scope if key in nodes[d].after and d in latest and not nodes[d].done
        ]
        if dependents:
            latest[key] = min(
                add_business_days(workday(_effective(nodes[d], latest[d])), -nodes[d].days)
                for d in dependents
            )
    return latest


def work_forward(nodes: Mapping[str, Node], anchor: str, go_live: dt.date) -> dict[str, dt.date]:
    """The finish of every step after the anchor: its predecessors' finish plus its duration."""
    order = topological_order({k: n.after for k, n in nodes.items()})
    finish: dict[str, dt.date] = {anchor: _effective(nodes[anchor], go_live)}
    for key in order[order.index(anchor) + 1 :]:
        dated = [finish[p] for p in nodes[key].after if p in finish]
        if dated:
            worked = add_business_days(workday(max(dated)), nodes[key].days)
            finish[key] = nodes[key].stated or worked
    finish.pop(anchor)
    return finish


def _effective(node: Node, latest: dt.date) -> dt.date:
    """The date a step's dependents must plan around: stated if earlier, else the latest."""
    return min(node.stated, latest) if node.stated else latest


def nodes_of(plan: Plan) -> dict[str, Node]:
    ids = {m.id for m in plan.milestones}
    return {
        m.id: Node(
            id=m.id,
            days=m.duration_days or 0,
            after=tuple(d for d in m.depends_on if d in ids),
            stated=m.due_date if m.date_basis == DateBasis.STATED else None,
            done=m.status == "done",
        )
        for m in plan.milestones
    }


def anchor_of(plan: Plan, template: Template) -> Milestone | None:
    return next((m for m in plan.milestones if m.step == template.anchor), None)


def schedule(plan: Plan, template: Template) -> Plan:
    """Due dates, with how they were derived, for every step nobody stated a date for."""
    anchor, go_live = anchor_of(plan, template), plan.go_live
    if anchor is None or go_live is None:
        return plan
    nodes = nodes_of(plan)
    back, forward = work_back(nodes, anchor.id, go_live), work_forward(nodes, anchor.id, go_live)
    titles = {m.id: m.title for m in plan.milestones}
    milestones = []
    for m in plan.milestones:
        if m.date_basis == DateBasis.STATED or m.status == "done":
            milestones.append(m)
        elif m.id == anchor.id:
            note = f"the go-live date ({longdate(go_live)})"
            milestones.append(_derived(m, go_live, DateBasis.GO_LIVE, note))
        elif m.id in back:
            note = _back_note(m.id, nodes, back, titles, go_live)
            milestones.append(_derived(m, back[m.id], DateBasis.WORKED_BACK, note))
        elif m.id in forward:
            note = _forward_note(m, nodes, forward | back, titles)
            milestones.append(_derived(m, forward[m.id], DateBasis.WORKED_FORWARD, note))
        else:
            milestones.append(m)
    return plan.model_copy(update={"milestones": tuple(milestones)})


def _derived(m: Milestone, due: dt.date, basis: DateBasis, note: str) -> Milestone:
    return m.model_copy(
        update={
            "due_date": due,
            "due_text": None,
            "due_precision": Precision.DAY,
            "date_basis": basis,
            "date_note": note,
        }
    )


def _back_note(
    key: str,
    nodes: Mapping[str, Node],
    latest: Mapping[str, dt.date],
    titles: Mapping[str, str],
    go_live: dt.date,
) -> str:
    # The dependent that sets the date: the one whose start comes first.
    dependents = [d for d in nodes if key in nodes[d].after and d in latest and not nodes[d].done]
    first = min(
        dependents,
        key=lambda d: add_business_days(workday(_effective(nodes[d], latest[d])), -nodes[d].days),
    )
    due = _effective(nodes[first], latest[first])
    return (
        f"worked back from go-live {longdate(go_live)}: '{titles[first]}' "
        f"({nodes[first].days} business days, due {longdate(due)}) must start after it"
    )


def _forward_note(
    m: Milestone,
    nodes: Mapping[str, Node],
    finish: Mapping[str, dt.date],
    titles: Mapping[str, str],
) -> str:
    before = max((p for p in nodes[m.id].after if p in finish), key=lambda p: finish[p])
    return f"{nodes[m.id].days} business days after '{titles[before]}' ({longdate(finish[before])})"
