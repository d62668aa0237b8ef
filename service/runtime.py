"""What the service runs with, built once at start-up from settings and handed in.

`Runtime` holds the database, the file storage, the job queue and the pipeline's parts (speech
model, extractor, milestone catalogue). Tests build one with the real SQLite or PostgreSQL and a
real (tiny) speech model; nothing here is looked up at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pipeline.extract import Extractor
from pipeline.plan import Catalogue
from pipeline.process import Transcription
from service.calls.storage import Storage
from service.settings import ServiceSettings


class JobQueue(Protocol):
    """Hands a job to a worker: a thread in this process, or Celery workers elsewhere."""

    def enqueue(self, job_id: int) -> None: ...


class Background(Protocol):
    """A thread the app runs beside the API (started with it, stopped with it)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


@dataclass
class Pipeline:
    """The pipeline's parts a job needs, built lazily: a speech model is loaded on first use."""

    transcription: Transcription
    extractor: Callable[[], Extractor]
    catalogue: Catalogue


@dataclass
class Runtime:
    settings: ServiceSettings
    engine: Engine
    sessions: sessionmaker[Session]
    storage: Storage
    pipeline: Pipeline
    queue: JobQueue | None = None  # set by the app or the worker once built
    # Hooks, run after the commit by service/notifications.py: at least once (by a sweep if the
    # process died first), so each must be idempotent; one that raises is run again later.
    on_job_done: list[Callable[[int], None]] = field(default_factory=list)
    on_job_failed: list[Callable[[int], None]] = field(default_factory=list)  # job id
    on_plan_published: list[Callable[[int], None]] = field(default_factory=list)  # version id
    # Threads that run beside the API (webhook delivery, the notifications sweep); the app
    # starts and stops them.
    background: list[Background] = field(default_factory=list)
