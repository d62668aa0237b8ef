"""A deal's working plan: the accepted state, kept as the pipeline's `Plan` in `plans`.

A call's suggestions are proposed against the working plan with every still-pending suggestion
applied, so a second call before review does not propose the same step twice, and new steps get
ids after the pending ones.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.extract import CallContext
from pipeline.models import Participant, Plan, Suggestion
from pipeline.plan import Catalogue, DealSize, PlanOptions, apply
from service.db.models import Call, Deal, PlanRow, SuggestionRow


def plan_options(deal: Deal, catalogue: Catalogue) -> PlanOptions:
    return PlanOptions(
        deal=str(deal.id), catalogue=catalogue, size=DealSize(deal.size) if deal.size else None
    )


def call_context(deal: Deal, call: Call, current: Plan | None) -> CallContext:
    people = {p["name"].casefold(): p for p in [*deal.participants, *call.participants]}
    return CallContext(
        call_date=call.call_date,
        timezone=deal.timezone,
        buyer_company=deal.buyer_company,
        seller_company=deal.seller_company,
        participants=tuple(Participant.model_validate(p) for p in people.values()),
        fiscal_year_start_month=deal.fiscal_year_start_month,
        deal=str(deal.id),
        current_plan=current,
    )


def plan_row(session: Session, deal_id: int, *, lock: bool = False) -> PlanRow | None:
    """The deal's working plan row; `lock` holds it until the transaction ends (PostgreSQL;
    SQLite's transactions hold the whole database)."""
    query = select(PlanRow).where(PlanRow.deal_id == deal_id)
    return session.scalar(query.with_for_update() if lock else query)


def working_plan(row: PlanRow | None) -> Plan | None:
    return Plan.model_validate(row.plan) if row else None


def pending(session: Session, deal_id: int) -> list[SuggestionRow]:
    return list(
        session.scalars(
            select(SuggestionRow)
            .where(SuggestionRow.deal_id == deal_id, SuggestionRow.status == "pending")
            .order_by(SuggestionRow.id)
        )
    )


def with_pending(plan: Plan | None, rows: list[SuggestionRow]) -> Plan | None:
    """The plan as if every pending suggestion were accepted (those that no longer apply are
    left out: they will be refused with a reason when the rep tries to accept them)."""
    if plan is None:
        return None
    for row in rows:
        try:
            plan = apply(plan, Suggestion.model_validate(row.body))
        except ValueError:
            continue
    return plan
