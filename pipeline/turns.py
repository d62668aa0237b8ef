"""Turns: consecutive pieces of speech by one speaker joined into one utterance.

Speech models cut a turn wherever they like (mid-sentence), and recorders split a sentence over
several cues; the rules read sentences, and evidence reads best as whole turns.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.models import Segment

DEFAULT_MAX_GAP_S = 1.0
DEFAULT_MAX_TURN_S = 45.0


def merge_turns(
    segments: Iterable[Segment],
    *,
    max_gap_s: float = DEFAULT_MAX_GAP_S,
    max_turn_s: float = DEFAULT_MAX_TURN_S,
) -> tuple[Segment, ...]:
    """Join a speaker's adjacent segments closer than `max_gap_s`, renumbering ids from 0.

    Args:
        segments: segments in time order.
        max_gap_s: a longer silence starts a new turn.
        max_turn_s: a turn is not grown beyond this, so evidence stays short.
    """
    turns: list[Segment] = []
    for segment in segments:
        last = turns[-1] if turns else None
        if (
            last is not None
            and last.speaker == segment.speaker
            and segment.start - last.end < max_gap_s
            and segment.end - last.start <= max_turn_s
        ):
            turns[-1] = last.model_copy(
                update={
                    "end": max(last.end, segment.end),
                    "text": f"{last.text} {segment.text}",
                    "words": last.words + segment.words,
                }
            )
        else:
            turns.append(segment.model_copy(update={"id": len(turns)}))
    return tuple(turns)
