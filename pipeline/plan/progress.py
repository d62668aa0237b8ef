"""Progress said on a call: "we sent the questionnaire yesterday", "the DPA is signed".

The extraction contract (schema 1) carries commitments to do things, not reports that things are
done, so the plan engine reads these reports from the transcript itself with deterministic rules.
Each report becomes a `mark_done` suggestion only when it matches a milestone the plan holds.
"""

from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.rules.sentences import Sentence, split_sentences
from pipeline.models import Evidence, Frozen, Side, Transcript

_PARTICIPLE = (
    r"(?P<verb>sent(?: over| back)?|signed|countersigned|completed|finished|returned|submitted|"
    r"reviewed|approved|shared|scheduled|set up|held|done with|gone through|went through|"
    r"filled (?:out|in)|wrapped up|closed out|received|got back)"
)
_ACTIVE = re.compile(
    r"\b(?P<who>I|we|[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+(?:(?:have|has|'ve|’ve|had)\s+)?"
    rf"(?:already\s+|just\s+|finally\s+|now\s+)?{_PARTICIPLE}\s+(?P<what>[^,.;!?]{{3,80}})"
)
_PASSIVE = re.compile(
    r"\b(?P<what>(?i:the|our|your|their)\s+[\w\s-]{3,60}?)\s+(?:is|was|has been|have been|"
    r"'s been|are|were)\s+(?:now\s+|already\s+|finally\s+|all\s+|fully\s+)?"
    r"(?P<verb>done|signed|countersigned|complete|completed|finished|approved|sent|submitted|"
    r"returned|set up|in place|wrapped up|closed out)\b"
)
_THANKS = re.compile(
    r"\bthanks?(?: you)? for (?P<verb>sending|sharing|setting up|completing|returning|signing|"
    r"reviewing|filling out)(?: over| back)? (?P<what>[^,.;!?]{3,80})",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(
    r"\b(?:not|n't|never|yet to|will|going to|once|when|if|after|until|hope|hopefully|should|"
    r"plan to|about to|still)\b",
    re.IGNORECASE,
)
_NOT_PEOPLE = frozenset({"It", "That", "This", "There", "They", "He", "She", "You", "Which"})


class Completion(Frozen):
    """Someone said a step is done."""

    what: str  # the thing done, in the call's words: "the security questionnaire"
    verb: str
    who: str | None  # the person who did it, when said
    side: Side
    evidence: tuple[Evidence, ...]

    @property
    def text(self) -> str:
        return f"{self.verb} {self.what}"


def find_completions(transcript: Transcript, call_date: dt.date) -> list[Completion]:
    """Every report that something is done, in the order said.

    Args:
        transcript: the speaker-attributed transcript.
        call_date: the call's date (sentences are split with the dates they mention).
    """
    found = []
    for sentence in split_sentences(transcript, call_date):
        if sentence.text.rstrip().endswith("?"):
            continue
        for completion in _in_sentence(sentence):
            found.append(completion)
            break  # one report per sentence: the first is the one the sentence is about
    return found


def _in_sentence(sentence: Sentence) -> list[Completion]:
    results = []
    for pattern in (_ACTIVE, _PASSIVE, _THANKS):
        for match in pattern.finditer(sentence.text):
            if _NOT_DONE.search(sentence.text[: match.start("verb")]) or _NOT_DONE.search(
                match.group(0)
            ):
                continue
            who = match.groupdict().get("who")
            if who in _NOT_PEOPLE:
                continue
            results.append(_completion(sentence, match, who, pattern is _THANKS))
    return results


def _completion(
    sentence: Sentence, match: re.Match[str], who: str | None, thanks: bool
) -> Completion:
    if thanks:
        owner, side = None, _other(sentence.side)  # thanking the other side for their work
    elif who in ("I", "we"):
        owner, side = (sentence.speaker if who == "I" else None), sentence.side
    else:
        owner, side = who, Side.UNKNOWN
    what = re.sub(r"\s+(?:yesterday|today|last \w+|this \w+|on \w+day|already)$", "", match["what"])
    return Completion(
        what=what.strip(),
        verb=match["verb"],
        who=owner,
        side=side,
        evidence=(sentence.evidence(),),
    )


def _other(side: Side) -> Side:
    return {Side.BUYER: Side.SELLER, Side.SELLER: Side.BUYER}.get(side, Side.UNKNOWN)
