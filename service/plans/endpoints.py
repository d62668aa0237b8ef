from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from pipeline.models import Plan
from service.db.models import PlanRow
from service.deals.service import get_deal
from service.deps import (
    MAX_ID,
    CallerDep,
    Id,
    IfMatchDep,
    OptionalIfMatchDep,
    RuntimeDep,
    SessionDep,
)
from service.openapi import problems
from service.pagination import Page, PageDep, page_of, paginate
from service.plans import edits, service
from service.plans.diff import PlanDiff
from service.plans.schemas import (
    PublishRequest,
    StepChange,
    StepNew,
    StepResult,
    VersionPublic,
    VersionSummary,
    WorkingPlan,
)

router = APIRouter(prefix="/api/deals/{deal_id}/plan", tags=["plans"])

MilestoneId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,40}$", examples=["m3"])]


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


@router.post(
    "/milestones",
    status_code=201,
    summary="Add a step by hand (the plan is made if the deal has none yet)",
    responses=problems(428),
)
def add_step(
    deal_id: Id,
    data: StepNew,
    session: SessionDep,
    caller: CallerDep,
    runtime: RuntimeDep,
    response: Response,
    revision: OptionalIfMatchDep = None,
) -> StepResult:
    fields = data.model_dump(exclude_unset=True)
    catalogue = runtime.pipeline.catalogue
    row, milestone_id = edits.add_step(session, caller, catalogue, deal_id, fields, revision)
    session.commit()
    return _step_result(row, milestone_id, response)


@router.patch(
    "/milestones/{milestone_id}",
    summary="Change a step: title, owner, side, due date, status",
    responses=problems(428),
)
def change_step(
    deal_id: Id,
    milestone_id: MilestoneId,
    data: StepChange,
    session: SessionDep,
    caller: CallerDep,
    runtime: RuntimeDep,
    revision: IfMatchDep,
    response: Response,
) -> StepResult:
    row = edits.change_step(
        session,
        caller,
        runtime.pipeline.catalogue,
        deal_id,
        milestone_id,
        data.changes(),
        revision,
        correction=data.correction,
    )
    session.commit()
    return _step_result(row, milestone_id, response)


@router.delete(
    "/milestones/{milestone_id}",
    summary="Remove a step from the working plan (published versions keep it)",
    responses=problems(428),
)
def remove_step(
    deal_id: Id,
    milestone_id: MilestoneId,
    session: SessionDep,
    caller: CallerDep,
    runtime: RuntimeDep,
    revision: IfMatchDep,
    response: Response,
) -> StepResult:
    catalogue = runtime.pipeline.catalogue
    row = edits.remove_step(session, caller, catalogue, deal_id, milestone_id, revision)
    session.commit()
    return _step_result(row, milestone_id, response)


def _step_result(row: PlanRow, milestone_id: str, response: Response) -> StepResult:
    response.headers["ETag"] = f'"{row.revision}"'
    milestone = Plan.model_validate(row.plan).milestone(milestone_id)
    return StepResult(deal_id=row.deal_id, revision=row.revision, milestone=milestone)
