"""Recaps: the list of who does what by when that someone reads out near the end of a call.

  per person   "Okay, recap. Raj, thirteen weeks of sales Thursday. Me, the Ohio case study today."
  one list     "So, recap: Amira comes back on validation by Thursday, Katrin sends the documents
               by the 10th, and I send the NDA today."
A recap restates steps already promised, with their final dates: each item confirms the step of
its owner that shares its words, and the item's date wins ("Me, the proposal on the 7th" after
"by Friday the 4th" was turned down). An item with a verb that names a step the call has not
held ("Katrin sends the documents by the 10th") is that person's commitment. Items without an
owner ("demo on the 28th") are meetings, not steps, and are left to the key dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.dates import ResolvedDate
from pipeline.extract.rules import clauses, view
from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules.ledger import Ledger
from pipeline.extract.rules.sentences import Sentence
from pipeline.extract.rules.view import CallView
from pipeline.models import Commitment, CommitmentStatus, Side

_CUE = re.compile(r"\b(?:recap|to summari[sz]e|action items)\b", re.IGNORECASE)
# Words before the items in the cue's own sentence: "So, recap:", "Okay, let me recap."
_CUE_LEAD = re.compile(r"^.*?\b(?:recap|to summari[sz]e|action items)\b[\s:.,-]*", re.I)
# "Raj, thirteen weeks of sales Thursday." / "Priya: Sophos logs tomorrow." / "Me, the plan."
_PER_PERSON = re.compile(r"^(?P<who>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)[,:] (?P<what>.+)$")
# "Katrin sends the documents", "I send the NDA", "and Amira comes back on validation".
_CLAUSE = re.compile(
    r"^(?:and |then )?(?P<who>I|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) (?P<verb>[a-z]+)(?P<rest> .+)$"
)
# Between items: commas, "and" before the next owner, semicolons.
_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+(?=(?:I|[A-Z][\w'’-]+) [a-z]+\b)|;\s*")
_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset(
    "the and for with you your our their them this that these those from into about over "
    "out back then also just all some any".split()
)
# Beyond the delivery verbs, what a recap item may newly hold someone to.
_CHASE_VERBS = frozenset("chase check confirm ask turn return".split())
_IRREGULAR = {"has": "have", "does": "do", "goes": "go"}
# How far back in the same turn a recap cue still holds (sentences).
_REACH = 12


@dataclass(frozen=True)
class _Item:
    owner: str
    side: Side
    said: Sentence  # the item's words, as a sentence of their own (its dates with it)
    verb: str | None  # the base verb of a clause ("send"); None for "Raj, the sales data"


def in_recap(sentence: Sentence, call: CallView) -> bool:
    """A sentence of a turn whose earlier words (or its own start) announce a recap."""
    if _CUE.search(sentence.text):
        return True
    earlier = call.sentences[max(0, sentence.index - _REACH) : sentence.index]
    return any(s.segment == sentence.segment and _CUE.search(s.text) for s in earlier)


def apply(sentence: Sentence, call: CallView, ledger: Ledger) -> bool:
    """Confirm or add the steps this recap sentence lists; False when it lists none."""
    items = list(_items(sentence, call))
    for item in items:
        dates = item.said.future_dates(call.call_date)
        due = dates[0] if len(dates) == 1 else None  # "the form by Monday and the schedule ..."
        step = _step_of(item, ledger)
        if step is not None:
            old = ledger.items[step]
            if due is not None and due.date is not None and due.date != _date_of(old, call):
                update = {
                    "due_text": clauses.due_words(item.said, due),
                    "evidence": (*old.evidence, sentence.evidence())[-3:],
                }
                ledger.replace(step, old.model_copy(update=update), sentence.index)
        elif _names_a_new_step(item, call):
            ledger.append(_new_step(item, sentence, due), sentence.index)
    return bool(items)


def _date_of(commitment: Commitment, call: CallView) -> dt.date | None:
    """The date of a commitment's deadline words, as resolved in the sentence that said them."""
    if commitment.due_text is None:
        return None
    quotes = {e.quote for e in commitment.evidence}
    for s in call.sentences:
        if s.text in quotes:
            for d in s.dates:
                if d.text in commitment.due_text:
                    return d.date
    return None


