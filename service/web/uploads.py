"""Uploads from the page, the job's progress as a fragment the page polls, and the recording.

The upload goes through the API's own upload code (streamed to storage, checked, queued, with
Idempotency-Key); the page only signs the request differently (session and CSRF header).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import FileResponse
from sqlalchemy import func, select

from service.calls import endpoints as calls_api
from service.calls import service as calls
from service.calls.schemas import UploadAccepted
from service.calls.storage import LocalStorage
from service.db.models import Call, SuggestionRow
from service.deals.service import get_deal
from service.deps import RuntimeDep, SessionDep
from service.errors import NotFoundError
from service.jobs import service as jobs
from service.web.auth import Csrf, CsrfHeader, PageCaller
from service.web.pages import PageRoute, redirect, render, wants_fragment

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.post("/deals/{deal_id}/calls", status_code=202, dependencies=[CsrfHeader])
async def upload(
    deal_id: int,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    caller: PageCaller,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> UploadAccepted:
    """The page's drop zone posts here (multipart: file, call_date, participants as JSON)."""
    return await calls_api.upload_call(
        deal_id, request, response, runtime, caller, idempotency_key=idempotency_key
    )


@router.get("/deals/{deal_id}/jobs/{job_id}")
def job_progress(
    deal_id: int, job_id: int, request: Request, session: SessionDep, caller: PageCaller
) -> Response:
    """The job's progress as a fragment; the page asks again until it is done or failed."""
    job = jobs.get_job(session, caller, job_id)
    call = session.get_one(Call, job.call_id)
    if call.deal_id != deal_id:
        raise NotFoundError(f"no job {job_id} on deal {deal_id}")
    found = (
        session.scalar(select(func.count()).where(SuggestionRow.call_id == call.id))
        if job.state == "done"
        else 0
    )
    editable = get_deal(session, caller, deal_id).owner_id == caller.user_id
    return render(
        request,
        "_job.html.j2",
        job=job,
        call=call,
        suggestions=found or 0,
        editable=editable,
    )


@router.post("/deals/{deal_id}/jobs/{job_id}/retry", dependencies=[Csrf])
def retry(
    deal_id: int,
    job_id: int,
    request: Request,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    if session.get_one(Call, jobs.get_job(session, caller, job_id).call_id).deal_id != deal_id:
        raise NotFoundError(f"no job {job_id} on deal {deal_id}")
    jobs.hand_to_worker(runtime, jobs.retry_job(session, caller, job_id))
    if wants_fragment(request):
        return job_progress(deal_id, job_id, request, session, caller)
    return redirect(f"/deals/{deal_id}")


@router.get("/deals/{deal_id}/calls/{call_id}/recording")
def recording(
    deal_id: int, call_id: int, session: SessionDep, caller: PageCaller, runtime: RuntimeDep
) -> FileResponse:
    """The recording for the page's player (Range requests: the player seeks to a quote)."""
    call = calls.get_call(session, caller, call_id)
    if call.deal_id != deal_id or not isinstance(runtime.storage, LocalStorage):
        raise NotFoundError(f"no recording of call {call_id} on deal {deal_id}")
    return FileResponse(runtime.storage.path(call.storage_key), filename=call.filename)
