from __future__ import annotations

from fastapi import APIRouter

from service.deps import CallerDep, Id, RuntimeDep, SessionDep
from service.jobs import service
from service.jobs.schemas import JobPublic

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


@router.get("/{job_id}", summary="A job's state and progress (poll it while it runs)")
def read_job(job_id: Id, session: SessionDep, caller: CallerDep) -> JobPublic:
    return service.job_public(service.get_job(session, caller, job_id))


@router.post("/{job_id}/retry", status_code=202, summary="Queue a failed job again")
def retry_job(job_id: Id, session: SessionDep, caller: CallerDep, runtime: RuntimeDep) -> JobPublic:
    job = service.retry_job(session, caller, job_id)
    return service.job_public(service.hand_to_worker(runtime, job))
