"""The task code both kinds of worker run: one call's job, stage by stage, resumable."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pipeline.errors import CallplanError
from pipeline.extract import extract
from pipeline.models import CallRef, Extraction, Plan, Transcript
from pipeline.plan import PlanOptions, rederive
from pipeline.process import Planning, hear, next_plan
from pipeline.transcribe import TranscribeOptions
from service.db.models import Call, Deal, Job, PlanRow, SuggestionRow, utcnow
from service.db.session import transaction
from service.jobs.progress import JobReporter
from service.jobs.schemas import RUNNING
from service.jobs.service import mark_failed
from service.notifications import Owed, deliver, owe
from service.periodic import Periodic
from service.plans.working import (
    call_context,
    pending,
    plan_options,
    plan_row,
    with_pending,
    working_plan,
)
from service.runtime import Runtime

log = logging.getLogger("callplan.jobs")


@dataclass(frozen=True)
class Claimed:
    job_id: int
    call_id: int
    deal_id: int


class _AlreadyDoneError(Exception):
    """Another worker finished the job meanwhile (a message delivered twice): stop quietly."""


@dataclass(frozen=True)
class Busy:
    """Another worker is running the job and alive: ask again after `retry_in_s`."""

    worker: str
    retry_in_s: float


def heartbeat_s(runtime: Runtime) -> float:
    """How often a running job's worker says it is alive: at the pace Redis looks for messages
    to hand on."""
    return runtime.settings.jobs.sweep_s


def alive_within_s(runtime: Runtime) -> float:
    """A running job's worker that said nothing for this long is taken for dead."""
    return 3 * heartbeat_s(runtime)


def run_job(runtime: Runtime, job_id: int, worker: str = "embedded") -> Busy | None:
    """Run (or resume) a job to `done` or `failed`; a job already finished is left alone. A job
    another worker is running, and alive, is left to it: `Busy` says when to look again (a
    message Redis handed on because the job outran the visibility timeout, not because its
    worker died)."""
    started = time.monotonic()
    claimed = _claim(runtime, job_id, worker)
    if isinstance(claimed, Busy):
        return claimed
    if isinstance(claimed, str):  # its workers died on every attempt
        _fail(runtime, job_id, claimed)
        return None
    if claimed is None:
        return None
    beat = _heartbeat(runtime, claimed, worker)
    beat.start()
    try:
        _transcribe(runtime, claimed)
        _extract(runtime, claimed)
        added, owed = _propose(runtime, claimed)
    except _AlreadyDoneError:
        log.info("job %s: finished by another worker meanwhile; this run stops", job_id)
    except CallplanError as error:
        _fail(runtime, job_id, error.message)
    except Exception as error:
        log.exception("job %s failed", job_id)
        _fail(runtime, job_id, f"internal error ({type(error).__name__}: {error}); retry the job")
    else:
        log.info(
            "job %s: done in %.1f s, %d suggestions", job_id, time.monotonic() - started, added
        )
        deliver(runtime, owed)  # the rep's email, webhook events
    finally:
        beat.stop()
    return None


def _heartbeat(runtime: Runtime, c: Claimed, worker: str) -> Periodic:
    """A thread that keeps the job's `updated_at` fresh while this worker runs it (a long
    extraction says nothing else for minutes)."""

    def beat(_: object) -> None:
        with transaction(runtime.sessions) as session:
            session.execute(
                update(Job)
                .where(Job.id == c.job_id, Job.worker == worker, Job.state.in_(RUNNING))
                .values(updated_at=utcnow())
            )

    every_s = heartbeat_s(runtime)
    return Periodic(f"callplan-job-{c.job_id}", every_s, beat, log=log, at_start=False)


def _claim(runtime: Runtime, job_id: int, worker: str) -> Claimed | Busy | str | None:
    """The job, now this worker's; `Busy` if another live worker has it; a message why to give
    up; None when there is nothing to do."""
    with transaction(runtime.sessions) as session:
        job = session.scalar(select(Job).where(Job.id == job_id).with_for_update())
        if job is None or job.state in ("done", "failed"):
            log.info("job %s: %s, nothing to do", job_id, job.state if job else "not found")
            return None
        if job.state in RUNNING and job.worker not in (None, worker):
            quiet_s = (utcnow() - job.updated_at).total_seconds()
            if quiet_s < alive_within_s(runtime):
                log.info(
                    "job %s: running on %s (alive %.0f s ago); this worker looks again later",
                    job_id,
                    job.worker,
                    quiet_s,
                )
                return Busy(worker=job.worker, retry_in_s=alive_within_s(runtime))
        if job.state in RUNNING and job.attempts >= runtime.settings.jobs.max_attempts:
            return (
                f"stopped after {job.attempts} attempts: the worker stopped each time "
                "(out of memory, or killed); retry the job once the cause is fixed"
            )
        call = session.get_one(Call, job.call_id)
        resumed = f"resumed while {job.state}, " if job.state in RUNNING else ""
        job.attempts += 1
        job.worker = worker
        job.started_at = job.started_at or utcnow()
        job.error = None
        _set(job, "transcribing", "starting")
        log.info(
            "job %s: call %s, %sattempt %s on %s", job.id, call.id, resumed, job.attempts, worker
        )
        return Claimed(job_id=job.id, call_id=call.id, deal_id=call.deal_id)


