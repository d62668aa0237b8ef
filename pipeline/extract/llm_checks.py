"""Code verifies what the model proposed, before grounding and date resolution (shared stages).

- People: owners, stakeholders and `stated_by` names are matched to the known people (the
  participants, the named speakers, then the stakeholders named in the same answer), so "Tom"
  becomes "Tom Baker" and a side the model got wrong is corrected from what is known.
- Sides: an outcome is the buyer's words. One whose evidence was all spoken on the seller side
  is dropped and recorded in `problems` (a seller's summary is not the buyer's goal).
- Injection: an utterance that addresses an AI model ("ignore your instructions and ...") is
  speech, not an instruction. An item whose only evidence is such an utterance is dropped and
  recorded, whatever the model made of it.

Every change is said in `Extraction.problems`, so a rep (or an evaluation) can see it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.base import CallContext
from pipeline.extract.llm_merge import same_name
from pipeline.ground import ITEM_KINDS, locate
from pipeline.models import (
    Commitment,
    Evidence,
    Extraction,
    KeyDate,
    Outcome,
    Participant,
    Risk,
    Side,
    Stakeholder,
    Transcript,
)
from pipeline.speakers import match_participant

Item = Outcome | Stakeholder | Commitment | KeyDate | Risk

# Words aimed at a language model, not at the people on the call. Narrow on purpose: "please
# mark the questionnaire as done" is a fair request to a seller; "ignore your instructions" is not.
_ADDRESSES_A_MODEL = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?"
    r"(?:your|the|these|those|previous|prior|above|earlier|system)\s+"
    r"(?:previous\s+|prior\s+|above\s+|earlier\s+)?(?:instructions?|prompts?|rules|guidelines)\b"
    r"|\bsystem\s+prompt\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|llm|chatbot)\b"
    r"|\bas\s+an\s+ai\b",
    re.IGNORECASE,
)


def addresses_a_model(text: str) -> bool:
    return _ADDRESSES_A_MODEL.search(text) is not None


def verify(extraction: Extraction, transcript: Transcript, context: CallContext) -> Extraction:
    """The extraction with people matched and unacceptable items dropped, each change recorded.

    Args:
        extraction: the model's merged answer (evidence as cited, not yet grounded).
        transcript: the call; evidence is located in it to learn who said what.
        context: the participants.
    """
    problems: list[str] = []
    extraction = match_people(extraction, transcript, context, problems)
    extraction = _drop_seller_outcomes(extraction, transcript, problems)
    extraction = _drop_injected(extraction, transcript, problems)
    return extraction.model_copy(update={"problems": (*extraction.problems, *problems)})


def known_people(
    extraction: Extraction, transcript: Transcript, context: CallContext
) -> list[Participant]:
    """Participants first, then named speakers, then stakeholders named in the answer."""
    people = list(context.participants)
    named = [Participant(name=s.name, side=s.side) for s in transcript.speakers if s.name]
    named += [
        Participant(name=s.name, side=s.side, title=s.title, company=s.company)
        for s in extraction.stakeholders
        if s.name
    ]
    for person in named:
        # A misspelt or partial name of someone known is that person, not someone new.
        known = match_participant(person.name, people) is not None
        if not known and not any(same_name(person.name, p.name) for p in people):
            people.append(person)
    return people


def match_people(
    extraction: Extraction, transcript: Transcript, context: CallContext, problems: list[str]
) -> Extraction:
    """Names as the known people spell them; sides from who they are, where that is known."""
    people = known_people(extraction, transcript, context)
    stakeholders = []
    for stakeholder in extraction.stakeholders:
        person = match_participant(stakeholder.name, people) if stakeholder.name else None
        stakeholders.append(
            stakeholder
            if person is None
            else stakeholder.model_copy(
                update={
                    "name": person.name,
                    "side": _side(stakeholder.side, person, "stakeholder", problems),
                }
            )
        )
    commitments = []
    for commitment in extraction.commitments:
        person = match_participant(commitment.owner, people) if commitment.owner else None
        if person is not None:
            side = _side(commitment.owner_side, person, f"owner of {commitment.action!r}", problems)
            commitment = commitment.model_copy(update={"owner": person.name, "owner_side": side})
        commitments.append(commitment)
    outcomes = []
    for outcome in extraction.outcomes:
        person = match_participant(outcome.stated_by, people) if outcome.stated_by else None
        outcomes.append(
            outcome if person is None else outcome.model_copy(update={"stated_by": person.name})
        )
    return extraction.model_copy(
        update={
            "stakeholders": tuple(stakeholders),
            "commitments": tuple(commitments),
            "outcomes": tuple(outcomes),
        }
    )


def _side(said: Side, person: Participant, what: str, problems: list[str]) -> Side:
    if person.side == Side.UNKNOWN or said == person.side:
        return said
    if said != Side.UNKNOWN:
        problems.append(
            f"{what}: {person.name} is on the {person.side.value} side, not the "
            f"{said.value} side; corrected"
        )
    return person.side


def _drop_seller_outcomes(
    extraction: Extraction, transcript: Transcript, problems: list[str]
) -> Extraction:
    sides_known = {p.name: p.side for p in extraction.participants}
    sides_known |= {s.name: s.side for s in transcript.speakers if s.name}
    kept = []
    for outcome in extraction.outcomes:
        # Unlocated evidence is left to grounding, which drops and counts it.
        located = _located(outcome.evidence, transcript)
        sides = {_speaker_side(e, transcript) for e in located}
        if sides == {Side.UNKNOWN} and outcome.stated_by:
            sides = {sides_known.get(outcome.stated_by, Side.UNKNOWN)}
        if sides == {Side.SELLER}:
            who = ", ".join(f"{e.speaker} in segment {e.segment_ids[0]}" for e in located)
            problems.append(
                f"outcomes: dropped {_describe(outcome)!r}: said on the seller side ({who}); "
                "an outcome must be the buyer's own words"
            )
            continue
        kept.append(outcome)
    return extraction.model_copy(update={"outcomes": tuple(kept)})


def _drop_injected(
    extraction: Extraction, transcript: Transcript, problems: list[str]
) -> Extraction:
    flagged = {s.id for s in transcript.segments if addresses_a_model(s.text)}
    if not flagged:
        return extraction
    problems.append(
        f"segments {sorted(flagged)} address an AI model (e.g. 'ignore your instructions'); "
        "they were read as speech, and items resting only on them were dropped"
    )
    update: dict[str, tuple[Item, ...]] = {}
    for kind in ITEM_KINDS:
        kept = []
        for item in getattr(extraction, kind):
            located = _located(item.evidence, transcript)
            if located and all(set(e.segment_ids) <= flagged for e in located):
                problems.append(
                    f"{kind}: dropped {_describe(item)!r}: its only evidence addresses an AI model"
                )
                continue
            kept.append(item)
        update[kind] = tuple(kept)
    return extraction.model_copy(update=update)


def _located(evidence: Sequence[Evidence], transcript: Transcript) -> list[Evidence]:
    found = (locate(e, transcript) for e in evidence)
    return [e for e in found if e is not None]


def _speaker_side(evidence: Evidence, transcript: Transcript) -> Side:
    segment = transcript.segment(evidence.segment_ids[0])
    return transcript.speaker(segment.speaker).side


def _describe(item: Item) -> str:
    for field in ("action", "statement", "description", "name", "role"):
        if value := getattr(item, field, None):
            return str(value)[:80]
    return type(item).__name__
