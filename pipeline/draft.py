"""Draft: turn a call's extraction into a plan draft, with suggestions and health findings.

The draft is the plan as it would stand if the rep accepted every suggestion; the suggestions say
what changed against the previous plan (for a first call: everything). Nothing here is published.
"""

from __future__ import annotations

import datetime as dt

from pipeline.extract.base import CallContext
from pipeline.models import (
    Commitment,
    CommitmentStatus,
    Extraction,
    Finding,
    KeyDateKind,
    Milestone,
    Objective,
    Plan,
    PlanKeyDate,
    PlanStakeholder,
    Role,
    Severity,
    Side,
    Suggestion,
    SuggestionKind,
)

_FAR_FUTURE = dt.date.max


def draft_plan(extraction: Extraction, context: CallContext) -> Plan:
    """A first plan draft from one call.

    Args:
        extraction: grounded, normalised extraction.
        context: the call context (deal id, call date).

    Returns:
        Version 1 of the deal's plan, status "draft", with one suggestion per proposed change.
    """
    committed = [c for c in extraction.commitments if c.status == CommitmentStatus.COMMITTED]
    committed.sort(key=lambda c: c.due_date or _FAR_FUTURE)
    milestones = tuple(_milestone(f"m{i}", c) for i, c in enumerate(committed, start=1))
    outcome = extraction.outcomes[0] if extraction.outcomes else None
    objective = (
        Objective(
            statement=outcome.statement, metric=outcome.metric, target_date=outcome.target_date
        )
        if outcome
        else None
    )
    plan = Plan(
        deal=context.deal or "unassigned",
        version=1,
        as_of=context.call_date,
        objective=objective,
        key_dates=tuple(
            PlanKeyDate(kind=k.kind, date=k.date, date_text=k.date_text, description=k.description)
            for k in extraction.key_dates
        ),
        stakeholders=tuple(
            PlanStakeholder(name=s.name, title=s.title, side=s.side, role=s.role)
            for s in extraction.stakeholders
        ),
        milestones=milestones,
    )
    return plan.model_copy(
        update={
            "suggestions": _suggestions(plan, extraction),
            "findings": health(plan, extraction),
        }
    )


def _milestone(milestone_id: str, commitment: Commitment) -> Milestone:
    return Milestone(
        id=milestone_id,
        title=commitment.action,
        owner=commitment.owner,
        owner_side=commitment.owner_side,
        due_date=commitment.due_date,
        due_text=commitment.due_text,
        due_precision=commitment.due_precision,
        source="call",
        evidence=commitment.evidence,
    )


def _suggestions(plan: Plan, extraction: Extraction) -> tuple[Suggestion, ...]:
    suggestions: list[Suggestion] = []
    if plan.objective and extraction.outcomes:
        suggestions.append(
            Suggestion(
                kind=SuggestionKind.SET_OBJECTIVE,
                proposed=plan.objective.model_dump(mode="json"),
                evidence=extraction.outcomes[0].evidence,
            )
        )
    suggestions += [
        Suggestion(
            kind=SuggestionKind.SET_KEY_DATE,
            proposed={
                "kind": k.kind,
                "date": k.date and k.date.isoformat(),
                "date_text": k.date_text,
            },
            evidence=k.evidence,
        )
        for k in extraction.key_dates
    ]
    suggestions += [
        Suggestion(
            kind=SuggestionKind.ADD_STAKEHOLDER,
            proposed={"name": s.name, "title": s.title, "side": s.side, "role": s.role},
            evidence=s.evidence,
        )
        for s in extraction.stakeholders
    ]
    suggestions += [
        Suggestion(
            kind=SuggestionKind.ADD_MILESTONE,
            milestone_id=m.id,
            proposed=m.model_dump(mode="json", exclude={"id", "evidence", "days_slipped"}),
            evidence=m.evidence,
        )
        for m in plan.milestones
    ]
    suggestions += [
        Suggestion(
            kind=SuggestionKind.RAISE_RISK,
            proposed={"kind": r.kind, "description": r.description},
            evidence=r.evidence,
        )
        for r in extraction.risks
    ]
    return tuple(suggestions)


def health(plan: Plan, extraction: Extraction) -> tuple[Finding, ...]:
    """What a seasoned sales manager would point out about this plan."""
    findings: list[Finding] = []
    for m in plan.milestones:
        if m.owner is None:
            findings.append(
                _finding(
                    "unnamed_owner",
                    Severity.WARNING,
                    f"'{m.title}' has no named owner: ask who will do it",
                )
            )
        if m.due_date is None:
            findings.append(
                _finding(
                    "undated_step", Severity.WARNING, f"'{m.title}' has no calendar date: agree one"
                )
            )
    kinds = {k.kind for k in plan.key_dates}
    if KeyDateKind.GO_LIVE not in kinds:
        findings.append(
            _finding(
                "no_go_live",
                Severity.WARNING,
                "No go-live date: ask when the buyer needs to be live",
            )
        )
    if KeyDateKind.COMPELLING_EVENT not in kinds:
        findings.append(
            _finding(
                "no_compelling_event",
                Severity.INFO,
                "No compelling event: ask what happens if the date is missed",
            )
        )
    if not any(s.role == Role.ECONOMIC_BUYER and s.name for s in plan.stakeholders):
        findings.append(
            _finding("no_signer", Severity.WARNING, "Nobody is named as the signer: ask who signs")
        )
    if plan.milestones and not any(m.owner_side == Side.BUYER for m in plan.milestones):
        findings.append(
            _finding(
                "no_buyer_steps",
                Severity.WARNING,
                "No buyer-side steps: a plan the buyer does not co-own stalls",
            )
        )
    for c in extraction.commitments:
        if c.status == CommitmentStatus.TENTATIVE:
            findings.append(
                _finding(
                    "tentative",
                    Severity.INFO,
                    f"Tentative, not in the plan: '{c.action}' ({c.owner or '?'})",
                )
            )
    if any(r.kind == "no_date_commitment" for r in extraction.risks):
        findings.append(
            _finding(
                "refused_date",
                Severity.WARNING,
                "The buyer would not commit to a date: a qualification flag",
            )
        )
    return tuple(findings)


def _finding(code: str, severity: Severity, message: str) -> Finding:
    return Finding(code=code, severity=severity, message=message)
