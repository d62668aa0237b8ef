"""Sentences with their speaker, side and place in the transcript: the unit the rules read."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline.dates import ResolvedDate, find_dates
from pipeline.models import Evidence, Segment, Side, Transcript

# A sentence ends at . ? or ! followed by a space and a capital, digit or quote.
_BOUNDARY = re.compile(r"(?<=[.?!])\s+(?=[\"'A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    """One sentence of one segment, with the dates it mentions."""

    index: int  # position among all sentences of the call
    segment: Segment
    text: str
    speaker: str  # display name, or the label when unknown
    side: Side
    dates: tuple[ResolvedDate, ...] = field(default=())

    @property
    def lower(self) -> str:
        return self.text.lower()

    def evidence(self) -> Evidence:
        return Evidence(
            quote=self.text,
            speaker=self.speaker,
            start=self.segment.start,
            end=self.segment.end,
            segment_ids=(self.segment.id,),
        )

    def future_dates(self, call_date: dt.date) -> list[ResolvedDate]:
        """Resolved dates on or after the call date, and unresolved deadline phrases."""
        return [d for d in self.dates if d.date is None or d.date >= call_date]


def split_sentences(
    transcript: Transcript, call_date: dt.date, fiscal_year_start_month: int = 1
) -> list[Sentence]:
    """Every sentence of the call in order, dates found with the shared resolver."""
    sentences: list[Sentence] = []
    for segment in transcript.segments:
        speaker = transcript.speaker(segment.speaker)
        for text in _BOUNDARY.split(segment.text.strip()):
            if not text.strip():
                continue
            dates = find_dates(text, call_date, fiscal_year_start_month=fiscal_year_start_month)
            sentences.append(
                Sentence(
                    index=len(sentences),
                    segment=segment,
                    text=text.strip(),
                    speaker=speaker.display_name,
                    side=speaker.side,
                    dates=tuple(dates),
                )
            )
    return sentences
