"""Celery workers for scale-out: the same `run_job` as the embedded worker, over Redis.

Late acknowledgement: a message is acknowledged only when its job has finished, so a worker
killed mid-job leaves it unacknowledged and the broker hands it to another worker. One job at a
time per worker process (prefetch 1): a transcription uses every core.

How Redis hands a dead worker's job on (kombu's Redis transport, read in kombu 5.x): a message
delivered to a worker is copied into the hash `unacked` and its delivery time into the sorted
set `unacked_index`; the ack removes both. Every worker sweeps that set, once when it starts
and then every `unacked_restore_interval` seconds (scanning on every `unacked_restore_throttle`-th
sweep), and pushes back onto its queue each message delivered more than `visibility_timeout`
seconds ago. So a killed worker's job runs again `CALLPLAN_JOBS_VISIBILITY_TIMEOUT_S` (plus at
most one sweep) after it was first delivered, on whichever worker is free. A job still running
past the timeout is also handed to a second worker: the running worker keeps the job's
`updated_at` fresh (a heartbeat every tenth of the timeout), so the second finds it alive and
sends the job to itself again for later (a Celery retry) instead of running it too; if the
first has died by then, the later look finds it quiet and resumes the job.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from typing import Any

from celery import Celery
from kombu.utils.url import maybe_sanitize_url
from sqlalchemy.engine import make_url

from service.jobs.runner import run_job
from service.runtime import Runtime
from service.settings import JobSettings, ServiceSettings

TASK = "callplan.run_job"
QUEUE = "callplan"

log = logging.getLogger("callplan.jobs")


def make_celery(settings: ServiceSettings, runtime: Callable[[], Runtime] | None = None) -> Celery:
    """The Celery app; `runtime` builds the worker's runtime on first use (workers only)."""
    app = Celery("callplan", broker=settings.jobs.broker_url, set_as_current=runtime is not None)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=QUEUE,
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport_options(settings.jobs),
        worker_hijack_root_logger=False,
        task_ignore_result=True,
    )
    built: list[Runtime] = []

    @app.task(name=TASK, bind=True, max_retries=None)  # type: ignore[untyped-decorator]
    def run(task: Any, job_id: int) -> None:
        if runtime is None:
            raise RuntimeError("this Celery app only sends jobs; start `callplan worker`")
        if not built:
            built.append(runtime())
        busy = run_job(built[0], job_id, worker=worker_name())
        if busy is not None:  # another worker has it: look again (it may die meanwhile)
            raise task.retry(countdown=busy.retry_in_s)

    return app


def transport_options(jobs: JobSettings) -> dict[str, Any]:
    """Redis options: when a dead worker's job is handed on, and the keys' prefix."""
    timeout = jobs.visibility_timeout_s
    options: dict[str, Any] = {
        "visibility_timeout": timeout,
        # kombu's defaults sweep every 10 s but scan every 10th time: up to 100 s late, which
        # matters only for short timeouts. A scan every tenth of the timeout (1 s to 60 s) is
        # one cheap Redis query per worker.
        "unacked_restore_interval": round(jobs.sweep_s),
        "unacked_restore_throttle": 1,
    }
    if jobs.key_prefix:
        options["global_keyprefix"] = jobs.key_prefix
    return options


def worker_name() -> str:
    """Which process ran a job (kept on the job's row): host and process id."""
    return f"celery@{socket.gethostname()} pid {os.getpid()}"


def describe(settings: ServiceSettings) -> str:
    """The worker's first log line: where its jobs come from and where results go."""
    jobs = settings.jobs
    prefix = f", key prefix {jobs.key_prefix!r}" if jobs.key_prefix else ""
    database = make_url(settings.resolved_database_url).render_as_string(hide_password=True)
    return (
        f"callplan worker: jobs from queue {QUEUE!r} on {maybe_sanitize_url(jobs.broker_url)}"
        f"{prefix}; database {database}; files in {settings.resolved_storage_dir}; "
        f"a dead worker's job is handed on after {jobs.visibility_timeout_s:g} s"
    )
