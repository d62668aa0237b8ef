"""Attribute speakers: tie each speaker label to a participant and a side, saying how.

Evidence used, strongest first: the label already is a participant's name (recorder transcripts);
a self-introduction early in the call ("this is David Chen from Northwind", "I'm Maria");
elimination (two parties, one identified, one participant left). Anything else stays unresolved:
a wrong name on a commitment is worse than no name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from pipeline.models import Attribution, Participant, Side, Speaker, Transcript

# Introductions happen in the first minutes; later "I'm X" is rarely a name.
_INTRO_WINDOW_S = 240.0
_INTRO = re.compile(
    r"\b(?i:this is|i am|i'm|my name is|it's)\s+(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
)
_NAME_MATCH = 85.0


def match_participant(name: str, participants: Sequence[Participant]) -> Participant | None:
    """The one participant this (possibly partial or misheard) name refers to, if unambiguous."""
    wanted = name.lower().split()
    if not wanted:
        return None
    hits = []
    for participant in participants:
        tokens = participant.name.lower().split()
        whole = fuzz.ratio(" ".join(wanted), " ".join(tokens))
        partial = max((fuzz.ratio(w, t) for w in wanted for t in tokens if len(w) > 2), default=0.0)
        if max(whole, partial) >= _NAME_MATCH:
            hits.append(participant)
    return hits[0] if len(hits) == 1 else None


def attribute_speakers(transcript: Transcript, participants: Sequence[Participant]) -> Transcript:
    """Return the transcript with speakers named and sided where the evidence allows.

    Args:
        transcript: a transcript whose speakers may be bare labels ("S1") or names.
        participants: the people known to be on the call.
    """
    labels = list(dict.fromkeys(s.speaker for s in transcript.segments))
    resolved: dict[str, Speaker] = {}
    for label in labels:
        speaker = transcript.speaker(label)
        found = _from_label(speaker, participants) or _from_introduction(
            transcript, speaker, participants
        )
        resolved[label] = found or speaker
    resolved = _by_elimination(resolved, participants, transcript.channels)
    return transcript.model_copy(update={"speakers": tuple(resolved[label] for label in labels)})


def _from_label(speaker: Speaker, participants: Sequence[Participant]) -> Speaker | None:
    if speaker.name is None:
        return None
    participant = match_participant(speaker.name, participants)
    if participant is None:
        return None
    return speaker.model_copy(update={"name": participant.name, "side": participant.side})


def _from_introduction(
    transcript: Transcript, speaker: Speaker, participants: Sequence[Participant]
) -> Speaker | None:
    for segment in transcript.segments:
        if segment.start > _INTRO_WINDOW_S:
            break
        if segment.speaker != speaker.label:
            continue
        for match in _INTRO.finditer(segment.text):
            participant = match_participant(match["name"], participants)
            if participant is not None:
                return speaker.model_copy(
                    update={
                        "name": participant.name,
                        "side": participant.side,
                        "how": Attribution.INTRODUCTION,
                    }
                )
    return None


def _by_elimination(
    resolved: dict[str, Speaker], participants: Sequence[Participant], channels: int
) -> dict[str, Speaker]:
    unnamed = [label for label, s in resolved.items() if s.name is None]
    taken = {s.name for s in resolved.values() if s.name}
    free = [p for p in participants if p.name not in taken]
    if channels < 2 or len(unnamed) != 1 or len(free) != 1 or len(resolved) != len(participants):
        return resolved
    label, participant = unnamed[0], free[0]
    return resolved | {
        label: resolved[label].model_copy(
            update={
                "name": participant.name,
                "side": participant.side,
                "how": Attribution.ELIMINATION,
            }
        )
    }


def side_of(name: str | None, participants: Sequence[Participant]) -> Side:
    """The side of a named person, or UNKNOWN."""
    if name is None:
        return Side.UNKNOWN
    participant = match_participant(name, participants)
    return participant.side if participant else Side.UNKNOWN
