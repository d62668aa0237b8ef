from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.audit.service import record
from service.auth.service import Caller
from service.db.models import Call, Job, utcnow
from service.db.session import transaction
from service.deals.service import editable_deal, get_deal
from service.errors import ConflictError, NotFoundError
from service.jobs.queue import QueueUnavailableError
from service.jobs.schemas import JobPublic
from service.runtime import Runtime


def job_public(job: Job) -> JobPublic:
    return JobPublic.model_validate(job, from_attributes=True)


def get_job(session: Session, caller: Caller, job_id: int) -> Job:
    job = session.scalar(select(Job).where(Job.id == job_id, Job.org_id == caller.org_id))
    if job is None:
        raise NotFoundError(f"no job {job_id}")
    get_deal(session, caller, session.get_one(Call, job.call_id).deal_id)
    return job


def retry_job(session: Session, caller: Caller, job_id: int) -> Job:
    """A failed job back in the queue; stages that finished before are not redone."""
    job = get_job(session, caller, job_id)
    call = session.get_one(Call, job.call_id)
    editable_deal(session, caller, call.deal_id)
    if job.state != "failed":
        raise ConflictError(f"job {job_id} is {job.state}; only a failed job can be retried")
    job.state, job.error, job.progress = "queued", None, 0.0
    job.stage, job.finished_at, job.updated_at = "waiting for a worker", None, utcnow()
    job.attempts = 0
    record(
        session,
        caller,
        "job.retried",
        f"job:{job.id}",
        org_id=caller.org_id,
        deal_id=call.deal_id,
    )
    session.commit()
    return job


def hand_to_worker(runtime: Runtime, job: Job) -> Job:
    """Queue the job; if the queue cannot take it, the job fails with the reason (retry it)."""
    if runtime.queue is None:
        return job
    try:
        runtime.queue.enqueue(job.id)
    except QueueUnavailableError as error:
        with transaction(runtime.sessions) as session:
            job = session.get_one(Job, job.id)
            mark_failed(job, error.message)
    return job


def mark_failed(job: Job, message: str) -> None:
    job.state = "failed"
    job.error = message
    job.stage = f"failed while {job.stage}" if job.stage else "failed"
    job.finished_at = job.updated_at = utcnow()
