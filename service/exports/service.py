"""The plan an export is made from, found the way the API reads it: a published version or the
working plan for a caller who may see the deal; the buyer's view for a share token."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pipeline.models import Plan
from service.auth.service import Caller
from service.db.models import Deal
from service.deals.service import get_deal
from service.exports.formats import Source
from service.plans import service as plans
from service.plans.working import plan_row
from service.shares import service as shares
from service.shares.buyer import for_buyer


def version_source(session: Session, caller: Caller, deal_id: int, number: int) -> Source:
    deal = get_deal(session, caller, deal_id)
    version = plans.get_version(session, caller, deal_id, number)
    return Source(
        plan=Plan.model_validate(version.plan),
        audience="rep",
        deal_name=deal.name,
        label=f"v{number}",
        stamp=version.published_at,
        sequence=number,
        parties=_parties(deal),
    )


def working_source(session: Session, caller: Caller, deal_id: int) -> Source:
    deal = get_deal(session, caller, deal_id)
    working = plans.working(session, caller, deal_id)  # 404 before the first call
    row = plan_row(session, deal_id)
    assert row is not None  # `working` found it
    return Source(
        plan=working.plan,
        audience="rep",
        deal_name=deal.name,
        label="draft",
        stamp=row.updated_at,
        sequence=(working.last_published or 0) + 1,  # what it will be published as
        parties=_parties(deal),
    )


def shared_source(session: Session, token: str, page_url: str) -> Source:
    deal, version = shares.shared_version(session, token)
    return Source(
        plan=for_buyer(Plan.model_validate(version.plan)),
        audience="buyer",
        deal_name=deal.name,
        label=f"v{version.number}",
        stamp=version.published_at,
        sequence=version.number,
        parties=_parties(deal),
        url=page_url,
    )


def _parties(deal: Deal) -> str:
    return " & ".join(p for p in (deal.buyer_company, deal.seller_company) if p)
