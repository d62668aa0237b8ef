"""Revisions: a later sentence that moves the date of a commitment made earlier in the call.

  marked      "Actually, let's make that Monday." / "Sure, the 23rd then." / "Let's say January
              15th for the cluster file": the commitment that shares its words; naming nothing,
              the speaker's latest or else the latest, if it was spoken of in the last few
              sentences ("Then let's do it on the 8th" far from any commitment is about
              something else)
  imperative  "Ship them on January 5th." just after "We can have the terminals shipped by
              December 30th": a short order, with a date, whose verb is the commitment's
Not revisions: "instead of" (a comparison); a marked sentence that names another step: "let's
do the upgrade on the 7th" is a new commitment, and "let's move user training to May"
reschedules a step that is no commitment of this call, so it is neither.
"""

from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules.ledger import Ledger
from pipeline.extract.rules.sentences import Sentence
from pipeline.models import Commitment

# A revision that names nothing refers to a commitment spoken of this recently (sentences).
RECENT = 6
# An unmarked order revises only what was said just before (sentences), and is short (words).
_ORDER_REACH = 3
_ORDER_WORDS = 10
_WORD = re.compile(r"[a-z]{4,}")
# The speaker correcting what they just said: "No, wait, ...", "Sorry, ...", "Or rather".
_CAUGHT = re.compile(
    r"^(?:no,? wait|wait,? no|oh,? wait|sorry|or rather|hang on|actually,? no)\b", re.IGNORECASE
)
_REVISION_WORDS = frozenset(
    "actually instead make that this then change move push scratch let's sorry wait rather "
    "with them they there what when where will would could should have been from".split()
)
_OPENERS = {"then", "so", "please", "just", "ok", "okay", "and", "no", "fine", "sure"}
# Words before a date that opens a sentence: "Ha, fair. Monday then, ..." (after the split).
_OPENING = re.compile(r"(?:(?:ok|okay|fine|right|so|sure|fair|ha)[,.!]?\s*)*", re.IGNORECASE)
# First words of a short sentence that are not an order's verb.
_NOT_ORDERS = frozenset(
    "not the that this these those then but yes yeah sure maybe also just well great good it its "
    "it's we you they he she our your their my and end".split()
)


def marked_target(
    sentence: Sentence,
    new: list[Commitment],
    ledger: Ledger,
    *,
    agreed: bool = False,
    asked_to_move: bool = False,
) -> int | None:
    """The commitment a marked revision moves ("actually, let's make that Monday"; asked, if
    `agreed` to: "Can I sign off Monday the 22nd instead?" "Monday's fine."; or the speaker's
    own, when `asked_to_move` it: "Can you prepone it?" "I'll send it by tomorrow."), if any."""
    text = sentence.text.rstrip()
    asked = sentence.asks and not agreed
    if not ledger.items or asked or lx.DONT.search(text):
        return None
    markers = _markers(sentence) or (["instead"] if asked_to_move else [])
    if not markers:
        return None
    said = _content_words(sentence)
    overlaps = [_shared(said, c.action) for c in ledger.items]
    verbs = {c.action.split()[0].lower() for c in new if c.action}
    if not verbs <= lx.REVISION_VERBS:
        # "I'll get it to you Monday instead": the speaker's own step, whatever its verb.
        instead = any(m.lower() == "instead" for m in markers)
        mine = [i for i, c in enumerate(ledger.items) if c.owner == sentence.speaker]
        if not (instead and mine and all(c.owner == sentence.speaker for c in new)):
            return None
        return max(reversed(mine), key=lambda i: overlaps[i])
    if any(_names_a_step(c) for c in new):
        # "I'll do the walkdown Monday instead" moves the speaker's "walk the lines"; "let's do
        # the upgrade on the 7th" is another step.
        mine = [i for i, c in enumerate(ledger.items) if c.owner == sentence.speaker]
        same = [i for i, n in enumerate(overlaps) if n >= 2] or [i for i in mine if overlaps[i]]
        return same[-1] if same else None
    best = max(overlaps)
    if best > 0:
        return len(overlaps) - 1 - overlaps[::-1].index(best)
    recent = [i for i, at in enumerate(ledger.said_at) if at >= sentence.index - RECENT]
    own = [i for i in recent if ledger.items[i].owner == sentence.speaker]
    weak = all(lx.WEAK_REVISION.fullmatch(m) for m in markers)
    candidates = own if weak else own or recent
    return candidates[-1] if candidates else None


