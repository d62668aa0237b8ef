"""Commitments: who said they (or a named person) would do what, by when.

Forms recognised, each on one sentence (the evidence is that sentence, verbatim):
  first person     "I'll send the questionnaire by Friday"; "we'll ..." and "let's ..." only
                   with a date (otherwise they are mostly talk: "we'll go from there")
  tentative offer  "I might be able to set up a reference call" (status tentative)
  third person     "Tom will review the DPA by the 15th" (Tom must look like a person)
  role owner       "our legal team will review it next week" (no name: owner_role, flagged later);
                   "my team will ..." belongs to the speaker
  request/accept   "Can you send me pricing by next Tuesday?" + "Sure." (owner: who accepted)
  revision         "Actually, let's make that Monday." / "Sure, the 23rd then." moves the date of
                   the commitment it refers to (by shared words, else the latest)
Not commitments: questions, negations, "if we could ...", "we can come back to that", and
"I'll send it" right after a request (that is the acceptance of the request).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.dates import ResolvedDate
from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules.sentences import Sentence
from pipeline.models import Commitment, CommitmentStatus, Side

_SIMILAR_ACTION = 75.0
_WORD = re.compile(r"[a-z]{4,}")


@dataclass(frozen=True)
class _Call:
    sentences: Sequence[Sentence]
    people: Mapping[str, tuple[str, Side]]  # lower-case name -> (name, side)
    capitalised: frozenset[str]  # words written with a capital inside sentences: likely names
    full_names: Mapping[str, str]  # first name -> full name, when the call said it in full
    call_date: dt.date


def find_commitments(
    sentences: Sequence[Sentence], known_people: Mapping[str, Side], call_date: dt.date
) -> list[Commitment]:
    """Every commitment in the call, later revisions replacing earlier versions.

    Args:
        sentences: the call's sentences in order.
        known_people: people who may own a commitment in the third person, with their side.
        call_date: the call's date; deadlines before it are not deadlines.
    """
    call = _Call(
        sentences=sentences,
        people={name.lower(): (name, side) for name, side in known_people.items()},
        capitalised=_capitalised_words(sentences),
        full_names=_full_names(sentences),
        call_date=call_date,
    )
    found: list[Commitment] = []
    for sentence in sentences:
        new = _from_sentence(sentence, call)
        if found and _is_revision(sentence, new):
            target = _revision_target(found, sentence)
            revised = _revise(found[target], sentence, call_date)
            if revised is not None:
                found[target] = revised
                continue
        for commitment in new:
            _add(found, commitment)
    return found


def _from_sentence(sentence: Sentence, call: _Call) -> list[Commitment]:
    text = sentence.text
    if text.rstrip().endswith("?"):
        return _request(sentence, call)
    if lx.CONDITIONAL.search(text):
        return []
    addressee = _addressee(sentence, call.sentences)
    found = [c for m in lx.FIRST_PERSON.finditer(text) if (c := _first_person(m, sentence, call))]
    for match in lx.THIRD_PERSON.finditer(text):
        person = _person(match["name"], sentence, call)
        offer = match["modal"].strip() == "can" and not _date_after_verb(sentence, match, call)
        if person and _is_action(match) and not offer:
            found.append(_make(sentence, match, person[0], person[1], call.call_date))
    for match in lx.ROLE_OWNER.finditer(text):
        weak = match["verb"].lower() in lx.WEAK_VERBS and not _date_after_verb(
            sentence, match, call
        )
        if _is_action(match) and not weak:
            found.append(_role_owned(match, sentence, call))
    return [_name_addressee(c, addressee) for c in found]


def _first_person(match: re.Match[str], sentence: Sentence, call: _Call) -> Commitment | None:
    before = sentence.text[: match.start()]
    if not _is_action(match) or lx.NEGATED.search(sentence.text[: match.start("verb")]):
        return None
    if lx.RELATIVE.search(before):
        return None
    commitment = _make(sentence, match, sentence.speaker, sentence.side, call.call_date)
    modal = (match["modal"] or "").strip().lower()
    dated = commitment.due_text is not None and _date_after_verb(sentence, match, call)
    hedged = modal in {"might", "may be able to", "might be able to"} or modal.startswith("could ")
    if modal in {"can", "could"} or match["letme"] or (match["subject"] or "").lower() == "we":
        # Offers, "let's" and "we" are commitments only with a date (or a hedge: tentative).
        keep = dated or hedged
    elif commitment.due_text is None:
        # Undated, the action must name what is owed: "I'll send the SOW", not "I'll send it".
        vague = lx.PRONOUN_OBJECT.match(commitment.action) or match["verb"].lower() in lx.WEAK_VERBS
        keep = hedged or not vague
    else:
        keep = True
    if keep and _answers_request(sentence, commitment, call):
        return None  # "Sure, I'll send it": the request already holds this commitment
    return commitment if keep else None


def _role_owned(match: re.Match[str], sentence: Sentence, call: _Call) -> Commitment:
    if match["whose"].lower() == "my":  # "my team will ...": the speaker answers for it
        return _make(sentence, match, sentence.speaker, sentence.side, call.call_date)
    side = _side_of_possessive(match["whose"], sentence.side)
    commitment = _make(sentence, match, None, side, call.call_date)
    return commitment.model_copy(update={"owner_role": match["role"]})


def _request(question: Sentence, call: _Call) -> list[Commitment]:
    match = lx.REQUEST.search(question.text)
    if match is None or not _is_action(match):
        return []
    for reply in call.sentences[question.index + 1 : question.index + 3]:
        if reply.speaker == question.speaker:
            continue
        if not lx.ACCEPT.match(reply.text.strip()) or lx.NEGATED.search(reply.text):
            return []
        commitment = _make(question, match, reply.speaker, reply.side, call.call_date)
        if commitment.due_text is None and (due := _due(reply, 0, call.call_date)):
            commitment = commitment.model_copy(update={"due_text": due})
        action = re.sub(r"\b(?:me|us)\b", question.speaker.split()[0], commitment.action)
        evidence = (question.evidence(), reply.evidence())
        return [commitment.model_copy(update={"action": action, "evidence": evidence})]
    return []


def _make(
    sentence: Sentence, match: re.Match[str], owner: str | None, side: Side, call_date: dt.date
) -> Commitment:
    verb_at = match.start("verb")
    tentative = lx.TENTATIVE.search(sentence.text[:verb_at]) or lx.TENTATIVE.search(match[0])
    due = _due_mention(sentence, verb_at, call_date)
    return Commitment(
        action=_action(sentence, verb_at, due),
        owner=owner,
        owner_side=side,
        due_text=_due_words(sentence, due) if due else None,
        status=CommitmentStatus.TENTATIVE if tentative else CommitmentStatus.COMMITTED,
        evidence=(sentence.evidence(),),
    )


def _action(sentence: Sentence, verb_at: int, due: ResolvedDate | None) -> str:
    """The words from the verb to the end of the clause, without the deadline."""
    text = sentence.text
    if due is not None and due.start >= verb_at:
        text = text[: due.start] + text[due.end :]
    tail = text[verb_at:]
    cuts = (m.start() for m in lx.CUT.finditer(tail) if len(tail[: m.start()].split()) >= 3)
    words = tail[: next(cuts, len(tail))].strip(" .!?").split()
    while words and words[-1].lower() in lx.TRAILING_WORDS:
        words.pop()
    action = " ".join(words)[:160]
    return action[:1].upper() + action[1:]


def _due(sentence: Sentence, after: int, call_date: dt.date) -> str | None:
    """The deadline words, with their preposition ("by Friday"), nearest after `after`."""
    mention = _due_mention(sentence, after, call_date)
    return _due_words(sentence, mention) if mention else None


def _due_mention(sentence: Sentence, after: int, call_date: dt.date) -> ResolvedDate | None:
    # A date in a condition is not the deadline: "... free if you start the test this month".
    condition = lx.CONDITION_START.search(sentence.text, after)
    limit = condition.start() if condition else len(sentence.text)
    future = [d for d in sentence.future_dates(call_date) if d.start < limit]
    candidates = [d for d in future if d.end > after] or future
    return candidates[0] if candidates else None


def _due_words(sentence: Sentence, mention: ResolvedDate) -> str:
    lead = lx.DEADLINE_WORD.search(sentence.text[: mention.start])
    has_lead = mention.text.lower().startswith(("by ", "before ", "until ", "no later"))
    start = lead.start() if lead and not has_lead else mention.start
    return sentence.text[start : mention.end].strip()


def _date_after_verb(sentence: Sentence, match: re.Match[str], call: _Call) -> bool:
    return any(d.end > match.start("verb") for d in sentence.future_dates(call.call_date))


def _is_revision(sentence: Sentence, new: list[Commitment]) -> bool:
    """ "Actually, let's make that Monday": a new date for an earlier commitment."""
    text = sentence.text.rstrip()
    if text.endswith("?") or not lx.REVISION.search(text) or lx.DONT.search(text):
        return False
    verbs = {c.action.split()[0].lower() for c in new if c.action}
    return verbs <= lx.REVISION_VERBS


def _revision_target(found: list[Commitment], sentence: Sentence) -> int:
    """The commitment a revision talks about: most shared words, else the speaker's latest,
    else the latest."""
    said = set(_WORD.findall(sentence.lower))
    overlaps = [len(said & set(_WORD.findall(c.action.lower()))) for c in found]
    best = max(overlaps)
    if best > 0:
        return len(overlaps) - 1 - overlaps[::-1].index(best)
    own = [i for i, c in enumerate(found) if c.owner == sentence.speaker]
    return own[-1] if own else len(found) - 1


def _revise(old: Commitment, sentence: Sentence, call_date: dt.date) -> Commitment | None:
    due = _due(sentence, 0, call_date)
    if due is None or not old.evidence:
        return None
    return old.model_copy(
        update={"due_text": due, "evidence": (*old.evidence, sentence.evidence())}
    )


def _add(found: list[Commitment], new: Commitment) -> None:
    """Append, or replace an earlier commitment by the same owner to the same action.

    "Can you send it by Friday?" + "Okay." names no object: it moves the owner's latest
    commitment with the same verb ("I'll send the offer by Monday") rather than adding one.
    """
    if lx.PRONOUN_OBJECT.match(new.action):
        verb = new.action.split()[0].lower()
        for i in reversed(range(len(found))):
            old = found[i]
            if old.owner == new.owner and old.action.lower().startswith(verb):
                due = new.due_text or old.due_text
                evidence = (*old.evidence, *new.evidence)[-3:]
                found[i] = old.model_copy(update={"due_text": due, "evidence": evidence})
                return
    for i, old in enumerate(found):
        same_owner = old.owner == new.owner and old.owner_role == new.owner_role
        if same_owner and _same_action(old.action, new.action):
            if new.due_text is None and old.due_text is not None:
                new = new.model_copy(update={"due_text": old.due_text})
            found[i] = new.model_copy(update={"evidence": (*old.evidence, *new.evidence)[-3:]})
            return
    found.append(new)


def _same_action(a: str, b: str) -> bool:
    # token_set_ratio alone calls "Send pricing" the same as any longer action containing it.
    a, b = a.lower(), b.lower()
    return fuzz.token_set_ratio(a, b) >= _SIMILAR_ACTION and fuzz.token_sort_ratio(a, b) >= 60


def _answers_request(sentence: Sentence, commitment: Commitment, call: _Call) -> bool:
    if not lx.PRONOUN_OBJECT.match(commitment.action):
        return False
    earlier = call.sentences[max(0, sentence.index - 2) : sentence.index]
    return any(
        s.speaker != sentence.speaker
        and s.text.rstrip().endswith("?")
        and lx.REQUEST.search(s.text)
        for s in earlier
    )


def _addressee(sentence: Sentence, sentences: Sequence[Sentence]) -> str | None:
    """Who "you" is: the nearest other speaker before (or else after) this sentence."""
    before = reversed(sentences[max(0, sentence.index - 3) : sentence.index])
    after = sentences[sentence.index + 1 : sentence.index + 3]
    return next((s.speaker for s in (*before, *after) if s.speaker != sentence.speaker), None)


def _name_addressee(commitment: Commitment, addressee: str | None) -> Commitment:
    """ "Send you the checklist" reads wrongly in a shared plan: "Send Daniel the checklist"."""
    if addressee is None or lx.BARE_LABEL.match(addressee):
        return commitment
    first = addressee.split()[0]
    action = re.sub(r"^(\w+(?: over| across| back)?) you\b", rf"\1 {first}", commitment.action)
    return commitment.model_copy(update={"action": action})


def _is_action(match: re.Match[str]) -> bool:
    verb = match["verb"].lower()
    rest = match.string[match.start("verb") :]
    return verb not in lx.NOT_ACTIONS and len(verb) > 1 and not lx.EMPTY_DO.match(rest)


def _person(name: str, sentence: Sentence, call: _Call) -> tuple[str, Side] | None:
    """A known person, or a name that is used as one in this call."""
    first = name.split()[0]
    if first in lx.NOT_NAMES:
        return None
    lowered = name.lower()
    if lowered in call.people:
        return call.people[lowered]
    matches = {v for k, v in call.people.items() if k.split()[0] == first.lower()}
    if len(matches) == 1:
        return matches.pop()
    after = sentence.text[sentence.text.find(name) + len(name) :]
    if first in call.capitalised or re.search(r"\b(?:he|she|his|her)\b", after, re.I):
        # A colleague the speaker mentions, most often; named in full if the call did so once.
        return call.full_names.get(first, name), sentence.side
    return None


def _full_names(sentences: Sequence[Sentence]) -> dict[str, str]:
    """First name -> "First Last" for names said in full exactly one way in the call."""
    seen: dict[str, set[str]] = {}
    for sentence in sentences:
        for first, last in re.findall(r"\b([A-Z][a-z]+) ([A-Z][a-z'’]+)\b", sentence.text):
            if first not in lx.NOT_NAMES and last not in lx.NOT_NAMES:
                seen.setdefault(first, set()).add(f"{first} {last}")
    return {first: names.pop() for first, names in seen.items() if len(names) == 1}


def _capitalised_words(sentences: Sequence[Sentence]) -> frozenset[str]:
    """Capitalised words not at a sentence start: in speech-to-text output these are names."""
    words: set[str] = set()
    for sentence in sentences:
        words |= set(re.findall(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b", sentence.text))
    return frozenset(words - lx.NOT_NAMES)


def _side_of_possessive(whose: str, speaker_side: Side) -> Side:
    if whose.lower() in {"our", "the"}:  # "the works council" is the speaker's own, most often
        return speaker_side
    if whose.lower() == "your" and speaker_side in (Side.BUYER, Side.SELLER):
        return Side.SELLER if speaker_side == Side.BUYER else Side.BUYER
    return Side.UNKNOWN
