"""Open risks that a later call answered: a signer named, an owner named, a date committed.

Only risks with a clear answer close by themselves; the rest stay open for the rep.
"""

from __future__ import annotations

from pipeline.models import CallRef, Milestone, Plan, PlanRisk, RiskKind, Role
from pipeline.plan.catalogue import Catalogue
from pipeline.plan.matching import SAME_TEXT, overlap


def resolve_risks(plan: Plan, call: CallRef, catalogue: Catalogue) -> Plan:
    """The plan with every open risk the plan now answers marked resolved in this call."""
    risks = tuple(
        r.model_copy(update={"status": "resolved", "resolved_in": call})
        if r.status == "open" and _answered(r, plan, catalogue)
        else r
        for r in plan.risks
    )
    return plan.model_copy(update={"risks": risks})


def _answered(risk: PlanRisk, plan: Plan, catalogue: Catalogue) -> bool:
    if risk.kind == RiskKind.UNKNOWN_SIGNER:
        return any(s.role == Role.ECONOMIC_BUYER and s.name for s in plan.stakeholders)
    if risk.kind == RiskKind.UNNAMED_OWNER:
        about = [m for m in plan.milestones if _about(risk, m)]
        return bool(about) and all(m.owner for m in about)
    if risk.kind == RiskKind.NO_DATE_COMMITMENT:
        quote = " ".join(e.quote for e in risk.evidence) or risk.description
        step = catalogue.step_for(quote)
        return step is not None and any(
            step.key in (m.step, m.feeds) and _dated_after(m, risk) for m in plan.milestones
        )
    return False


def _about(risk: PlanRisk, m: Milestone) -> bool:
    return bool(m.action) and overlap(risk.description, m.action or "") >= SAME_TEXT


def _dated_after(m: Milestone, risk: PlanRisk) -> bool:
    """A step first dated on a call after the one that raised the risk (moving an old date
    does not answer a refusal to date the step)."""
    raised = risk.raised_in.number if risk.raised_in else 0
    stated = m.due_date is not None and m.date_basis == "stated" and m.stated_in is not None
    return stated and m.stated_in is not None and m.stated_in.number > raised
