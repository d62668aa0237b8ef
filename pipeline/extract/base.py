"""The extractor interface and what every extractor is told about the call."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from pipeline.models import Extraction, ExtractorInfo, Frozen, Participant, Plan, Transcript


class CallContext(Frozen):
    """What is known about the call besides its words."""

    call_date: dt.date
    timezone: str = "UTC"
    buyer_company: str | None = None
    seller_company: str | None = None
    participants: tuple[Participant, ...] = ()
    fiscal_year_start_month: int = Field(default=1, ge=1, le=12)
    deal: str | None = None
    current_plan: Plan | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name)") from error
        return value


class Extractor(Protocol):
    """Reads a speaker-attributed transcript and proposes items, each with evidence.

    Extractors return raw candidates: quotes are checked and dates resolved afterwards, by code
    shared between extractors (`pipeline.ground`, `pipeline.normalise`).
    """

    @property
    def info(self) -> ExtractorInfo: ...

    def extract(self, transcript: Transcript, context: CallContext) -> Extraction: ...
