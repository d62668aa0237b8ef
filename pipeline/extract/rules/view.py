"""The call as the commitment rules read it: its sentences and the people in it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules.sentences import Sentence
from pipeline.models import Side

_FULL_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][^\W\d_'’]+(?:['’][^\W\d_]+)?)(?!\w)")


@dataclass(frozen=True)
class CallView:
    """What every rule may look at besides the sentence it reads."""

    sentences: Sequence[Sentence]
    people: Mapping[str, tuple[str, Side]]  # lower-case name -> (name, side)
    capitalised: frozenset[str]  # words written with a capital inside sentences: likely names
    full_names: Mapping[str, str]  # first name -> full name, when the call said it in full
    call_date: dt.date


def known_person(name: str, call: CallView) -> tuple[str, Side] | None:
    """A person the call knows (a participant, or named on an earlier call), by full name or
    by a first name only one of them has."""
    lowered = name.lower()
    if lowered in call.people:
        return call.people[lowered]
    first = lowered.split()[0]
    matches = {v for k, v in call.people.items() if k.split()[0] == first}
    return matches.pop() if len(matches) == 1 else None


def person(name: str, sentence: Sentence, call: CallView) -> tuple[str, Side] | None:
    """A known person, or a name that is used as one in this call."""
    first = name.split()[0]
    if first in lx.NOT_NAMES:
        return None
    if known := known_person(name, call):
        return known
    after = sentence.text[sentence.text.find(name) + len(name) :]
    if first in call.capitalised or re.search(r"\b(?:he|she|his|her)\b", after, re.I):
        # A colleague the speaker mentions, most often; named in full if the call did so once.
        return call.full_names.get(first, name), sentence.side
    return None


def full_names(sentences: Sequence[Sentence]) -> dict[str, str]:
    """First name -> "First Last" for names said in full exactly one way in the call."""
    seen: dict[str, set[str]] = {}
    for sentence in sentences:
        for first, last in _FULL_NAME.findall(sentence.text):
            if first not in lx.NOT_NAMES and last not in lx.NOT_NAMES:
                seen.setdefault(first, set()).add(f"{first} {last}")
    return {first: names.pop() for first, names in seen.items() if len(names) == 1}


def capitalised_words(sentences: Sequence[Sentence]) -> frozenset[str]:
    """Capitalised words not at a sentence start: in speech-to-text output these are names."""
    words: set[str] = set()
    for sentence in sentences:
        words |= set(re.findall(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b", sentence.text))
    return frozenset(words - lx.NOT_NAMES)


def side_of_possessive(whose: str, speaker_side: Side) -> Side:
    if whose.lower() in {"our", "the", ""}:  # "the works council": the speaker's own, most often
        return speaker_side
    if whose.lower() == "your" and speaker_side in (Side.BUYER, Side.SELLER):
        return Side.SELLER if speaker_side == Side.BUYER else Side.BUYER
    return Side.UNKNOWN


# A name as said: "Edward", "Maria Lopez", "Mr Tan".
_NAMED = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr)\.? )?[A-Z][a-z]+(?: [A-Z][a-z]+)?\b")


def named_just_before(sentence: Sentence, at: int, call: CallView) -> tuple[str, Side] | None:
    """The person "he" or "she" is: the last one named, not the speaker, in the sentence before
    `at` or the two sentences before it."""
    said = [s.text for s in call.sentences[max(0, sentence.index - 2) : sentence.index]]
    for text in reversed([*said, sentence.text[:at]]):
        for m in reversed(list(_NAMED.finditer(text))):
            named = person(m[0], sentence, call)
            if named is not None and named[0] != sentence.speaker:
                return named
    return None
