from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from service.deals.service import get_deal
from service.deps import MAX_ID, CallerDep, Id, RuntimeDep, SessionDep
from service.pagination import Page, PageDep, page_of, paginate
from service.plans import service
from service.plans.diff import PlanDiff
from service.plans.schemas import PublishRequest, VersionPublic, VersionSummary, WorkingPlan

router = APIRouter(prefix="/api/deals/{deal_id}/plan", tags=["plans"])


@router.get("", summary="The working plan: accepted so far, not yet visible to buyers")
def read_working_plan(
    deal_id: Id, session: SessionDep, caller: CallerDep, response: Response
) -> WorkingPlan:
    plan = service.working(session, caller, deal_id)
    response.headers["ETag"] = f'"{plan.revision}"'
    return plan


@router.post("/publish", status_code=201, summary="Publish the working plan as the next version")
def publish(
    deal_id: Id,
    session: SessionDep,
    caller: CallerDep,
    runtime: RuntimeDep,
    data: PublishRequest | None = None,
) -> VersionPublic:
    note = data.note if data else None
    return service.public(service.publish_and_announce(session, caller, runtime, deal_id, note))


@router.get("/versions", summary="Published versions, newest first")
def list_versions(
    deal_id: Id, session: SessionDep, caller: CallerDep, page: PageDep
) -> Page[VersionSummary]:
    get_deal(session, caller, deal_id)
    rows, total = paginate(session, service.select_versions(caller, deal_id), page)
    return page_of([service.summary(v) for v in rows], total, page)


@router.get("/versions/{number}", summary="One published version")
def read_version(deal_id: Id, number: Id, session: SessionDep, caller: CallerDep) -> VersionPublic:
    return service.public(service.get_version(session, caller, deal_id, number))


@router.get("/diff", summary="Changes between two versions (default: last published → draft)")
def compare(
    deal_id: Id,
    session: SessionDep,
    caller: CallerDep,
    from_: Annotated[
        int | None, Query(alias="from", ge=1, le=MAX_ID, description="a version number")
    ] = None,
    to: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="a version number; unset: the draft")
    ] = None,
) -> PlanDiff:
    return service.compare(session, caller, deal_id, from_, to)