def _names_a_new_step(item: _Item, call: CallView) -> bool:
    """ "Katrin sends the documents": a known person, a verb that delivers, a named object."""
    known = item.owner.lower() in call.people or item.owner == item.said.speaker
    verb_ok = item.verb in lx.DELIVERY_VERBS | _CHASE_VERBS
    return known and verb_ok and not lx.POINTS_BACK.match(item.said.text)


def _items(sentence: Sentence, call: CallView) -> Iterator[_Item]:
    text = sentence.text
    lead = _CUE_LEAD.match(text) if _CUE.search(text) else None
    at = lead.end() if lead else 0
    body = text[at:].rstrip(" .!")
    if m := _PER_PERSON.match(body):
        owner = _owner(m["who"], sentence, call)
        if owner is None:
            return
        start = at + m.start("what")
        for part in _parts(text, start, at + len(body)):
            yield _Item(owner[0], owner[1], _sub(sentence, *part), None)
        return
    for start, end in _parts(text, at, at + len(body)):
        clause = _CLAUSE.match(text[start:end])
        if clause is None:
            continue
        owner = _owner(clause["who"], sentence, call)
        verb = _base(clause["verb"])
        if owner is not None and verb is not None:
            said = _sub(sentence, start + clause.start("verb"), end)
            yield _Item(owner[0], owner[1], said, verb)


def _parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each item between `start` and `end`."""
    for m in _SPLIT.finditer(text, start, end):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if end > start:
        yield start, end


def _owner(who: str, sentence: Sentence, call: CallView) -> tuple[str, Side] | None:
    if who.lower() in ("i", "me", "myself"):
        return sentence.speaker, sentence.side
    if who.split()[0] in lx.NOT_NAMES:
        return None
    return view.person(who, sentence, call)


def _base(verb: str) -> str | None:
    """ "sends" -> "send", "carries" -> "carry", "has" -> "have"; "send" (after "I") as said."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("sses", "shes", "ches", "xes", "zes")):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith("ss"):
        return verb[:-1]
    return verb


def _step_of(item: _Item, ledger: Ledger) -> int | None:
    """The owner's latest step that shares a word with the item ("the Ohio case study"; a
    word's other form counts: "confirms SSO" ~ "Confirm the SSO setup")."""
    said = _words(item.said.text)
    for i in reversed(range(len(ledger.items))):
        c = ledger.items[i]
        action = _words(c.action)
        shared = any(a.startswith(b) or b.startswith(a) for a in action for b in said)
        if c.owner == item.owner and shared:
            return i
    return None


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - _STOP


def _new_step(item: _Item, sentence: Sentence, due: ResolvedDate | None) -> Commitment:
    words = clauses.action_words(item.said, 0, due).split(" ", 1)
    action = " ".join([str(item.verb).capitalize(), *words[1:]])
    return Commitment(
        action=action,
        owner=item.owner,
        owner_side=item.side,
        due_text=clauses.due_words(item.said, due) if due else None,
        status=CommitmentStatus.COMMITTED,
        evidence=(sentence.evidence(),),
    )


def _sub(sentence: Sentence, start: int, end: int) -> Sentence:
    """Words `start:end` of the sentence as a sentence of their own, with their dates."""
    dates = tuple(
        d.model_copy(update={"start": d.start - start, "end": d.end - start})
        for d in sentence.dates
        if start <= d.start and d.end <= end
    )
    text = sentence.text[start:end]
    return Sentence(sentence.index, sentence.segment, text, sentence.speaker, sentence.side, dates)
