"""The rep's own changes to a plan's steps: add a step no call stated, change or remove one.

A call misses steps agreed by email or in a hallway, and a rep knows a date moved before the next
call says so. These are the plan's steps changed by hand, with no suggestion between: the rep is
the one who would have reviewed it. A date set by hand is a stated date, so slippage is measured
from a step's first date as for a call's; a `correction` says the old date was never right and
measures from the new one. The service re-derives the plan (schedule, slippage, findings) after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from pipeline.models import DateBasis, Milestone, MilestoneStatus, Plan, Side
from pipeline.plan.catalogue import Catalogue

# Fields a rep may set on a step; the rest (slippage, schedule, evidence) follow from them.
EDITABLE = ("title", "owner", "owner_role", "owner_side", "due_date", "status")
_NO_SIDES: Mapping[str, Side] = {}
# Status set by hand; "at risk" and "slipped" are worked out from the dates.
SET_BY_HAND = (MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.DONE)


def next_milestone_number(*plans: Plan | None) -> int:
    """The number of the next step id ("m7" after "m6") over these plans: the service passes
    the working plan and the plan with pending suggestions applied, so a step added by hand
    never takes an id a suggestion holds."""
    taken = (m.id[1:] for p in plans if p is not None for m in p.milestones)
    return 1 + max((int(n) for n in taken if n.isdigit()), default=0)


def add_step(
    plan: Plan,
    milestone_id: str,
    title: str,
    catalogue: Catalogue,
    *,
    owner: str | None = None,
    owner_role: str | None = None,
    owner_side: Side = Side.UNKNOWN,
    due_date: dt.date | None = None,
    status: MilestoneStatus = MilestoneStatus.NOT_STARTED,
    sides: Mapping[str, Side] = _NO_SIDES,
) -> Plan:
    """The plan with a step the rep typed in. A catalogue step ("Security review passed") is
    linked like a call's step: it claims the template's line if no step holds it yet. A named
    owner's side, when not given, is theirs in `sides` (the deal's people by casefolded name)
    or in the plan's people."""
    _check_status(status)
    if owner_side == Side.UNKNOWN:
        owner_side = _side_of(plan, owner, sides)
    if plan.milestone(milestone_id) is not None:
        raise ValueError(f"the plan already has a step {milestone_id!r}")
    milestone = Milestone(
        id=milestone_id,
        title=title,
        owner=owner,
        owner_role=owner_role,
        owner_side=owner_side,
        status=status,
        source="manual",
        **_dated(due_date),
        **catalogue_link(catalogue, (title,), owner_side, {m.step for m in plan.milestones}),
    )
    return plan.model_copy(update={"milestones": (*plan.milestones, milestone)})


def change_step(
    plan: Plan,
    milestone_id: str,
    changes: dict[str, Any],
    *,
    correction: bool = False,
    sides: Mapping[str, Side] = _NO_SIDES,
) -> Plan:
    """The plan with one step's fields changed (only `EDITABLE` ones); a new owner brings their
    side, as in `add_step`, unless a side is given."""
    step = _step(plan, milestone_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"a step's {', '.join(sorted(unknown))} cannot be set by hand")
    if "status" in changes:
        _check_status(MilestoneStatus(changes["status"]))
    update = dict(changes)
    if "due_date" in changes and changes["due_date"] != step.due_date:
        update |= _dated(changes["due_date"], step.first_due_date if not correction else None)
    new_owner = changes.get("owner") and changes["owner"] != step.owner
    if new_owner and "owner_role" not in changes:
        update["owner_role"] = None  # a named owner replaces "someone in procurement"
    if new_owner and changes.get("owner_side") is None:
        side = _side_of(plan, changes["owner"], sides)
        update["owner_side"] = step.owner_side if side == Side.UNKNOWN else side
    changed = Milestone.model_validate({**step.model_dump(), **update})
    milestones = tuple(changed if m.id == milestone_id else m for m in plan.milestones)
    return plan.model_copy(update={"milestones": milestones})


def remove_step(plan: Plan, milestone_id: str) -> Plan:
    """The plan without the step; steps that waited for it no longer do."""
    _step(plan, milestone_id)
    milestones = tuple(
        m.model_copy(update={"depends_on": tuple(d for d in m.depends_on if d != milestone_id)})
        for m in plan.milestones
        if m.id != milestone_id
    )
    resources = tuple(r for r in plan.resources if r.milestone_id != milestone_id)
    return plan.model_copy(update={"milestones": milestones, "resources": resources})


def catalogue_link(
    catalogue: Catalogue, texts: Iterable[str], side: Side, held: Collection[str | None]
) -> dict[str, str | None]:
    """Which catalogue step a new step is: it claims the step's template line when the sides
    agree and no step holds that line yet (`held`: the steps claimed), else it leads into it."""
    step = next((s for s in map(catalogue.step_for, texts) if s is not None), None)
    if step is None:
        return {"step": None, "feeds": None}
    claims = step.key not in held and side in (step.side, Side.UNKNOWN)
    return {"step": step.key, "feeds": None} if claims else {"step": None, "feeds": step.key}


def _dated(due: dt.date | None, first: dt.date | None = None) -> dict[str, Any]:
    """A date the rep set: stated, to the day; measured from `first` if the step had one."""
    return {
        "due_date": due,
        "due_text": None,
        "due_precision": "day" if due else None,
        "date_basis": DateBasis.STATED if due else None,
        "date_note": None,
        "first_due_date": (first or due) if due else None,
    }


def _side_of(plan: Plan, owner: str | None, sides: Mapping[str, Side]) -> Side:
    """The side `sides`, else the plan's people, give a named owner (UNKNOWN: none)."""
    named = (owner or "").casefold()
    people = {p.name.casefold(): p.side for p in plan.stakeholders if p.name}
    known = [s for s in (sides.get(named), people.get(named)) if s and s != Side.UNKNOWN]
    return known[0] if named and known else Side.UNKNOWN


def _step(plan: Plan, milestone_id: str) -> Milestone:
    step = plan.milestone(milestone_id)
    if step is None:
        raise LookupError(f"the plan has no step {milestone_id!r}")
    return step


def _check_status(status: MilestoneStatus) -> None:
    if status not in SET_BY_HAND:
        allowed = ", ".join(s.value for s in SET_BY_HAND)
        raise ValueError(f"status {status.value!r} is worked out from the dates; set {allowed}")
