"""Deals of the caller's org. A rep sees and changes their own deals; a manager reads them all."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from service.auth.service import Caller
from service.db.models import Deal
from service.deals.schemas import DealCreate, DealPublic, DealUpdate
from service.errors import ForbiddenError, NotFoundError


def visible(caller: Caller) -> Select[Any]:
    """The deals the caller may read: their org's, and for a rep only their own."""
    query = select(Deal).where(Deal.org_id == caller.org_id)
    return query if caller.is_manager else query.where(Deal.owner_id == caller.user_id)


def get_deal(session: Session, caller: Caller, deal_id: int) -> Deal:
    deal: Deal | None = session.scalar(visible(caller).where(Deal.id == deal_id))
    if deal is None:
        raise NotFoundError(f"no deal {deal_id}")
    return deal


def editable_deal(session: Session, caller: Caller, deal_id: int) -> Deal:
    """The deal, if the caller may change it (only its rep does: managers read)."""
    deal = get_deal(session, caller, deal_id)
    if deal.owner_id != caller.user_id:
        raise ForbiddenError(f"deal {deal_id} belongs to another rep; only its rep can change it")
    return deal


def create_deal(session: Session, caller: Caller, data: DealCreate) -> Deal:
    deal = Deal(
        org_id=caller.org_id,
        owner_id=caller.user_id,
        **data.model_dump(mode="json", exclude={"size"}),
        size=data.size.value if data.size else None,
    )
    session.add(deal)
    session.commit()
    return deal


def update_deal(session: Session, caller: Caller, deal_id: int, data: DealUpdate) -> Deal:
    deal = editable_deal(session, caller, deal_id)
    for name, value in data.model_dump(mode="json", exclude_unset=True).items():
        setattr(deal, name, value)
    session.commit()
    return deal


def public(deal: Deal) -> DealPublic:
    return DealPublic.model_validate(deal, from_attributes=True)
