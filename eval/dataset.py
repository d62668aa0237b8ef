"""The labelled data set: one validated row per call, stored as JSONL under `eval/datasets/`.

A row carries everything a run needs (call details, participants, the speaker-labelled
transcript or a path to one) and the gold answer, each gold item with the verbatim quote that
supports it. Dates in gold are the calendar dates the contract's rules give for the words spoken
("Spoken dates" in the design), checked with code when the set is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from pipeline.dates import Precision
from pipeline.models import (
    CommitmentStatus,
    Frozen,
    KeyDateKind,
    Participant,
    RiskKind,
    Role,
    Side,
)

DATASETS = Path(__file__).resolve().parent / "datasets"


class CallType(StrEnum):
    DISCOVERY = "discovery"
    DEMO = "demo"
    TECHNICAL_VALIDATION = "technical_validation"
    NEGOTIATION = "negotiation"
    KICKOFF = "kickoff"
    RENEWAL = "renewal"
    OTHER = "other"


class Utterance(Frozen):
    speaker: str = Field(min_length=1)
    text: str = Field(min_length=1)
    start: float | None = None
    end: float | None = None


class GoldCommitment(Frozen):
    action: str
    owner: str | None = None
    owner_role: str | None = None
    owner_side: Side
    due_text: str | None = None
    due_date: dt.date | None = None
    due_precision: Precision | None = None
    status: CommitmentStatus = CommitmentStatus.COMMITTED
    quote: str


class GoldStakeholder(Frozen):
    name: str | None = None
    title: str | None = None
    side: Side
    role: Role | None = None
    quote: str


class GoldOutcome(Frozen):
    statement: str
    metric: str | None = None
    target_text: str | None = None
    target_date: dt.date | None = None
    quote: str


class GoldKeyDate(Frozen):
    kind: KeyDateKind
    date_text: str
    date: dt.date | None = None
    quote: str


class GoldRisk(Frozen):
    kind: RiskKind
    quote: str


class Gold(Frozen):
    commitments: tuple[GoldCommitment, ...] = ()
    stakeholders: tuple[GoldStakeholder, ...] = ()
    outcomes: tuple[GoldOutcome, ...] = ()
    key_dates: tuple[GoldKeyDate, ...] = ()
    risks: tuple[GoldRisk, ...] = ()


class CallRow(Frozen):
    """One labelled call."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    split: Literal["dev", "test"]
    call_type: CallType
    industry: str
    source: Literal["synthetic", "real"] = "synthetic"
    license: str = "proprietary"
    call_date: dt.date
    timezone: str = "UTC"
    buyer_company: str | None = None
    seller_company: str | None = None
    fiscal_year_start_month: int = Field(default=1, ge=1, le=12)
    participants: tuple[Participant, ...] = ()
    utterances: tuple[Utterance, ...] = ()
    transcript_path: str | None = None  # instead of utterances: a file, relative to the repo
    audio_path: str | None = None  # spoken version, relative to the repo
    gold: Gold

    @model_validator(mode="after")
    def _has_transcript(self) -> CallRow:
        if not self.utterances and not self.transcript_path:
            raise ValueError("a row needs utterances or a transcript_path")
        return self


def load_rows(path: Path) -> Iterator[CallRow]:
    """Rows of one JSONL file, each validated; a bad row names its line."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    yield CallRow.model_validate_json(line)
                except ValueError as error:
                    raise ValueError(f"{path.name} line {number}: {error}") from error
