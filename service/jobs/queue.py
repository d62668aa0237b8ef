"""Job queues: the embedded one (worker threads in the service) and Celery's (other machines)."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from celery import Celery
from kombu.exceptions import OperationalError
from kombu.utils.url import maybe_sanitize_url
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import CallplanError
from service.db.models import Job
from service.db.session import read_only
from service.jobs.schemas import RUNNING

if TYPE_CHECKING:  # the runner needs this module's neighbours at import time
    from service.jobs.runner import Busy

log = logging.getLogger("callplan.jobs")

_STOP = -1


class EmbeddedQueue:
    """Worker threads inside the service process: one machine needs nothing else. Its threads
    share one worker name, so a job is busy elsewhere only if another worker process has it
    (a Celery worker left running when the service was switched to this queue): it is then
    queued again once that worker may have gone quiet."""

    def __init__(self, run: Callable[[int], Busy | None], workers: int = 1) -> None:
        self._run = run
        self._jobs: queue.Queue[int] = queue.Queue()
        self._threads = [
            threading.Thread(target=self._work, name=f"callplan-worker-{i}", daemon=True)
            for i in range(workers)
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        for _ in self._threads:
            self._jobs.put(_STOP)
        for thread in self._threads:
            thread.join(timeout_s)

    def enqueue(self, job_id: int) -> None:
        self._jobs.put(job_id)

    def idle(self) -> bool:
        return self._jobs.unfinished_tasks == 0

    def _work(self) -> None:
        while (job_id := self._jobs.get()) != _STOP:
            try:
                if (busy := self._run(job_id)) is not None:
                    later = threading.Timer(busy.retry_in_s, self.enqueue, args=(job_id,))
                    later.daemon = True
                    later.start()
            except Exception:  # run_job records failures itself; this is the last resort
                log.exception("job %s crashed its worker thread", job_id)
            finally:
                self._jobs.task_done()
        self._jobs.task_done()


class QueueUnavailableError(CallplanError):
    """The broker did not take the job (Redis down or unreachable)."""


class CeleryQueue:
    """Sends jobs to Celery workers (`callplan worker`) through the broker."""

    def __init__(self, app: Celery, task: str) -> None:
        self._app = app
        self._task = task

    def enqueue(self, job_id: int) -> None:
        try:
            self._app.send_task(self._task, args=[job_id])
        except OperationalError as error:
            broker = maybe_sanitize_url(self._app.conf.broker_url)
            raise QueueUnavailableError(
                f"the job queue at {broker} cannot be reached ({error}); the call is stored: "
                "retry its job once the queue is back"
            ) from error

    def stop(self) -> None:
        """Close the broker connections (Celery's `close()` alone leaves them open)."""
        self._app.pool.force_close_all()
        self._app.close()


def unfinished_jobs(sessions: sessionmaker[Session]) -> list[int]:
    """Jobs a stopped service left queued or running: they are resumed at start-up."""
    with read_only(sessions) as session:
        return list(
            session.scalars(
                select(Job.id).where(Job.state.in_(("queued", *RUNNING))).order_by(Job.id)
            )
        )