def _content_words(sentence: Sentence) -> set[str]:
    """The words that can name a step: not the revision's own words nor its dates ("actually,
    make that Friday the 19th" names nothing)."""
    text = sentence.lower
    for d in sentence.dates:
        text = text[: d.start] + " " * (d.end - d.start) + text[d.end :]
    return set(_WORD.findall(text)) - _REVISION_WORDS


def _markers(sentence: Sentence) -> list[str]:
    """The revision markers said, "let's say" only when a date follows at once."""
    found = []
    for m in lx.REVISION.finditer(sentence.text):
        if lx.SAY_DATE.fullmatch(m[0]) and not any(
            0 <= d.start - m.end() <= 12 for d in sentence.dates
        ):
            continue  # "let's say Alice wants to swap": an example
        found.append(m[0])
    # "Monday then, Monday the sixth, pilot proposal in your inbox.": a date opening the
    # sentence, then "then".
    first = sentence.dates[0] if sentence.dates else None
    if (
        first is not None
        and _OPENING.fullmatch(sentence.text[: first.start])
        and re.match(r"\s*then\b", sentence.text[first.end :], re.IGNORECASE)
    ):
        found.append("then")
    return found


def _shared(said: set[str], action: str) -> int:
    """Words of the action said again, a word's longer form counting ("walkdown", "walk")."""
    words = set(_WORD.findall(action.lower()))
    return sum(any(a.startswith(b) or b.startswith(a) for b in said) for a in words)


def reschedules_elsewhere(sentence: Sentence, commitment: Commitment) -> bool:
    """ "Let's move user training to the 31st": a marked move of a step no commitment holds."""
    verb = commitment.action.split()[0].lower() if commitment.action else ""
    return verb in lx.RESCHEDULE_VERBS and bool(_markers(sentence))


def _names_a_step(commitment: Commitment) -> bool:
    """The action has an object of its own: "do the upgrade", not "make that" / "do it"."""
    words = commitment.action.split()
    return len(words) > 1 and not lx.PRONOUN_OBJECT.match(commitment.action)


def order_target(sentence: Sentence, ledger: Ledger, call_date: dt.date) -> int | None:
    """The commitment an unmarked order moves ("Ship them on January 5th."), if any."""
    text = sentence.text.strip()
    if sentence.asks or not sentence.future_dates(call_date):
        return None
    words = [w.lower() for w in re.findall(r"[A-Za-z'-]+", text)]
    while words and words[0] in _OPENERS:
        words.pop(0)
    if not words or len(words) > _ORDER_WORDS or len(words[0]) < 3 or words[0] in _NOT_ORDERS:
        return None
    verb = words[0]
    for i in reversed(range(len(ledger.items))):
        if ledger.said_at[i] >= sentence.index - _ORDER_REACH and _same_verb(verb, ledger.items[i]):
            return i
    return None


def corrected_target(
    sentence: Sentence, previous: Sentence | None, ledger: Ledger, call_date: dt.date
) -> int | None:
    """ "You'll have it Friday. No, wait, we're closed Friday. Monday.": a date said alone just
    after the speaker caught themselves moves their latest step."""
    dates = sentence.future_dates(call_date)
    alone = len(sentence.text.split()) <= 4 and dates and dates[0].date is not None
    caught = (
        previous is not None
        and previous.segment == sentence.segment
        and _CAUGHT.search(previous.text)
    )
    if not (alone and caught):
        return None
    mine = [
        i
        for i, c in enumerate(ledger.items)
        if c.owner == sentence.speaker and ledger.said_at[i] >= sentence.index - _ORDER_REACH
    ]
    return mine[-1] if mine else None


def _same_verb(verb: str, commitment: Commitment) -> bool:
    """ "ship" is the verb of "Ship the kit" and of "Have the kit shipped"."""
    words = re.findall(r"[a-z]+", commitment.action.lower())
    if not words:
        return False
    participles = [w for w in words[1:] if w.endswith("ed")]
    return words[0] == verb or any(w.startswith(verb) for w in participles)


def revise(old: Commitment, sentence: Sentence, due: str | None) -> Commitment | None:
    """The commitment with the new deadline words and the revision as more evidence."""
    if due is None or not old.evidence:
        return None
    return old.model_copy(
        update={"due_text": due, "evidence": (*old.evidence, sentence.evidence())}
    )
