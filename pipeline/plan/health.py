"""Plan health: what a seasoned sales manager would point out, each with severity and a fix.

Structure (owners, dates, buyer-side gates, signer, go-live, value at the end, size) is checked
here; dates against go-live (conflicts, lateness, slippage) in `pipeline.plan.timing`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.models import (
    Commitment,
    CommitmentStatus,
    DateBasis,
    Finding,
    KeyDateKind,
    Milestone,
    Plan,
    RiskKind,
    Role,
    Severity,
    Side,
)
from pipeline.plan.catalogue import Catalogue, Template
from pipeline.plan.timing import timing_findings
from pipeline.render import label, longdate

_LISTED = 4  # steps named in one finding; more are counted
_WATCHED_RISKS = {
    RiskKind.COMPETITOR: "Another vendor is in the running",
    RiskKind.BUDGET: "Budget is in doubt",
    RiskKind.CHAMPION_LEAVING: "The champion may be leaving",
    RiskKind.TIMELINE: "The buyer doubts the timeline",
    RiskKind.LEGAL: "A legal concern was raised",
    RiskKind.SECURITY: "A security concern was raised",
}


@dataclass(frozen=True)
class Checkup:
    """What the health checks read besides the plan."""

    template: Template
    catalogue: Catalogue
    commitments: Sequence[Commitment] = ()  # the latest call's, for its tentative offers
    latest_call: dt.date | None = None  # the deal's latest call, when known beyond the plan


def health(plan: Plan, checkup: Checkup) -> tuple[Finding, ...]:
    """Every finding, most severe first (order within a severity: the checks' order)."""
    found: list[Finding] = []
    for check in _CHECKS:
        found += check(plan, checkup)
    found += timing_findings(plan, checkup.template)
    rank = [Severity.CRITICAL, Severity.WARNING, Severity.INFO]
    return tuple(sorted(found, key=lambda f: rank.index(f.severity)))


def _open(plan: Plan) -> list[Milestone]:
    return [m for m in plan.milestones if m.status != "done"]


def _named(steps: Sequence[Milestone]) -> str:
    names = ", ".join(f"'{m.title}'" for m in steps[:_LISTED])
    return names + (f" and {len(steps) - _LISTED} more" if len(steps) > _LISTED else "")


def _steps(steps: Sequence[Milestone]) -> str:
    return "1 step has" if len(steps) == 1 else f"{len(steps)} steps have"


def _owners(plan: Plan, c: Checkup) -> list[Finding]:
    unowned = [m for m in _open(plan) if not m.owner]
    if not unowned:
        return []
    roles = sorted({m.owner_role for m in unowned if m.owner_role})
    return [
        Finding(
            code="unnamed_owner",
            severity=Severity.WARNING,
            message=f"{_steps(unowned)} no named owner: {_named(unowned)}",
            hint="Ask who will do each, by name: a person, not a team"
            + (f" ({', '.join(roles[:3])})" if roles else ""),
            milestone_ids=tuple(m.id for m in unowned),
        )
    ]


def _dates(plan: Plan, c: Checkup) -> list[Finding]:
    undated = [m for m in _open(plan) if m.due_date is None]
    coarse = [
        m
        for m in _open(plan)
        if m.date_basis == DateBasis.STATED and m.due_precision not in (None, "day")
    ]
    found = []
    if undated:
        found.append(
            Finding(
                code="undated_step",
                severity=Severity.WARNING,
                message=f"{_steps(undated)} no calendar date: {_named(undated)}",
                hint="Agree a date for each"
                + ("" if plan.go_live else "; with a go-live date the plan works the rest back"),
                milestone_ids=tuple(m.id for m in undated),
            )
        )
    if coarse:
        found.append(
            Finding(
                code="imprecise_date",
                severity=Severity.INFO,
                message=f"{_steps(coarse)} a range, not a day: "
                + "; ".join(f"'{m.title}' (\"{m.due_text}\")" for m in coarse[:_LISTED]),
                hint="Agree the day; the plan reads a range as its last day",
                milestone_ids=tuple(m.id for m in coarse),
            )
        )
    return found


def _gates(plan: Plan, c: Checkup) -> list[Finding]:
    expected = {
        c.catalogue.steps[s.step].gate: s.step
        for s in c.template.steps
        if c.catalogue.steps[s.step].gate
    }
    held = {m.step for m in plan.milestones} | {m.feeds for m in plan.milestones}
    missing = [gate for gate, step in expected.items() if step not in held]
    found = [
        Finding(
            code="missing_buyer_step",
            severity=Severity.WARNING,
            message=f"No {gate} step: {c.template.name} deals stall on it when it comes late",
            hint=f"Ask who on the buyer side owns {gate} and add the step with a date",
        )
        for gate in missing
        if gate
    ]
    if _open(plan) and not any(m.owner_side == Side.BUYER for m in plan.milestones):
        found.append(
            Finding(
                code="no_buyer_steps",
                severity=Severity.WARNING,
                message="No buyer-side steps: a plan the buyer does not co-own stalls",
                hint="Agree the buyer's own steps (security, legal, procurement, budget)",
            )
        )
    return found


def _signer(plan: Plan, c: Checkup) -> list[Finding]:
    if any(s.role == Role.ECONOMIC_BUYER and s.name for s in plan.stakeholders):
        return []
    known = next((s for s in plan.stakeholders if s.role == Role.ECONOMIC_BUYER), None)
    role = f" (the {known.title})" if known and known.title else ""
    return [
        Finding(
            code="no_signer",
            severity=Severity.WARNING,
            message=f"Nobody is named as the signer{role}",
            hint="Ask who signs, and whether anyone else can veto",
        )
    ]


def _key_dates(plan: Plan, c: Checkup) -> list[Finding]:
    found = []
    if plan.go_live is None:
        found.append(
            Finding(
                code="no_go_live",
                severity=Severity.WARNING,
                message="No go-live date, so no step can be worked back from it",
                hint="Ask when the buyer needs to be live, and why then",
            )
        )
    if plan.key_date(KeyDateKind.COMPELLING_EVENT) is None:
        found.append(
            Finding(
                code="no_compelling_event",
                severity=Severity.INFO,
                message="No compelling event: nothing external holds the timeline",
                hint="Ask what happens if the date is missed (a contract ends, an audit, a launch)",
            )
        )
    return found


def _value_last(plan: Plan, c: Checkup) -> list[Finding]:
    dated = sorted(
        (m for m in plan.milestones if m.due_date), key=lambda m: m.due_date or dt.date.min
    )
    if not dated:
        return []
    value_steps = {key for key, step in c.catalogue.steps.items() if step.value}
    last = dated[-1]
    if last.step in value_steps:
        return []
    return [
        Finding(
            code="last_step_not_value",
            severity=Severity.WARNING,
            message=f"The plan ends at '{last.title}', not at the value the buyer wants",
            hint="End with first value: the success metric measured after go-live",
            milestone_ids=(last.id,),
        )
    ]


def _stale(plan: Plan, c: Checkup) -> list[Finding]:
    if c.latest_call is None or c.latest_call <= plan.as_of:
        return []
    return [
        Finding(
            code="stale_plan",
            severity=Severity.WARNING,
            message=f"The plan is as of {longdate(plan.as_of)}, before the call of "
            f"{longdate(c.latest_call)}",
            hint="Process the latest call so the plan shows what was agreed on it",
        )
    ]


def _risks(plan: Plan, c: Checkup) -> list[Finding]:
    found = []
    for r in plan.risks:
        if r.status != "open":
            continue
        said = f': "{r.evidence[0].quote}"' if r.evidence else ""
        if r.kind == RiskKind.NO_DATE_COMMITMENT:
            found.append(
                Finding(
                    code="refused_date",
                    severity=Severity.WARNING,
                    message=f"The buyer would not commit to a date: a qualification flag{said}",
                    hint="Ask what it would take to agree a date: a buyer without dates is not "
                    "buying yet",
                )
            )
        elif r.kind in _WATCHED_RISKS:
            found.append(
                Finding(
                    code=f"risk_{r.kind}",
                    severity=Severity.WARNING,
                    message=f"{_WATCHED_RISKS[r.kind]}{said}",
                    hint=f"Plan how to answer it ({label(r.kind)}) before the next call",
                )
            )
    return found


def _size(plan: Plan, c: Checkup) -> list[Finding]:
    lines, n = c.template.lines, len(plan.milestones)
    if lines.min <= n <= lines.max:
        return []
    few = n < lines.min
    return [
        Finding(
            code="too_few_steps" if few else "too_many_steps",
            severity=Severity.INFO,
            message=f"{n} step{'s' if n != 1 else ''} for a {c.template.name} deal "
            f"(usual: {lines.min}-{lines.max})",
            hint="Add the buyer's steps to go-live and first value"
            if few
            else "Merge small tasks into outcomes; a plan the buyer can read in a minute gets used",
        )
    ]


def _tentative(plan: Plan, c: Checkup) -> list[Finding]:
    return [
        Finding(
            code="tentative",
            severity=Severity.INFO,
            message=f"Tentative, not in the plan: '{t.action}' ({t.owner or t.owner_role or '?'})",
            hint="Confirm it with a date, or let it go",
        )
        for t in c.commitments
        if t.status == CommitmentStatus.TENTATIVE
    ]


_CHECKS: tuple[Callable[[Plan, Checkup], list[Finding]], ...] = (
    _owners,
    _dates,
    _gates,
    _signer,
    _key_dates,
    _value_last,
    _stale,
    _risks,
    _size,
    _tentative,
)
