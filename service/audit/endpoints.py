from __future__ import annotations

from fastapi import APIRouter

from service.audit.service import AuditEventPublic, for_deal
from service.deals.service import get_deal
from service.deps import CallerDep, Id, SessionDep
from service.pagination import Page, PageDep, page_of, paginate

router = APIRouter(prefix="/api/deals", tags=["audit"])


@router.get("/{deal_id}/audit", summary="A deal's audit trail, newest first")
def list_events(
    deal_id: Id, session: SessionDep, caller: CallerDep, page: PageDep
) -> Page[AuditEventPublic]:
    get_deal(session, caller, deal_id)
    rows, total = paginate(session, for_deal(caller, deal_id), page)
    items = [AuditEventPublic.model_validate(e, from_attributes=True) for e in rows]
    return page_of(items, total, page)
