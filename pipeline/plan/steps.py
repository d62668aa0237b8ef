"""Proposals about steps: new milestones, restated dates and owners, steps reported done.

A commitment the plan already holds (said again, in other words) is matched to its milestone
and only what changed is suggested: a slip or pull-in, a new owner. A step that matches a
catalogue step on its side claims that step's template line; otherwise it leads into it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pipeline.models import (
    CallRef,
    Commitment,
    CommitmentStatus,
    DateBasis,
    Extraction,
    Milestone,
    Plan,
    Suggestion,
    SuggestionKind,
)
from pipeline.plan.catalogue import Catalogue
from pipeline.plan.edits import catalogue_link, next_milestone_number
from pipeline.plan.matching import Candidate, assign
from pipeline.plan.progress import Completion
from pipeline.plan.words import outcome_title
from pipeline.render import longdate


def propose_steps(
    plan: Plan, x: Extraction, call: CallRef, catalogue: Catalogue
) -> list[Suggestion]:
    committed = [c for c in x.commitments if c.status == CommitmentStatus.COMMITTED]
    people = _first_names(plan, x)
    titles = [outcome_title(c.action, people) for c in committed]
    candidates = [
        Candidate(texts=(c.action, t), owner=c.owner, side=c.owner_side)
        for c, t in zip(committed, titles, strict=True)
    ]
    matched = {m.candidate: m.milestone_id for m in assign(candidates, plan.milestones, catalogue)}
    suggestions: list[Suggestion] = []
    steps: set[str] = {m.step for m in plan.milestones if m.step}
    next_id = next_milestone_number(plan)
    for i, (c, title) in enumerate(zip(committed, titles, strict=True)):
        if i in matched:
            existing = plan.milestone(matched[i])
            assert existing is not None
            suggestions += _restated(existing, c)
            continue
        milestone = _new_milestone(f"m{next_id}", c, title, call, catalogue, steps)
        next_id += 1
        if milestone.step:
            steps.add(milestone.step)
        suggestions.append(
            Suggestion(
                kind=SuggestionKind.ADD_MILESTONE,
                milestone_id=milestone.id,
                proposed=milestone.model_dump(mode="json", exclude={"id", "evidence"}),
                summary=f"Add '{title}': {_owner(c)}, {_due(c)}",
                evidence=c.evidence,
            )
        )
    return suggestions


def _new_milestone(
    milestone_id: str,
    c: Commitment,
    title: str,
    call: CallRef,
    catalogue: Catalogue,
    steps: set[str],
) -> Milestone:
    return Milestone(
        id=milestone_id,
        title=title,
        action=c.action,
        owner=c.owner,
        owner_role=c.owner_role,
        owner_side=c.owner_side,
        due_date=c.due_date,
        due_text=c.due_text,
        due_precision=c.due_precision,
        date_basis=DateBasis.STATED if c.due_date else None,
        first_due_date=c.due_date,
        source="call",
        stated_in=call,
        **catalogue_link(catalogue, (c.action, title), c.owner_side, steps),
    )


def _restated(m: Milestone, c: Commitment) -> list[Suggestion]:
    """A commitment the plan already holds: suggest only what changed (date, owner)."""
    if m.status == "done":
        return []
    suggestions = []
    if c.due_date and (c.due_date != m.due_date or m.date_basis != DateBasis.STATED):
        suggestions.append(_change_date(m, c))
    if c.owner and c.owner != m.owner:
        suggestions.append(
            Suggestion(
                kind=SuggestionKind.REASSIGN,
                milestone_id=m.id,
                proposed={"owner": c.owner, "owner_role": None, "owner_side": c.owner_side},
                previous={"owner": m.owner, "owner_role": m.owner_role, "owner_side": m.owner_side},
                summary=f"Reassign '{m.title}' to {c.owner} (was {_owner_of(m)})",
                evidence=c.evidence,
            )
        )
    return suggestions


def _change_date(m: Milestone, c: Commitment) -> Suggestion:
    assert c.due_date is not None
    new = f'{longdate(c.due_date)} ("{c.due_text}")'
    if m.date_basis == DateBasis.STATED and m.due_date:
        verb = "Slip" if c.due_date > m.due_date else "Pull in"
        moved = days_between(c.due_date, m.due_date)
        summary = f"{verb} '{m.title}': {longdate(m.due_date)} -> {new}, {moved}"
    elif m.due_date:
        summary = (
            f"Date for '{m.title}' stated: {new} (the plan had {longdate(m.due_date)}, worked back)"
        )
    else:
        summary = f"Date for '{m.title}' stated: {new}"
    return Suggestion(
        kind=SuggestionKind.CHANGE_DATE,
        milestone_id=m.id,
        proposed=json_values(
            {
                "due_date": c.due_date,
                "due_text": c.due_text,
                "due_precision": c.due_precision,
                "date_basis": DateBasis.STATED,
                "days": (c.due_date - m.due_date).days if m.due_date else None,
            }
        ),
        previous=json_values(
            {"due_date": m.due_date, "due_text": m.due_text, "date_basis": m.date_basis}
        ),
        summary=summary,
        evidence=c.evidence,
    )


def propose_done(
    plan: Plan, completions: Sequence[Completion], catalogue: Catalogue
) -> list[Suggestion]:
    """`mark_done` for each open step someone said is done."""
    open_steps = [m for m in plan.milestones if m.status != "done"]
    candidates = [Candidate(texts=(c.what, c.text), owner=c.who, side=c.side) for c in completions]
    suggestions = []
    for match in assign(candidates, open_steps, catalogue):
        m, said = plan.milestone(match.milestone_id), completions[match.candidate]
        assert m is not None
        suggestions.append(
            Suggestion(
                kind=SuggestionKind.MARK_DONE,
                milestone_id=m.id,
                proposed={"status": "done"},
                previous={"status": m.status},
                summary=f"Mark '{m.title}' done: \"{said.evidence[0].quote}\"",
                evidence=said.evidence,
            )
        )
    return suggestions


def _first_names(plan: Plan, x: Extraction) -> frozenset[str]:
    names: list[str | None] = [p.name for p in x.participants]
    names += [s.name for s in plan.stakeholders] + [s.name for s in x.stakeholders]
    return frozenset(n.split()[0] for n in names if n)


def _owner_of(m: Milestone) -> str:
    return m.owner or m.owner_role or "unnamed"


def _owner(c: Commitment) -> str:
    return f"{c.owner or c.owner_role or 'no owner'} ({c.owner_side})"


def _due(c: Commitment) -> str:
    if c.due_date:
        return f'due {longdate(c.due_date)} ("{c.due_text}")'
    return f'no date ("{c.due_text}")' if c.due_text else "no date"


def days_between(new: dt.date, old: dt.date) -> str:
    days = (new - old).days
    return f"{'+' if days > 0 else ''}{days} days"


def json_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
