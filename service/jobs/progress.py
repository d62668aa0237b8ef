"""A job's progress, written to its row as the pipeline reports it (at most twice a second)."""

from __future__ import annotations

import time

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from service.db.models import Job, utcnow

# The share of the whole job each stage takes, for one progress fraction from 0 to 1.
SPANS = {"transcribing": (0.02, 0.85), "extracting": (0.85, 0.95), "proposing": (0.95, 1.0)}


class JobReporter:
    def __init__(self, sessions: sessionmaker[Session], job_id: int, state: str) -> None:
        self._sessions = sessions
        self._job_id = job_id
        self._state = state
        self._span = SPANS[state]
        self._last = 0.0

    def stage(self, name: str) -> None:
        self._write(stage=name)

    def progress(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self._last < 0.5 and fraction < 1.0:
            return
        self._last = now
        low, high = self._span
        self._write(progress=round(low + (high - low) * max(0.0, min(1.0, fraction)), 4))

    def _write(self, **values: object) -> None:
        # Only while the job is in this stage: a second run of it (a message delivered twice)
        # must not move a finished job's progress back.
        with self._sessions() as session:
            session.execute(
                update(Job)
                .where(Job.id == self._job_id, Job.state == self._state)
                .values(updated_at=utcnow(), **values)
            )
            session.commit()
