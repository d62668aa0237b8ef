"""Sentences with their speaker, side and place in the transcript: the unit the rules read."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from pipeline.dates import ResolvedDate, find_dates
from pipeline.dates.context import in_month, names_a_month
from pipeline.models import Evidence, Segment, Side, Transcript

# A sentence ends at . ? or ! followed by a space and a capital (any script's: "Étienne"),
# digit or quote (not after a title: "Mr. Langat").
_BOUNDARY = re.compile(
    r"(?<=[.?!])(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bMrs\.)\s+(?=[\"'0-9]|[^\W\d_a-zß-ÿ])"
)
# ... and in a segment with no capitals at all (speech-to-text that writes none), before any
# word: "make it the 27th. ill have the poc environment up on the 27th".
_LOWERCASE_BOUNDARY = re.compile(
    r"(?<=[.?!])(?<!\bmr\.)(?<!\bms\.)(?<!\bdr\.)(?<!\bmrs\.)(?<!\be\.g\.)(?<!\bi\.e\.)"
    r"(?<!\betc\.)(?<!\bvs\.)\s+(?=\w)"
)

# A question said in talk written without question marks (speech to text that writes no capitals
# and no "?"): it opens like one, after a name at most ("tina could you send us a sample").
_OPENS_QUESTION = re.compile(
    r"(?:[a-z]+,?\s+)?(?:could|can|would|will|do|does|did|is|are)\s+(?:you|u|we|i|they)\b"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of one segment, with the dates it mentions."""

    index: int  # position among all sentences of the call
    segment: Segment
    text: str
    speaker: str  # display name, or the label when unknown
    side: Side
    dates: tuple[ResolvedDate, ...] = field(default=())
    unmarked: bool = False  # its segment has no capitals and no question marks

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def asks(self) -> bool:
        """A question: it ends with "?", or, unmarked, opens like one."""
        text = self.text.rstrip()
        return text.endswith("?") or (self.unmarked and bool(_OPENS_QUESTION.match(text)))

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


# How many sentences back a month just named still sets the month of a bare day.
_MONTH_REACH = 4


def split_sentences(
    transcript: Transcript, call_date: dt.date, fiscal_year_start_month: int = 1
) -> list[Sentence]:
    """Every sentence of the call in order, dates found with the shared resolver."""
    sentences: list[Sentence] = []
    for segment in transcript.segments:
        speaker = transcript.speaker(segment.speaker)
        said = segment.text.strip()
        lowercase = said == said.lower()
        boundary = _LOWERCASE_BOUNDARY if lowercase else _BOUNDARY
        for text in boundary.split(said):
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
                    unmarked=lowercase and "?" not in said,
                )
            )
    return _in_the_month_just_named(sentences, call_date)


def _in_the_month_just_named(sentences: list[Sentence], call_date: dt.date) -> list[Sentence]:
    """ "How about the 12th of January?" ... "The 19th works.": a bare day said just after a
    month was named is in that month (`pipeline.dates.context`)."""
    # The last date whose month was said, and the sentence that said it.
    month: dt.date | None = None
    named_at = -_MONTH_REACH - 1
    out = []
    for sentence in sentences:
        recent = month if sentence.index - named_at <= _MONTH_REACH else None
        dates = tuple(in_month(d, recent, call_date) for d in sentence.dates)
        for d in dates:
            if d.date and names_a_month(d):
                named_at, month = sentence.index, d.date
        out.append(replace(sentence, dates=dates))
    return out
