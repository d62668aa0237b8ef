from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

JobState = Literal["queued", "transcribing", "extracting", "proposing", "done", "failed"]
RUNNING: tuple[JobState, ...] = ("transcribing", "extracting", "proposing")


class JobPublic(BaseModel):
    id: int
    call_id: int
    state: JobState
    progress: float
    stage: str
    error: str | None
    attempts: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    updated_at: dt.datetime
    finished_at: dt.datetime | None
