from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy.orm import Session

from pipeline.errors import CallplanError
from service.auth.service import Caller
from service.deals.service import editable_deal, get_deal
from service.deps import (
    CallerDep,
    Id,
    IfMatchDep,
    OptionalIfMatchDep,
    RuntimeDep,
    SessionDep,
)
from service.errors import NotFoundError
from service.openapi import problems
from service.pagination import Page, PageDep, page_of, paginate
from service.suggestions import service
from service.suggestions.schemas import (
    BulkDecision,
    BulkOutcome,
    BulkResult,
    Rejection,
    Status,
    SuggestionEdit,
    SuggestionPublic,
)

router = APIRouter(tags=["review"])


@router.get("/api/deals/{deal_id}/suggestions", summary="A deal's suggestions with evidence")
def list_suggestions(
    deal_id: Id,
    session: SessionDep,
    caller: CallerDep,
    page: PageDep,
    status: Annotated[Status | None, Query(description="pending, accepted or rejected")] = None,
) -> Page[SuggestionPublic]:
    get_deal(session, caller, deal_id)
    rows, total = paginate(session, service.select_for_deal(caller, deal_id, status), page)
    return page_of([service.public(r) for r in rows], total, page)


@router.get("/api/suggestions/{suggestion_id}", summary="One suggestion (its ETag is its version)")
def read_suggestion(
    suggestion_id: Id, session: SessionDep, caller: CallerDep, response: Response
) -> SuggestionPublic:
    return _answer(service.get_suggestion(session, caller, suggestion_id), response)


@router.patch(
    "/api/suggestions/{suggestion_id}",
    summary="Edit what a suggestion proposes",
    responses=problems(428),
)
def edit_suggestion(
    suggestion_id: Id,
    data: SuggestionEdit,
    session: SessionDep,
    caller: CallerDep,  # before If-Match: who is asking is checked first
    version: IfMatchDep,
    response: Response,
) -> SuggestionPublic:
    row = service.edit(session, caller, suggestion_id, version, data.proposed)
    session.commit()
    return _answer(row, response)


@router.post(
    "/api/suggestions/{suggestion_id}/accept",
    summary="Accept into the working plan",
    responses=problems(428),
)
def accept_suggestion(
    suggestion_id: Id,
    session: SessionDep,
    caller: CallerDep,
    runtime: RuntimeDep,
    response: Response,
    version: OptionalIfMatchDep = None,
) -> SuggestionPublic:
    row = service.accept(session, caller, runtime.pipeline.catalogue, suggestion_id, version)
    session.commit()
    return _answer(row, response)


@router.post(
    "/api/suggestions/{suggestion_id}/reject",
    summary="Reject, with a reason",
    responses=problems(428),
)
def reject_suggestion(
    suggestion_id: Id,
    data: Rejection,
    session: SessionDep,
    caller: CallerDep,
    response: Response,
    version: OptionalIfMatchDep = None,
) -> SuggestionPublic:
    row = service.reject(session, caller, suggestion_id, version, data.reason)
    session.commit()
    return _answer(row, response)


@router.post(
    "/api/suggestions/{suggestion_id}/undo",
    summary="Take a decision back: the suggestion is pending again",
    description=(
        "A rejection can always be undone. An acceptance can be undone while the working plan "
        "is still what it made: the plan goes back to what it was before. After later "
        "acceptances, undo those first (the last one first); otherwise 409 says why."
    ),
    responses=problems(428),
)
def undo_decision(
    suggestion_id: Id,
    session: SessionDep,
    caller: CallerDep,
    response: Response,
    version: OptionalIfMatchDep = None,
) -> SuggestionPublic:
    row = service.undo(session, caller, suggestion_id, version)
    session.commit()
    return _answer(row, response)


@router.post(
    "/api/deals/{deal_id}/suggestions/bulk",
    summary="Accept or reject many; each succeeds or fails on its own",
)
def bulk_decide(
    deal_id: Id, data: BulkDecision, session: SessionDep, caller: CallerDep, runtime: RuntimeDep
) -> BulkResult:
    editable_deal(session, caller, deal_id)  # a manager reads the deal but decides nothing
    results = [_decide_one(session, caller, runtime, deal_id, i, data) for i in data.ids]
    return BulkResult(results=results)


def _decide_one(
    session: Session,
    caller: Caller,
    runtime: RuntimeDep,
    deal_id: int,
    suggestion_id: int,
    data: BulkDecision,
) -> BulkOutcome:
    try:
        row = service.get_suggestion(session, caller, suggestion_id)
        if row.deal_id != deal_id:
            raise NotFoundError(f"no suggestion {suggestion_id} on deal {deal_id}")
        if data.action == "accept":
            row = service.accept(session, caller, runtime.pipeline.catalogue, suggestion_id, None)
        else:
            row = service.reject(
                session, caller, suggestion_id, None, data.reason or "rejected in bulk"
            )
        session.commit()
        return BulkOutcome(id=suggestion_id, ok=True, status=row.status)
    except CallplanError as error:
        session.rollback()
        return BulkOutcome(id=suggestion_id, ok=False, error=error.message)


def _answer(row: object, response: Response) -> SuggestionPublic:
    public = service.public(row)  # type: ignore[arg-type]
    response.headers["ETag"] = f'"{public.version}"'
    return public
