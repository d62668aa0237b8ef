"""What the resolver returns: a date phrase, its due date and how precise the words were."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, model_validator


class Precision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


COARSENESS = list(Precision)  # finest first


class ResolvedDate(BaseModel):
    """One date phrase and its due date (``date is None``: it does not fix a date)."""

    model_config = ConfigDict(frozen=True)

    date: dt.date | None
    precision: Precision | None
    text: str
    start: int
    end: int

    @model_validator(mode="after")
    def _date_and_precision_together(self) -> ResolvedDate:
        if (self.date is None) != (self.precision is None):
            raise ValueError("date and precision must both be set or both be None")
        return self

    @property
    def resolved(self) -> bool:
        return self.date is not None
