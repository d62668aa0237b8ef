"""Attribute speakers: tie each speaker label to a participant and a side, saying how.

Evidence used, strongest first:

1. the label already is a participant's name (recorder transcripts);
2. a self-introduction early in the call ("this is David Chen from Northwind", "I'm Maria"),
   matched to a participant, or, when nobody matches, a name said with a known company
   ("I'm Sam from Greenfield Foods") which gives the side;
3. the side the upload gave (the seller's channel) when one participant is on that side;
4. in a two-party call, the name the other party calls them by ("Hi Sarah", "Thanks, Daniel"),
   when it is always the same participant;
5. elimination (two channel parties, one identified, one participant left).

Evidence that contradicts the upload (a buyer introducing themself on the seller's channel) is
not used, and a note says so. Anything else stays unresolved and is noted: a wrong name on a
commitment is worse than no name.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from pipeline.models import Attribution, Participant, Side, Speaker, Transcript

# Introductions happen in the first minutes; later "I'm X" is rarely a name.
_INTRO_WINDOW_S = 240.0
_INTRO = re.compile(
    r"\b(?P<phrase>(?i:this is|i am|i'm|my name is|it's))\s+"
    r"(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
)
# A name said to someone: "Hi Sarah", "Thanks, Daniel.", "Sarah, can you ...".
_ADDRESS = re.compile(
    r"(?:\b(?i:hi|hey|hello|thanks|thank you|morning|good morning|welcome),?\s+|^)"
    r"(?P<name>[A-Z][a-z]+)(?=\s*[,.!?])"
)
# How far after an introduced name the company may be named ("..., the AE for Northwind").
_COMPANY_REACH = 80
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


def attribute_speakers(
    transcript: Transcript,
    participants: Sequence[Participant],
    *,
    seller_company: str | None = None,
    buyer_company: str | None = None,
) -> Transcript:
    """Return the transcript with speakers named and sided where the evidence allows.

    Args:
        transcript: a transcript whose speakers may be bare labels ("S1") or names, possibly
            with a side the upload gave (the seller's channel).
        participants: the people known to be on the call.
        seller_company: the seller's company, to side a speaker who names it introducing
            themself; `buyer_company` likewise.

    Returns:
        The transcript with named and sided speakers, and notes on what stayed unresolved.
    """
    companies = {Side.SELLER: seller_company, Side.BUYER: buyer_company}
    labels = list(dict.fromkeys(s.speaker for s in transcript.segments))
    notes: list[str] = []
    resolved: dict[str, Speaker] = {}
    for label in labels:
        speaker = transcript.speaker(label)
        found = _from_label(speaker, participants) or _from_introduction(
            transcript, speaker, participants, companies, notes
        )
        resolved[label] = found or speaker
    resolved = _by_given_side(resolved, participants)
    resolved = _by_address(transcript, resolved, participants)
    resolved = _by_elimination(resolved, participants, transcript.channels)
    notes += _unresolved(resolved, participants)
    return transcript.model_copy(
        update={
            "speakers": tuple(resolved[label] for label in labels),
            "notes": transcript.notes + tuple(notes),
        }
    )


def _from_label(speaker: Speaker, participants: Sequence[Participant]) -> Speaker | None:
    if speaker.name is None:
        return None
    participant = match_participant(speaker.name, participants)
    if participant is None:
        return None
    return speaker.model_copy(update={"name": participant.name, "side": participant.side})


def _from_introduction(
    transcript: Transcript,
    speaker: Speaker,
    participants: Sequence[Participant],
    companies: dict[Side, str | None],
    notes: list[str],
) -> Speaker | None:
    for segment in transcript.segments:
        if segment.start > _INTRO_WINDOW_S:
            break
        if segment.speaker != speaker.label:
            continue
        for match in _INTRO.finditer(segment.text):
            said = segment.text[match.end() : match.end() + _COMPANY_REACH]
            side = _company_side(said, companies)
            participant = match_participant(match["name"], participants)
            if participant is not None:
                name, side = participant.name, participant.side
            elif side is not None or match["phrase"].lower() == "my name is":
                name, side = match["name"], side or Side.UNKNOWN
            else:
                continue
            if _contradicts(speaker, side):
                notes.append(
                    f"{speaker.label} introduced themself as {name} ({side}), but the upload "
                    f"put the {speaker.side} on that channel; the name was not used"
                )
                continue
            side = side if side is not Side.UNKNOWN else speaker.side
            update = {"name": name, "side": side, "how": Attribution.INTRODUCTION}
            return speaker.model_copy(update=update)
    return None


def _company_side(text: str, companies: dict[Side, str | None]) -> Side | None:
    """The side whose company the words name (its first word is enough: "Northwind")."""
    words = text.lower()
    named = [
        side
        for side, company in companies.items()
        if company and re.search(rf"\b{re.escape(company.lower().split()[0])}\b", words)
    ]
    return named[0] if len(named) == 1 else None


def _contradicts(speaker: Speaker, side: Side) -> bool:
    return (
        speaker.how is Attribution.GIVEN
        and speaker.side is not Side.UNKNOWN
        and side is not Side.UNKNOWN
        and side is not speaker.side
    )


def _by_given_side(
    resolved: dict[str, Speaker], participants: Sequence[Participant]
) -> dict[str, Speaker]:
    """A speaker whose side the upload gave is the one participant on that side, if only one."""
    taken = {s.name for s in resolved.values() if s.name}
    updated = dict(resolved)
    for label, speaker in resolved.items():
        if speaker.name is not None or speaker.how is not Attribution.GIVEN:
            continue
        same_side = [p for p in participants if p.side is speaker.side and p.name not in taken]
        if speaker.side is not Side.UNKNOWN and len(same_side) == 1:
            updated[label] = speaker.model_copy(update={"name": same_side[0].name})
            taken.add(same_side[0].name)
    return updated


def _by_address(
    transcript: Transcript, resolved: dict[str, Speaker], participants: Sequence[Participant]
) -> dict[str, Speaker]:
    """In a two-party call, who the other party greets or thanks by name is the one spoken to."""
    if len(resolved) != 2:
        return resolved
    updated = dict(resolved)
    for label, other in itertools.permutations(resolved, 2):
        speaker = updated[label]
        if speaker.name is not None:
            continue
        taken = {s.name for s in updated.values() if s.name}
        called = {
            participant.name
            for segment in transcript.segments
            if segment.speaker == other and segment.start <= _INTRO_WINDOW_S
            for match in _ADDRESS.finditer(segment.text)
            if (participant := match_participant(match["name"], participants)) is not None
            and participant.name not in taken
        }
        if len(called) == 1:
            participant = next(p for p in participants if p.name in called)
            if not _contradicts(speaker, participant.side):
                update = {
                    "name": participant.name,
                    "side": participant.side,
                    "how": Attribution.ADDRESS,
                }
                updated[label] = speaker.model_copy(update=update)
    return updated


def _by_elimination(
    resolved: dict[str, Speaker], participants: Sequence[Participant], channels: int
) -> dict[str, Speaker]:
    unnamed = [label for label, s in resolved.items() if s.name is None]
    taken = {s.name for s in resolved.values() if s.name}
    free = [p for p in participants if p.name not in taken]
    if channels < 2 or len(unnamed) != 1 or len(free) != 1 or len(resolved) != len(participants):
        return resolved
    label, participant = unnamed[0], free[0]
    speaker = resolved[label]
    if _contradicts(speaker, participant.side):
        return resolved
    return resolved | {
        label: speaker.model_copy(
            update={
                "name": participant.name,
                "side": participant.side,
                "how": Attribution.ELIMINATION,
            }
        )
    }


def _unresolved(resolved: dict[str, Speaker], participants: Sequence[Participant]) -> list[str]:
    unnamed = [label for label, s in resolved.items() if s.name is None]
    if not unnamed or not participants:
        return []
    return [
        f"not matched to a participant: {', '.join(unnamed)} (no introduction or other "
        "evidence tied them to a name; they keep their labels)"
    ]
