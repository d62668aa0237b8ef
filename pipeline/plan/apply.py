"""Apply one suggestion to a plan: what "accept" does (the review service calls this too).

A draft is the previous plan with every suggestion applied in order, so the draft and the
review always agree on what a suggestion means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from pipeline.models import (
    DateBasis,
    DateChange,
    Evidence,
    KeyDateKind,
    Milestone,
    Objective,
    Plan,
    PlanKeyDate,
    PlanRisk,
    PlanStakeholder,
    Suggestion,
    SuggestionKind,
)

# Kinds a plan holds many of (one per date said); every other kind is held once (a new one
# replaces it).
MANY_KEY_DATES = {KeyDateKind.COMPELLING_EVENT, KeyDateKind.MEETING, KeyDateKind.OTHER}


def apply_all(plan: Plan, suggestions: Iterable[Suggestion]) -> Plan:
    for suggestion in suggestions:
        plan = apply(plan, suggestion)
    return plan


def apply(plan: Plan, suggestion: Suggestion) -> Plan:
    """The plan with this suggestion accepted as proposed."""
    return _APPLY[suggestion.kind](plan, suggestion)


def _add_milestone(plan: Plan, s: Suggestion) -> Plan:
    fields = {**s.proposed, "id": s.milestone_id, "evidence": s.evidence}
    milestone = Milestone.model_validate(fields)
    return plan.model_copy(update={"milestones": (*plan.milestones, milestone)})


def _change_date(plan: Plan, s: Suggestion) -> Plan:
    def change(m: Milestone) -> Milestone:
        new = _date(s.proposed.get("due_date"))
        basis = DateBasis(s.proposed.get("date_basis", DateBasis.STATED))
        update: dict[str, object] = {
            "due_date": new,
            "due_text": s.proposed.get("due_text"),
            "due_precision": s.proposed.get("due_precision"),
            "date_basis": basis,
            "date_note": None,
            "evidence": _evidence(m, s),
        }
        if basis == DateBasis.STATED:
            update |= {"source": "call" if m.source == "template" else m.source}
            update |= {"stated_in": m.stated_in or s.call}  # the call that first dated it
            update |= {"first_due_date": m.first_due_date or new}
            if m.date_basis == DateBasis.STATED and s.call and new and m.due_date:
                change_ = DateChange(
                    call=s.call, from_date=m.due_date, to_date=new, days=(new - m.due_date).days
                )
                update |= {"date_changes": (*m.date_changes, change_)}
        return _updated(m, update)

    return _edit_milestone(plan, s, change)


def _mark_done(plan: Plan, s: Suggestion) -> Plan:
    return _edit_milestone(
        plan,
        s,
        lambda m: _updated(m, {"status": "done", "evidence": _evidence(m, s)}),
    )


def _reassign(plan: Plan, s: Suggestion) -> Plan:
    return _edit_milestone(
        plan,
        s,
        lambda m: _updated(
            m,
            {
                "owner": s.proposed.get("owner"),
                "owner_role": s.proposed.get("owner_role"),
                "owner_side": s.proposed.get("owner_side", m.owner_side),
                "evidence": _evidence(m, s),
            },
        ),
    )


def _edit_milestone(plan: Plan, s: Suggestion, edit: Callable[[Milestone], Milestone]) -> Plan:
    if plan.milestone(s.milestone_id or "") is None:
        raise ValueError(
            f"suggestion {s.id or s.kind}: no milestone {s.milestone_id!r} in the plan"
        )
    milestones = tuple(edit(m) if m.id == s.milestone_id else m for m in plan.milestones)
    return plan.model_copy(update={"milestones": milestones})


def _add_stakeholder(plan: Plan, s: Suggestion) -> Plan:
    person = PlanStakeholder.model_validate(s.proposed)
    return plan.model_copy(update={"stakeholders": (*plan.stakeholders, person)})


def _update_stakeholder(plan: Plan, s: Suggestion) -> Plan:
    old_key = PlanStakeholder.model_validate(s.previous).key
    person = PlanStakeholder.model_validate(s.proposed)
    people = tuple(person if p.key == old_key else p for p in plan.stakeholders)
    return plan.model_copy(update={"stakeholders": people})


def _set_objective(plan: Plan, s: Suggestion) -> Plan:
    return plan.model_copy(update={"objective": Objective.model_validate(s.proposed)})


def _set_key_date(plan: Plan, s: Suggestion) -> Plan:
    new = PlanKeyDate.model_validate(s.proposed)
    kept = tuple(
        k
        for k in plan.key_dates
        if k.kind != new.kind
        or (new.kind in MANY_KEY_DATES and k.date_text.casefold() != new.date_text.casefold())
    )
    return plan.model_copy(update={"key_dates": (*kept, new)})


def _raise_risk(plan: Plan, s: Suggestion) -> Plan:
    risk = PlanRisk.model_validate({**s.proposed, "raised_in": s.call, "evidence": s.evidence})
    return plan.model_copy(update={"risks": (*plan.risks, risk)})


def _evidence(m: Milestone, s: Suggestion) -> tuple[Evidence, ...]:
    """The milestone's evidence and the suggestion's, each quote once."""
    return tuple(dict.fromkeys((*m.evidence, *s.evidence)))


def _updated(m: Milestone, changes: dict[str, object]) -> Milestone:
    """The milestone with `changes`, validated (a suggestion's values arrive as JSON)."""
    return Milestone.model_validate({**dict(m), **changes})


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


_APPLY: dict[SuggestionKind, Callable[[Plan, Suggestion], Plan]] = {
    SuggestionKind.ADD_MILESTONE: _add_milestone,
    SuggestionKind.CHANGE_DATE: _change_date,
    SuggestionKind.MARK_DONE: _mark_done,
    SuggestionKind.REASSIGN: _reassign,
    SuggestionKind.ADD_STAKEHOLDER: _add_stakeholder,
    SuggestionKind.UPDATE_STAKEHOLDER: _update_stakeholder,
    SuggestionKind.SET_OBJECTIVE: _set_objective,
    SuggestionKind.SET_KEY_DATE: _set_key_date,
    SuggestionKind.RAISE_RISK: _raise_risk,
}
