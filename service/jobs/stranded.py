"""Jobs no worker took: sent again.

With Celery a job is a message in Redis. A broker that loses its messages (restarted without
persistence, flushed, failed over to an empty replica) would leave the job queued for ever, with
nothing to say why. The service therefore looks, every tenth of the visibility timeout (1 s to
60 s), for jobs still queued and untouched for longer than the visibility timeout (the time
after which Redis itself hands a dead worker's job on), and sends each one again; the job's
stage says so. A job sent twice is harmless: `run_job` runs a job in one worker at a time and
writes its suggestions once, so a false alarm (a job merely waiting behind long ones) costs one
message that finds the job running or done. A queue that cannot take the message is tried again
at the next look.

Only the Celery backend needs this: the embedded queue lives in the service's own process,
which resumes every queued job when it starts.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select

from service.db.models import Job, utcnow
from service.db.session import transaction
from service.jobs.queue import QueueUnavailableError
from service.periodic import Periodic
from service.runtime import Runtime

log = logging.getLogger("callplan.jobs")


def requeue_stranded(runtime: Runtime) -> list[int]:
    """Send again every job queued and untouched for longer than the visibility timeout; the
    ids sent."""
    timeout_s = runtime.settings.jobs.visibility_timeout_s
    cutoff = utcnow() - dt.timedelta(seconds=timeout_s)
    with transaction(runtime.sessions) as session:
        jobs = session.scalars(
            select(Job)
            .where(Job.state == "queued", Job.updated_at < cutoff)
            .order_by(Job.id)
            .with_for_update(skip_locked=True)
        ).all()
        for job in jobs:  # touched now: sent again at most once per timeout
            job.stage = f"waiting for a worker (sent again: none took it in {timeout_s:g} s)"
            job.updated_at = utcnow()
        ids = [job.id for job in jobs]
    sent = []
    for job_id in ids:
        if runtime.queue is None:
            break
        try:
            runtime.queue.enqueue(job_id)
        except QueueUnavailableError as error:
            log.warning("job %s: still queued, the queue cannot take it again: %s", job_id, error)
            continue
        log.warning("job %s: queued over %g s with no worker on it: sent again", job_id, timeout_s)
        sent.append(job_id)
    return sent


def requeuer(runtime: Runtime) -> Periodic:
    """A thread beside the API (Celery backend): `requeue_stranded` every tenth of the
    visibility timeout (1 s to 60 s), the first time after one such wait."""
    every_s = runtime.settings.jobs.sweep_s
    return Periodic(
        "callplan-requeue", every_s, lambda _: requeue_stranded(runtime), log=log, at_start=False
    )