def _transcribe(runtime: Runtime, c: Claimed) -> None:
    with runtime.sessions() as session:
        call, deal = _call_and_deal(session, c)
        if call.transcript is not None:
            return
        context = call_context(deal, call, None)
        storage_key, upload_options = call.storage_key, call.options
    # What the upload said about the recording (channels, the seller's channel) wins.
    transcription = runtime.pipeline.transcription
    options = TranscribeOptions.from_settings(runtime.settings.transcription, **upload_options)
    transcription = replace(transcription, options=options)
    reporter = JobReporter(runtime.sessions, c.job_id, "transcribing")
    with runtime.storage.local_path(storage_key) as path:
        transcript = hear(path, context, transcription, reporter)
    with transaction(runtime.sessions) as session:
        _advance(session, c, "extracting", "extracting", 0.85)
        session.get_one(Call, c.call_id).transcript = transcript.model_dump(mode="json")


def _extract(runtime: Runtime, c: Claimed) -> None:
    with runtime.sessions() as session:
        call, deal = _call_and_deal(session, c)
        if call.extraction is not None:
            return
        current = working_plan(plan_row(session, deal.id))
        context = call_context(deal, call, current)
        transcript = Transcript.model_validate(call.transcript)
    with transaction(runtime.sessions) as session:
        _advance(session, c, "extracting", "extracting", 0.85)
    extraction = extract(transcript, runtime.pipeline.extractor(), context)
    with transaction(runtime.sessions) as session:
        _advance(session, c, "extracting", "extracted", 0.95)
        session.get_one(Call, c.call_id).extraction = extraction.model_dump(mode="json")


def _propose(runtime: Runtime, c: Claimed) -> tuple[int, Owed]:
    """Suggestions against the working plan, written with the job's `done` and the notification
    it owes in one transaction; returns how many were added, and the notification."""
    with transaction(runtime.sessions) as session:
        # The job's row lock makes a second worker on the same job (a redelivered message)
        # wait here, then find the job done.
        job = _advance(session, c, "proposing", "comparing with the deal's plan", 0.95)
        call, deal = _call_and_deal(session, c)
        row = plan_row(session, deal.id, lock=True)
        already = session.scalar(select(SuggestionRow.id).where(SuggestionRow.call_id == call.id))
        added = 0 if already is not None else _add_suggestions(session, deal, call, row, runtime)
        _set(job, "done", "suggestions ready for review", 1.0)
        job.finished_at = utcnow()
        return added, owe(session, runtime.settings.notifications, "job.done", job.id, job.org_id)


def _add_suggestions(
    session: Session, deal: Deal, call: Call, row: PlanRow | None, runtime: Runtime
) -> int:
    working = working_plan(row)
    base = with_pending(working, pending(session, deal.id))
    transcript = Transcript.model_validate(call.transcript)
    extraction = Extraction.model_validate(call.extraction)
    context = call_context(deal, call, base)
    options = plan_options(deal, runtime.pipeline.catalogue)
    planning = Planning(catalogue=options.catalogue, size=options.size)
    drafted = next_plan(base, call.filename, transcript, extraction, context, planning)
    for ordinal, suggestion in enumerate(drafted.suggestions, start=1):
        body = suggestion.model_dump(mode="json")
        session.add(
            SuggestionRow(
                org_id=call.org_id,
                deal_id=deal.id,
                call_id=call.id,
                ordinal=ordinal,
                kind=suggestion.kind.value,
                body=body,
                original=body,
            )
        )
    _record_call(session, deal, row, working, drafted.calls[-1], options)
    return len(drafted.suggestions)


def _record_call(
    session: Session,
    deal: Deal,
    row: PlanRow | None,
    working: Plan | None,
    ref: CallRef,
    options: PlanOptions,
) -> None:
    """The working plan learns of the call (its number and date) and its findings are worked out
    again (a new deal's plan says what it lacks); its steps wait for review."""
    if working is None or row is None:
        plan = Plan(deal=str(deal.id), version=1, as_of=ref.date, calls=(ref,))
    else:
        plan = working.model_copy(
            update={"calls": (*working.calls, ref), "as_of": max(working.as_of, ref.date)}
        )
    stored = rederive(plan, options).model_dump(mode="json")
    if row is None:
        session.add(PlanRow(deal_id=deal.id, org_id=deal.org_id, plan=stored))
        return
    row.plan = stored
    row.revision += 1
    row.updated_at = utcnow()


def _fail(runtime: Runtime, job_id: int, message: str) -> None:
    with transaction(runtime.sessions) as session:
        job = session.scalars(select(Job).where(Job.id == job_id).with_for_update()).one()
        if job.state == "done":  # finished by another worker: its result stands
            return
        mark_failed(job, message)
        owed = owe(session, runtime.settings.notifications, "job.failed", job.id, job.org_id)
    log.warning("job %s failed: %s", job_id, message)
    deliver(runtime, owed)


def _advance(session: Session, c: Claimed, state: str, stage: str, progress: float) -> Job:
    """The job locked and moved to its next stage, unless another worker has finished it."""
    job = session.scalars(select(Job).where(Job.id == c.job_id).with_for_update()).one()
    if job.state == "done":
        raise _AlreadyDoneError
    _set(job, state, stage, progress)
    return job


def _set(job: Job, state: str, stage: str, progress: float | None = None) -> None:
    job.state = state
    job.stage = stage
    if progress is not None:
        job.progress = progress
    job.updated_at = utcnow()


def _call_and_deal(session: Session, c: Claimed) -> tuple[Call, Deal]:
    return session.get_one(Call, c.call_id), session.get_one(Deal, c.deal_id)
