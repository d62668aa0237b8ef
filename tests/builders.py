"""Builders for test objects: a transcript from (speaker, text) lines, a call context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from pipeline.extract import CallContext
from pipeline.models import (
    Attribution,
    Commitment,
    Participant,
    Segment,
    Side,
    Speaker,
    Transcript,
)

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "discovery-call"
SELLER = Participant(name="Daniel Brooks", side=Side.SELLER, title="Account Executive")
BUYER = Participant(name="Sarah Mitchell", side=Side.BUYER, title="VP of Finance")


def transcript(
    lines: Sequence[tuple[str, str]], participants: Sequence[Participant] = ()
) -> Transcript:
    """A transcript whose speakers are the names used, sided from `participants`."""
    sides = {p.name: p.side for p in participants}
    segments = []
    clock = 0.0
    for i, (speaker, text) in enumerate(lines):
        length = max(1.0, len(text.split()) / 2.5)
        segments.append(Segment(id=i, speaker=speaker, start=clock, end=clock + length, text=text))
        clock += length + 0.5
    speakers = tuple(
        Speaker(
            label=name, name=name, side=sides.get(name, Side.UNKNOWN), how=Attribution.TRANSCRIPT
        )
        for name in dict.fromkeys(speaker for speaker, _ in lines)
    )
    return Transcript(duration_s=clock, source="txt", speakers=speakers, segments=tuple(segments))


def context(
    call_date: dt.date = dt.date(2026, 11, 18),
    participants: Sequence[Participant] = (SELLER, BUYER),
    **kwargs: object,
) -> CallContext:
    return CallContext(
        call_date=call_date,
        timezone="America/New_York",
        buyer_company="Greenfield Foods",
        seller_company="Northwind Software",
        participants=tuple(participants),
        **kwargs,
    )


def steps(commitments: Sequence[Commitment]) -> list[tuple[str | None, str, str | None]]:
    """Each commitment as (owner, action, due date in ISO form or None), for comparing."""
    return [
        (c.owner, c.action, c.due_date.isoformat() if c.due_date else None) for c in commitments
    ]
