"""Ground: check every quoted piece of evidence against the transcript.

The LLM proposes, code verifies. A quote counts when it is found, allowing for small differences
(punctuation, case, a misheard word), in the segments it cites or, failing that, anywhere in the
transcript; its segment ids, speaker and times are then set from where it really is. An item
with no grounded evidence is dropped and counted, never shown as fact.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from pipeline.models import (
    Commitment,
    Evidence,
    Extraction,
    Grounding,
    KeyDate,
    Outcome,
    Risk,
    Segment,
    Stakeholder,
    Transcript,
)

# partial_ratio of the normalised quote against the normalised segment text.
MATCH_THRESHOLD = 90.0
_WORD = re.compile(r"[a-z0-9']+")

Item = Outcome | Stakeholder | Commitment | KeyDate | Risk
ITEM_KINDS = ("outcomes", "stakeholders", "commitments", "key_dates", "risks")


def normalise_text(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def ground(extraction: Extraction, transcript: Transcript) -> Extraction:
    """Keep only items whose evidence is in the transcript, with corrected locations.

    Args:
        extraction: raw extractor output.
        transcript: the call it was extracted from.

    Returns:
        The extraction with grounded evidence only and `grounding` counts filled in.
    """
    checked = 0
    dropped: list[str] = []
    kept: dict[str, tuple[Item, ...]] = {}
    for kind in ITEM_KINDS:
        items: Sequence[Item] = getattr(extraction, kind)
        survivors = []
        for item in items:
            checked += 1
            located = (locate(e, transcript) for e in item.evidence)
            evidence = tuple(e for e in located if e is not None)
            if evidence:
                survivors.append(item.model_copy(update={"evidence": evidence}))
            else:
                dropped.append(f"{kind}: {_describe(item)}")
        kept[kind] = tuple(survivors)
    grounding = Grounding(
        checked=checked + extraction.grounding.checked,
        dropped=len(dropped) + extraction.grounding.dropped,
        dropped_items=extraction.grounding.dropped_items + tuple(dropped),
    )
    return extraction.model_copy(update={**kept, "grounding": grounding})


def locate(evidence: Evidence, transcript: Transcript) -> Evidence | None:
    """The evidence as it really stands in the transcript, or None if it is not there."""
    quote = normalise_text(evidence.quote)
    if len(quote) < 3:
        return None
    cited = [transcript.segments[i] for i in evidence.segment_ids if i < len(transcript.segments)]
    for candidates in (_windows(cited), _windows(transcript.segments)):
        best = max(candidates, key=lambda c: _score(quote, c), default=None)
        if best is not None and _score(quote, best) >= MATCH_THRESHOLD:
            return _evidence_at(evidence.quote, best, transcript)
    return None


def _windows(segments: Sequence[Segment]) -> list[tuple[Segment, ...]]:
    """Single segments and adjacent pairs (a quote may run across a segment boundary)."""
    singles: list[tuple[Segment, ...]] = [(s,) for s in segments]
    pairs: list[tuple[Segment, ...]] = [
        (a, b) for a, b in itertools.pairwise(segments) if b.id == a.id + 1
    ]
    return singles + pairs


def _score(quote: str, window: tuple[Segment, ...]) -> float:
    text = normalise_text(" ".join(s.text for s in window))
    if quote in text:
        return 100.0
    if len(quote) > len(text) + 10:
        return 0.0
    return float(fuzz.partial_ratio(quote, text))


def _evidence_at(quote: str, window: tuple[Segment, ...], transcript: Transcript) -> Evidence:
    quote = _as_spoken(quote, window)
    first = window[0]
    start, end = _word_span(quote, window) or (first.start, window[-1].end)
    return Evidence(
        quote=quote,
        speaker=transcript.speaker(first.speaker).display_name,
        start=round(start, 2),
        end=round(end, 2),
        segment_ids=tuple(s.id for s in window),
    )


def _as_spoken(quote: str, window: tuple[Segment, ...]) -> str:
    """The transcript's own words for a quote that matched only approximately."""
    spoken = " ".join(s.text for s in window)
    if normalise_text(quote) in normalise_text(spoken):
        return quote
    text = normalise_text(spoken)
    alignment = fuzz.partial_ratio_alignment(normalise_text(quote), text)
    if alignment is None:
        return quote
    # Widen the match to whole words: the alignment may stop inside a misheard word.
    start = text.rfind(" ", 0, alignment.dest_start) + 1
    end = text.find(" ", max(alignment.dest_end - 1, start))
    return text[start : end if end != -1 else len(text)].strip() or quote


def _word_span(quote: str, window: tuple[Segment, ...]) -> tuple[float, float] | None:
    """Start and end of the quote from word timestamps, so a player can jump to it."""
    words = [w for s in window for w in s.words]
    wanted = normalise_text(quote).split()
    if not words or not wanted:
        return None
    spoken = [normalise_text(w.w) for w in words]
    for i in range(len(spoken) - len(wanted) + 1):
        if spoken[i] == wanted[0] and spoken[i + len(wanted) - 1] == wanted[-1]:
            return words[i].start, words[i + len(wanted) - 1].end
    return None


def _describe(item: Item) -> str:
    for field in ("action", "statement", "description", "name", "title"):
        if value := getattr(item, field, None):
            return str(value)[:80]
    return type(item).__name__
