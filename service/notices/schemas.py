from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

NotificationState = Literal["pending", "done", "failed", "skipped"]


class NotificationPublic(BaseModel):
    id: int
    event: str = Field(description="job.done, job.failed or plan.published")
    subject_id: int = Field(description="the job's id, or the plan version's")
    state: NotificationState
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
