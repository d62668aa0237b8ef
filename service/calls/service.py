"""Uploads: stored in chunks, checked by content before any compute, then queued as a job.

A file that fails the check is refused with the pipeline's message and kept under `rejected/`
for inspection (the audit trail records where); nothing is silently dropped.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from pipeline.errors import InputError
from pipeline.ingest import AudioInfo, ingest
from service.audit.service import record
from service.auth.service import Caller
from service.calls.schemas import CallPublic, UploadFields
from service.calls.storage import Stored
from service.db.models import Call, Job
from service.deals.service import editable_deal, get_deal
from service.errors import ConflictError, NotFoundError
from service.runtime import Runtime

_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def safe_filename(name: str | None) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .")[-100:]
    return cleaned or "upload"


def replay(
    session: Session, caller: Caller, deal_id: int, key: str | None
) -> tuple[Call, Job] | None:
    """The call an earlier upload with this Idempotency-Key made, if any."""
    if not key:
        return None
    call = session.scalar(
        select(Call).where(Call.org_id == caller.org_id, Call.idempotency_key == key)
    )
    if call is None:
        return None
    if call.deal_id != deal_id or call.uploaded_by != caller.user_id:
        # Keys are unique in the org; another upload's call is not this caller's to see.
        raise ConflictError(
            f"the Idempotency-Key {key!r} was already used for another upload; "
            "send a new key with each new recording"
        )
    return call, latest_job(session, call.id)


async def store_upload(
    runtime: Runtime,
    caller: Caller,
    deal_id: int,
    fields: UploadFields,
    chunks: AsyncIterator[bytes],
) -> tuple[Stored, str]:
    """Write the stream to storage, then check what it is; refused files go to `rejected/`."""
    name = safe_filename(fields.filename)
    key = f"calls/org{caller.org_id}/deal{deal_id}/{uuid.uuid4().hex}/{name}"
    stored = await runtime.storage.put(key, chunks, runtime.settings.upload_max_bytes)
    try:
        kind = await run_in_threadpool(_check, runtime, key)
    except InputError as error:
        kept = "rejected/" + key.removeprefix("calls/")
        runtime.storage.move(key, kept)
        await run_in_threadpool(_record_rejection, runtime, caller, deal_id, kept, error)
        raise type(error)(f"{error.message} (the file is kept for inspection as {kept})") from error
    return stored, kind


def create_call(
    runtime: Runtime,
    caller: Caller,
    deal_id: int,
    upload: tuple[Stored, str],
    fields: UploadFields,
    idempotency_key: str | None,
) -> tuple[Call, Job, bool]:
    """The call and its queued job; a concurrent upload with the same key wins the race."""
    stored, kind = upload
    with runtime.sessions() as session:
        editable_deal(session, caller, deal_id)
        call = Call(
            org_id=caller.org_id,
            deal_id=deal_id,
            uploaded_by=caller.user_id,
            call_date=fields.call_date,
            filename=safe_filename(fields.filename),
            kind=kind,
            storage_key=stored.key,
            size_bytes=stored.size,
            sha256=stored.sha256,
            idempotency_key=idempotency_key,
            participants=[p.model_dump(mode="json") for p in fields.participants],
            options=fields.model_dump(include={"channels", "seller_channel"}, exclude_none=True),
        )
        session.add(call)
        try:
            session.flush()
        except IntegrityError:
            # Another upload with the same key got in first: this copy of the file goes.
            session.rollback()
            runtime.storage.delete(stored.key)
            earlier = replay(session, caller, deal_id, idempotency_key)
            if earlier is None:
                raise
            return (*earlier, True)
        job = Job(org_id=caller.org_id, call_id=call.id)
        session.add(job)
        record(
            session,
            caller,
            "call.uploaded",
            f"call:{call.id}",
            org_id=caller.org_id,
            deal_id=deal_id,
            detail={"filename": call.filename, "bytes": stored.size},
        )
        session.commit()
        return call, job, False


def get_call(session: Session, caller: Caller, call_id: int) -> Call:
    call = session.scalar(select(Call).where(Call.id == call_id, Call.org_id == caller.org_id))
    if call is None:
        raise NotFoundError(f"no call {call_id}")
    get_deal(session, caller, call.deal_id)  # a rep sees only their deals' calls
    return call


def select_calls(caller: Caller, deal_id: int) -> Select[Any]:
    return (
        select(Call)
        .where(Call.org_id == caller.org_id, Call.deal_id == deal_id)
        .order_by(Call.id.desc())
    )


def latest_job(session: Session, call_id: int) -> Job:
    return session.scalars(select(Job).where(Job.call_id == call_id).order_by(Job.id.desc())).one()


def public(call: Call, job: Job | None = None) -> CallPublic:
    return CallPublic(
        id=call.id,
        deal_id=call.deal_id,
        call_date=call.call_date,
        filename=call.filename,
        kind=call.kind,
        size_bytes=call.size_bytes,
        sha256=call.sha256,
        participants=call.participants,
        created_at=call.created_at,
        recording_url=f"/api/calls/{call.id}/recording",
        transcript_ready=call.transcript is not None,
        job_id=job.id if job else None,
    )


def _check(runtime: Runtime, key: str) -> str:
    max_s = runtime.settings.transcription.max_duration_s
    with runtime.storage.local_path(key) as path:
        found = ingest(path, max_duration_s=max_s)
    return "media" if isinstance(found, AudioInfo) else found.source


def _record_rejection(
    runtime: Runtime, caller: Caller, deal_id: int, kept: str, error: InputError
) -> None:
    with runtime.sessions() as session:
        record(
            session,
            caller,
            "upload.rejected",
            f"file:{kept}",
            org_id=caller.org_id,
            deal_id=deal_id,
            detail={"reason": error.message, "kept_as": kept},
        )
        session.commit()
