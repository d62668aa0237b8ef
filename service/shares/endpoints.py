from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from pipeline.models import Plan
from service.deals.service import get_deal
from service.deps import CallerDep, Id, RuntimeDep, SessionDep
from service.pagination import Page, PageDep, page_of, paginate
from service.shares import service
from service.shares.buyer import PageContext, buyer_page
from service.shares.service import ShareCreate, ShareCreated, SharePublic

router = APIRouter(tags=["shares"])


@router.post("/api/deals/{deal_id}/shares", status_code=201, summary="Create a buyer's share link")
def create_share(
    deal_id: Id, data: ShareCreate, session: SessionDep, caller: CallerDep, runtime: RuntimeDep
) -> ShareCreated:
    created = service.create(session, caller, deal_id, data.label, runtime.settings.public_url)
    session.commit()
    return created


@router.get("/api/deals/{deal_id}/shares", summary="A deal's share links")
def list_shares(
    deal_id: Id, session: SessionDep, caller: CallerDep, page: PageDep
) -> Page[SharePublic]:
    get_deal(session, caller, deal_id)
    rows, total = paginate(session, service.select_for_deal(caller, deal_id), page)
    return page_of([service.public(s) for s in rows], total, page)


@router.delete("/api/deals/{deal_id}/shares/{share_id}", summary="Revoke a share link")
def revoke_share(deal_id: Id, share_id: Id, session: SessionDep, caller: CallerDep) -> SharePublic:
    link = service.revoke(session, caller, deal_id, share_id)
    session.commit()
    return service.public(link)


@router.get("/api/share/{token}", tags=["buyer"], summary="The published plan, as JSON")
def shared_plan_json(token: str, session: SessionDep) -> Plan:
    """The buyer's view of the latest published version: no evidence, findings or risks."""
    return service.shared_plan(session, token)[1]


@router.get(
    "/share/{token}",
    tags=["buyer"],
    response_class=HTMLResponse,
    summary="The published plan as a page for the buyer (no login, no JavaScript)",
)
def shared_plan_page(token: str, session: SessionDep) -> HTMLResponse:
    deal, version = service.shared_version(session, token)
    exports = f"/api/share/{token}/export"
    context = PageContext(
        deal_name=deal.name,
        buyer_company=deal.buyer_company,
        seller_company=deal.seller_company,
        version=version.number,
        published_at=version.published_at,
        downloads={
            "Calendar (.ics)": f"{exports}.ics",
            "Spreadsheet (.csv)": f"{exports}.csv",
            "PDF": f"{exports}.pdf",
            "Markdown": f"{exports}.md",
        },
    )
    page = buyer_page(Plan.model_validate(version.plan), context)
    # The token is in the URL: no referrer leaves the page, and nothing caches it.
    headers = {"Referrer-Policy": "no-referrer", "Cache-Control": "private, no-store"}
    return HTMLResponse(page, headers=headers)
