"""Propose: compare one call with the deal's current plan and suggest every change it implies.

Each suggestion carries the call it came from, the evidence (the transcript's words), the values
it replaces (`previous`) and a one-line summary, so the rep reviews a diff, not a new plan.
Items the plan already holds, said again in other words, produce nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from pipeline.models import (
    CallRef,
    Extraction,
    Frozen,
    KeyDateKind,
    Plan,
    PlanKeyDate,
    PlanStakeholder,
    Suggestion,
    SuggestionKind,
)
from pipeline.plan.apply import MANY_KEY_DATES
from pipeline.plan.catalogue import Catalogue
from pipeline.plan.matching import overlap
from pipeline.plan.progress import Completion
from pipeline.plan.steps import days_between, json_values, propose_done, propose_steps
from pipeline.render import label, longdate

_SAME_STATEMENT = 70.0


class CallNews(Frozen):
    """What one call says: its extraction and the progress reported on it."""

    call: CallRef
    extraction: Extraction
    completions: tuple[Completion, ...] = ()


def propose(plan: Plan, news: CallNews, catalogue: Catalogue) -> list[Suggestion]:
    """Suggestions that bring `plan` up to date with the call, in review order.

    Args:
        plan: the deal's current plan (an empty one for the first call).
        news: the call's grounded extraction and the progress said on it.
        catalogue: the milestone catalogue, for same-step synonyms.
    """
    x, call = news.extraction, news.call
    suggestions = [
        *_objective(plan, x, call),
        *_key_dates(plan, x, call),
        *_stakeholders(plan, x, call),
        *propose_steps(plan, x, call, catalogue),
        *propose_done(plan, news.completions, catalogue),
        *_risks(plan, x, call),
    ]
    return [s.model_copy(update={"call": call}) for s in suggestions]


def _objective(plan: Plan, x: Extraction, call: CallRef) -> list[Suggestion]:
    if not x.outcomes:
        return []
    outcome = x.outcomes[0]
    new = {
        "statement": outcome.statement,
        "metric": outcome.metric,
        "target_date": outcome.target_date,
    }
    old = plan.objective
    if old is not None and (
        overlap(old.statement, outcome.statement) >= _SAME_STATEMENT
        and outcome.metric in (None, old.metric)
        and outcome.target_date in (None, old.target_date)
    ):
        return []
    return [
        Suggestion(
            kind=SuggestionKind.SET_OBJECTIVE,
            proposed=json_values(new),
            previous=old.model_dump(mode="json") if old else {},
            summary=f"{'Update' if old else 'Set'} the objective: {outcome.statement}",
            evidence=outcome.evidence,
        )
    ]


def _key_dates(plan: Plan, x: Extraction, call: CallRef) -> list[Suggestion]:
    suggestions = []
    held = {_key_date_slot(k.kind, k.date_text): k for k in plan.key_dates}
    for k in x.key_dates:
        slot = _key_date_slot(k.kind, k.date_text)
        old = held.get(slot)
        if old is not None and (k.date is None or k.date == old.date):
            continue
        new = PlanKeyDate(
            kind=k.kind, date=k.date, date_text=k.date_text, description=k.description
        )
        held[slot] = new
        when = longdate(k.date) if k.date else "unresolved"
        moved = ""
        if old is not None and old.date and k.date:
            moved = f", was {longdate(old.date)} ({days_between(k.date, old.date)})"
        suggestions.append(
            Suggestion(
                kind=SuggestionKind.SET_KEY_DATE,
                proposed=new.model_dump(mode="json"),
                previous=old.model_dump(mode="json") if old else {},
                summary=f'{label(k.kind)}: {when} ("{k.date_text}"){moved}',
                evidence=k.evidence,
            )
        )
    return suggestions


def _key_date_slot(kind: KeyDateKind, text: str) -> Hashable:
    """Where a key date goes: one per kind, except kinds a plan holds many of (one per date)."""
    return (kind, text.casefold()) if kind in MANY_KEY_DATES else kind


def _stakeholders(plan: Plan, x: Extraction, call: CallRef) -> list[Suggestion]:
    suggestions = []
    people = {p.key: p for p in plan.stakeholders}
    for s in x.stakeholders:
        new = PlanStakeholder(name=s.name, title=s.title, side=s.side, role=s.role)
        old = people.get(new.key) or _unnamed_with_role(people.values(), new)
        if old is None:
            people[new.key] = new
            suggestions.append(
                Suggestion(
                    kind=SuggestionKind.ADD_STAKEHOLDER,
                    proposed=new.model_dump(mode="json"),
                    summary=f"Add {_who(new)}",
                    evidence=s.evidence,
                )
            )
            continue
        merged = PlanStakeholder(
            name=old.name or new.name,
            title=old.title or new.title,
            side=old.side if new.side == "unknown" else new.side,
            role=new.role or old.role,
        )
        if merged == old:
            continue
        people.pop(old.key)
        people[merged.key] = merged
        suggestions.append(
            Suggestion(
                kind=SuggestionKind.UPDATE_STAKEHOLDER,
                proposed=merged.model_dump(mode="json"),
                previous=old.model_dump(mode="json"),
                summary=f"Update {_who(old)} -> {_who(merged)}",
                evidence=s.evidence,
            )
        )
    return suggestions


def _unnamed_with_role(
    people: Iterable[PlanStakeholder], new: PlanStakeholder
) -> PlanStakeholder | None:
    """A role-only entry ("who signs?") that a newly named person fills."""
    if new.name is None or new.role is None:
        return None
    return next((p for p in people if p.name is None and p.role == new.role), None)


def _risks(plan: Plan, x: Extraction, call: CallRef) -> list[Suggestion]:
    suggestions = []
    held = [(r.kind, r.description) for r in plan.risks if r.status == "open"]
    for r in x.risks:
        if any(k == r.kind and overlap(d, r.description) >= _SAME_STATEMENT for k, d in held):
            continue
        held.append((r.kind, r.description))
        suggestions.append(
            Suggestion(
                kind=SuggestionKind.RAISE_RISK,
                proposed={"kind": r.kind.value, "description": r.description},
                summary=f"Risk ({label(r.kind)}): {r.description}",
                evidence=r.evidence,
            )
        )
    return suggestions


def _who(p: PlanStakeholder) -> str:
    what = ", ".join(v for v in (p.title, label(p.role) if p.role else None) if v)
    return f"{p.name or '(name unknown)'} ({what or p.side})"
