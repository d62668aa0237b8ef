"""What a speaker says just after a promise that changes it: a date said on its own ("I'll get
you the truck counts. Next week, though."), the answer to "When would I have it?", a hedge
("I'll ask him. No promises.") and taking the step on ("Leave it with me.")."""

from __future__ import annotations

import itertools
import re

from pipeline.extract.rules import clauses
from pipeline.extract.rules import form_patterns as fp
from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules.sentences import Sentence
from pipeline.extract.rules.view import CallView
from pipeline.models import Evidence


def date_said_after(sentence: Sentence, call: CallView) -> tuple[str, Evidence] | None:
    """ "I'll get you the truck counts. Next week, though." / "Realistically that's the week
    after next.": a date said on its own right after an undated promise is its deadline; so is
    the promiser's answer when the other side asks "When would I have it?"."""
    following = call.sentences[sentence.index + 1 : sentence.index + 4]
    if not following:
        return None
    said = following[0]
    if said.speaker != sentence.speaker:  # "No problem at all. When should we look out for it?"
        theirs = list(itertools.takewhile(lambda s: s.speaker == said.speaker, following))
        asked = next((s for s in theirs[:2] if lx.ASKS_WHEN.match(s.text.strip())), None)
        answer = following[len(theirs) : len(theirs) + 1]
        if asked is not None and answer and answer[0].speaker == sentence.speaker:
            return date_alone(answer[0], call)
        return None
    if said.segment != sentence.segment or lx.ABOUT_SOMEONE.match(said.text):
        return None  # "I'll get Maddie to confirm it. She's on leave till Wednesday."
    return date_alone(said, call)


def date_alone(said: Sentence, call: CallView) -> tuple[str, Evidence] | None:
    """The date a short sentence, or one that starts with it, names: "First one on Wednesday
    the 28th.", "End of next week, given the holiday on Friday."."""
    dates = said.future_dates(call.call_date)
    if not dates or dates[0].date is None:
        return None
    before = said.text[: dates[0].start].strip(" ,.-")
    after = lx.AFTERTHOUGHT.match(said.text[dates[0].end :])
    if lx.THAT_IS_WHEN.match(before) or len(said.text.split()) <= 6 or (not before and after):
        return dates[0].text, said.evidence()
    return None


def taken_on_next(sentence: Sentence, call: CallView) -> bool:
    """The speaker's next words, in the same turn, take the step on ("Leave it with me.")."""
    following = call.sentences[sentence.index + 1 : sentence.index + 2]
    return any(s.segment == sentence.segment and lx.TAKEN_ON.match(s.text) for s in following)


def hedged_next(sentence: Sentence, call: CallView) -> bool:
    """ "I'll ask him. No promises.": the speaker's next words take the promise back a little."""
    following = call.sentences[sentence.index + 1 : sentence.index + 2]
    return any(
        s.segment == sentence.segment and clauses.NO_PROMISES.match(s.text.strip())
        for s in following
    )


# A promise for the occasion just named: "I'll put it to them then", "... at that meeting".
_AT_THAT = re.compile(
    r"\b(?:then|there|at (?:that|the) (?:meeting|session|call|review|workshop|committee))\b"
    r"[.!]?$",
    re.IGNORECASE,
)


def date_of_occasion(sentence: Sentence, call: CallView) -> tuple[str, Evidence] | None:
    """ "The partners meet on the 18th. I'll put it to them then." / "Phase two goes to the
    budget meeting on the 18th of November. I'll make the case at that meeting.": the day of the
    occasion the speaker named just before."""
    if not _AT_THAT.search(sentence.text) or sentence.future_dates(call.call_date):
        return None
    if fp.BRING_PEOPLE.search(sentence.text):
        return None  # "I'll get the leads there": people brought (`forms`), dated by the session
    before = call.sentences[sentence.index - 1] if sentence.index else None
    if before is None or before.speaker != sentence.speaker or before.segment != sentence.segment:
        return None
    dates = [d for d in before.future_dates(call.call_date) if d.date is not None]
    return (dates[-1].text, before.evidence()) if len(dates) == 1 else None
