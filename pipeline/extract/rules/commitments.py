"""Commitments: who said they (or a named person) would do what, by when.

Forms recognised, each on one sentence (the evidence is that sentence, verbatim):
  first person     "I'll send the questionnaire by Friday", "let me loop in Priya"
  third person     "Tom will review the DPA by the 15th" (Tom must be a known person)
  role owner       "our legal team will review it next week" (no name: owner_role, flagged later)
  request/accept   "Can you send me pricing by next Tuesday?" + "Sure, I'll have it by then."
  revision         "Actually, let's make that Monday." moves the previous commitment's date
Tentative words ("might", "I'll try", "hopefully") mark a commitment tentative, not committed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from pipeline.extract.rules.sentences import Sentence
from pipeline.models import Commitment, CommitmentStatus, Side

_MODAL = (
    r"(?:'ll|’ll| will| shall| am going to|'m going to| are going to|'re going to| can| could|"
    r" might(?: be able to)?| may be able to)"
)
# "I can look at that" is an offer, not a commitment, unless a date comes with it.
_OFFER = re.compile(r"\b(?:can|could)\b", re.IGNORECASE)
_FILLER = (
    r"(?:(?:also|definitely|just|then|personally|certainly|absolutely|go ahead and|try to|"
    r"make sure to|make sure (?:that )?(?:we|I) |be sure to|quickly|happily)\s+)*"
)
_FIRST_PERSON = re.compile(
    rf"\b(?:(?P<subject>I|we){_MODAL}|(?P<letme>let me|let us|let's))\s+{_FILLER}(?P<verb>[a-z]+)",
    re.IGNORECASE,
)
_THIRD_PERSON = re.compile(
    rf"\b(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:'ll|’ll| will| is going to| can)\s+{_FILLER}"
    r"(?P<verb>[a-z]+)"
)
_ROLE_OWNER = re.compile(
    r"\b(?P<whose>(?i:our|their|your|the)) (?P<role>(?:[a-z]+ ){0,2}?(?:team|department|counsel|"
    r"lawyers|legal|procurement|security|IT|finance|folks|people))"
    rf"(?:'ll|’ll| will| is going to| are going to| needs? to)\s+{_FILLER}(?P<verb>[a-z]+)"
)
_REQUEST = re.compile(
    r"\b(?:can|could|would|will) you(?: please| also| just)*(?: be able to)?\s+(?P<verb>[a-z]+)",
    re.IGNORECASE,
)
_ACCEPT = re.compile(
    r"^(?:yes|yeah|yep|sure|absolutely|definitely|of course|will do|no problem|happy to|"
    r"sounds good|i can do that|i can|i will|i'll|can do|ok|okay|certainly)\b",
    re.IGNORECASE,
)
_REVISION = re.compile(
    r"\b(?:actually|instead|let's make that|let us make that|make it|change that to|"
    r"push (?:that|it) to|move (?:that|it) to|scratch that)\b",
    re.IGNORECASE,
)
_TENTATIVE = re.compile(
    r"\b(?:might|may be able|maybe|perhaps|hopefully|try to|could|possibly|if I can|"
    r"should be able|not sure|probably)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:won't|will not|can't|cannot|can not|couldn't|not going to)\b", re.I)
# Verbs after "I'll" that do not start an action someone can be held to.
_NOT_ACTIONS = frozenset(
    [
        "be",
        "need",
        "want",
        "see",
        "think",
        "know",
        "like",
        "love",
        "say",
        "hear",
        "guess",
        "mean",
        "imagine",
        "assume",
        "expect",
        "wait",
        "tell",
        "show",
        "do",
        "admit",
        "agree",
        "bet",
        "say",
        "understand",
        "remember",
        "keep",
        "leave",
        "stop",
        "give",
        "take",
    ]
)
# Words that look like names at a sentence start but are not people.
_NOT_NAMES = frozenset(
    [
        "It",
        "That",
        "This",
        "There",
        "Which",
        "What",
        "Who",
        "Everything",
        "Nothing",
        "Someone",
        "Everyone",
        "Anyone",
        "He",
        "She",
        "They",
        "We",
        "You",
        "I",
        "Which",
        "Then",
        "So",
        "And",
        "But",
        "Also",
        "Legal",
        "Security",
        "Procurement",
        "Finance",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Today",
        "Tomorrow",
        "Next",
    ]
)
_DEADLINE_WORD = re.compile(r"(?:\b(?:by|before|until|no later than|on|for|in)\s+)$", re.I)
_CUT = re.compile(
    r",|;| - | so (?:that|we|you|I)\b| because | and then | once | if | when | which | okay\b",
    re.I,
)
_SIMILAR_ACTION = 75.0
_BARE_LABEL = re.compile(r"^(?:S\d+|Unknown speaker \d+)$")
# An "action" that only points back at the previous one ("make that", "move it").
_REFERS_BACK = re.compile(r"^(?:make|do|move|push|change|have|switch)\b(?:\s+\w+)?$", re.I)
# "Let me ..." is often talk ("let me introduce myself"); without a date only these count.
_LET_ME_ACTIONS = frozenset(
    [
        "check",
        "loop",
        "follow",
        "get",
        "find",
        "confirm",
        "ask",
        "talk",
        "send",
        "circle",
        "set",
        "schedule",
        "book",
        "share",
        "forward",
        "connect",
        "introduce",
    ]
)


def find_commitments(
    sentences: Sequence[Sentence], known_people: Mapping[str, Side], call_date: dt.date
) -> list[Commitment]:
    """Every commitment in the call, later revisions replacing earlier versions.

    Args:
        sentences: the call's sentences in order.
        known_people: people who may own a commitment in the third person, with their side.
        call_date: the call's date; deadlines before it are not deadlines.
    """
    people = {name.lower(): (name, side) for name, side in known_people.items()}
    found: list[Commitment] = []
    for sentence in sentences:
        new = _from_sentence(sentence, sentences, people, call_date)
        if found and _is_revision(sentence, new):
            revised = _revise(found[-1], sentence, call_date)
            if revised is not None:
                found[-1] = revised
                continue
        for commitment in new:
            _add(found, commitment)
    return found


def _is_revision(sentence: Sentence, new: list[Commitment]) -> bool:
    """ "Actually, let's make that Monday": a new date for the last commitment, no new action."""
    if sentence.text.rstrip().endswith("?") or not _REVISION.search(sentence.text):
        return False
    return all(_REFERS_BACK.match(c.action) for c in new)


def _from_sentence(
    sentence: Sentence,
    sentences: Sequence[Sentence],
    people: dict[str, tuple[str, Side]],
    call_date: dt.date,
) -> list[Commitment]:
    text = sentence.text
    if text.rstrip().endswith("?"):
        return _request(sentence, sentences, call_date)
    found: list[Commitment] = []
    addressee = _addressee(sentence, sentences)
    for match in _FIRST_PERSON.finditer(text):
        if not _is_action(match["verb"]) or _NEGATED.search(text[: match.start("verb")]):
            continue
        commitment = _make(
            sentence,
            match.start("verb"),
            sentence.speaker,
            sentence.side,
            call_date,
            modal=match.group(0),
        )
        if commitment.due_text is None and not _binding_without_date(match):
            continue
        found.append(_name_addressee(commitment, addressee))
    for match in _THIRD_PERSON.finditer(text):
        person = _known(match["name"], people)
        if person and _is_action(match["verb"]):
            owner, side = person
            commitment = _make(
                sentence, match.start("verb"), owner, side, call_date, modal=match.group(0)
            )
            found.append(_name_addressee(commitment, addressee))
    for match in _ROLE_OWNER.finditer(text):
        if _is_action(match["verb"]):
            side = _side_of_possessive(match["whose"], sentence.side)
            commitment = _make(
                sentence, match.start("verb"), None, side, call_date, modal=match.group(0)
            )
            found.append(commitment.model_copy(update={"owner_role": match["role"]}))
    return found


def _request(
    question: Sentence, sentences: Sequence[Sentence], call_date: dt.date
) -> list[Commitment]:
    match = _REQUEST.search(question.text)
    if match is None or not _is_action(match["verb"]):
        return []
    for reply in sentences[question.index + 1 : question.index + 3]:
        if reply.speaker == question.speaker:
            continue
        if not _ACCEPT.match(reply.text.strip()) or _NEGATED.search(reply.text):
            return []
        commitment = _make(
            question, match.start("verb"), reply.speaker, reply.side, call_date, modal=reply.text
        )
        if commitment.due_text is None:
            due = _due(reply, 0, call_date)
            if due is not None:
                commitment = commitment.model_copy(update={"due_text": due})
        action = re.sub(r"\bme\b", question.speaker.split()[0], commitment.action)
        return [
            commitment.model_copy(
                update={"action": action, "evidence": (question.evidence(), reply.evidence())}
            )
        ]
    return []


def _make(
    sentence: Sentence,
    verb_at: int,
    owner: str | None,
    side: Side,
    call_date: dt.date,
    *,
    modal: str,
) -> Commitment:
    tentative = _TENTATIVE.search(modal) or _TENTATIVE.search(sentence.text[:verb_at])
    return Commitment(
        action=_action(sentence, verb_at),
        owner=owner,
        owner_side=side,
        due_text=_due(sentence, verb_at, call_date),
        status=CommitmentStatus.TENTATIVE if tentative else CommitmentStatus.COMMITTED,
        evidence=(sentence.evidence(),),
    )


def _action(sentence: Sentence, verb_at: int) -> str:
    """The words from the verb to the end of the clause, without the deadline."""
    text = sentence.text
    for mention in sorted(sentence.dates, key=lambda d: -d.start):
        if mention.start >= verb_at:
            text = text[: mention.start] + text[mention.end :]
    tail = text[verb_at:]
    cut = next(
        (m.start() for m in _CUT.finditer(tail) if len(tail[: m.start()].split()) >= 3), len(tail)
    )
    words = tail[:cut].strip(" .!?").split()
    while words and words[-1].lower() in {
        "by",
        "before",
        "until",
        "on",
        "for",
        "no",
        "later",
        "than",
        "in",
        "at",
        "the",
        "end",
        "of",
    }:
        words.pop()
    action = " ".join(words)[:160]
    return action[:1].upper() + action[1:]


def _due(sentence: Sentence, after: int, call_date: dt.date) -> str | None:
    """The deadline words, with their preposition ("by Friday"), nearest after the verb."""
    candidates = [d for d in sentence.future_dates(call_date) if d.end > after] or list(
        sentence.future_dates(call_date)
    )
    if not candidates:
        return None
    mention = candidates[0]
    before = _DEADLINE_WORD.search(sentence.text[: mention.start])
    start = (
        before.start()
        if before and not mention.text.lower().startswith(("by ", "before ", "until ", "no later"))
        else mention.start
    )
    return sentence.text[start : mention.end].strip()


def _revise(last: Commitment, sentence: Sentence, call_date: dt.date) -> Commitment | None:
    dates = sentence.future_dates(call_date)
    if not dates or not last.evidence:
        return None
    due = _due(sentence, 0, call_date)
    return last.model_copy(
        update={"due_text": due, "evidence": (*last.evidence, sentence.evidence())}
    )


def _add(found: list[Commitment], new: Commitment) -> None:
    """Append, or replace an earlier commitment by the same owner to the same action."""
    for i, old in enumerate(found):
        if (
            old.owner == new.owner
            and fuzz.token_set_ratio(old.action, new.action) >= _SIMILAR_ACTION
        ):
            if new.due_text is None and old.due_text is not None:
                new = new.model_copy(update={"due_text": old.due_text})
            found[i] = new.model_copy(update={"evidence": (*old.evidence, *new.evidence)[-3:]})
            return
    found.append(new)


def _addressee(sentence: Sentence, sentences: Sequence[Sentence]) -> str | None:
    """Who "you" is: the nearest other speaker before (or else after) this sentence."""
    before = reversed(sentences[max(0, sentence.index - 3) : sentence.index])
    after = sentences[sentence.index + 1 : sentence.index + 3]
    for other in (*before, *after):
        if other.speaker != sentence.speaker:
            return other.speaker
    return None


def _name_addressee(commitment: Commitment, addressee: str | None) -> Commitment:
    """ "Send you the checklist" reads wrongly in a shared plan: "Send Daniel the checklist"."""
    if addressee is None or _BARE_LABEL.match(addressee):
        return commitment
    first = addressee.split()[0]
    action = re.sub(r"^(\w+(?: over| across| back)?) you\b", rf"\1 {first}", commitment.action)
    return commitment.model_copy(update={"action": action})


def _binding_without_date(match: re.Match[str]) -> bool:
    """Whether an undated first-person phrase is still a commitment ("I'll loop in Tom")."""
    if _OFFER.search(match.group(0)):
        return False
    if match["letme"]:
        rest = match.string[match.start("verb") :].lower()
        return match["verb"].lower() in _LET_ME_ACTIONS and not rest.startswith(
            ("introduce myself", "introduce ourselves", "share my screen")
        )
    return True


def _is_action(verb: str) -> bool:
    return verb.lower() not in _NOT_ACTIONS and len(verb) > 1


def _known(name: str, people: dict[str, tuple[str, Side]]) -> tuple[str, Side] | None:
    if name in _NOT_NAMES or name.split()[0] in _NOT_NAMES:
        return None
    lowered = name.lower()
    if lowered in people:
        return people[lowered]
    first = lowered.split()[0]
    matches = {full for key, full in people.items() if key.split()[0] == first}
    return matches.pop() if len(matches) == 1 else None


def _side_of_possessive(whose: str, speaker_side: Side) -> Side:
    if whose.lower() == "our":
        return speaker_side
    if whose.lower() == "your" and speaker_side in (Side.BUYER, Side.SELLER):
        return Side.SELLER if speaker_side == Side.BUYER else Side.BUYER
    return Side.UNKNOWN
