from __future__ import annotations

from fastapi import APIRouter

from service.db.models import Deal
from service.deals import service
from service.deals.schemas import DealCreate, DealPublic, DealUpdate
from service.deps import CallerDep, Id, SessionDep
from service.pagination import Page, PageDep, page_of, paginate

router = APIRouter(prefix="/api/deals", tags=["deals"])


@router.post("", status_code=201, summary="Create a deal")
def create_deal(data: DealCreate, session: SessionDep, caller: CallerDep) -> DealPublic:
    return service.public(service.create_deal(session, caller, data))


@router.get("", summary="List the deals you can see (a manager sees the org's)")
def list_deals(session: SessionDep, caller: CallerDep, page: PageDep) -> Page[DealPublic]:
    rows, total = paginate(session, service.visible(caller).order_by(Deal.id.desc()), page)
    return page_of([service.public(d) for d in rows], total, page)


@router.get("/{deal_id}", summary="Read a deal")
def read_deal(deal_id: Id, session: SessionDep, caller: CallerDep) -> DealPublic:
    return service.public(service.get_deal(session, caller, deal_id))


@router.patch("/{deal_id}", summary="Change a deal's details")
def update_deal(
    deal_id: Id, data: DealUpdate, session: SessionDep, caller: CallerDep
) -> DealPublic:
    return service.public(service.update_deal(session, caller, deal_id, data))
