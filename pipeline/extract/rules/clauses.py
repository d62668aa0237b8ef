"""A commitment made from a matched clause: its action words, deadline, owner and status."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.dates import ResolvedDate
from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules import references as ref
from pipeline.extract.rules.sentences import Sentence
from pipeline.extract.rules.view import CallView
from pipeline.models import Commitment, CommitmentStatus, Side

# Results someone else brings about when the speaker "has" them done.
_SOMEONE_ELSES = frozenset("sign approve waive extend credit refund issue review".split())
# "Have the redlines back to you", "have a proposal with you": the speaker sends it.
_HAVE_IT_TO = re.compile(
    r"^have (?P<obj>.+?) (?:(?:over |(?P<back>back ))?to (?P<to>\w+)|with you)$", re.IGNORECASE
)
NO_PROMISES = re.compile(r"\bno promises\b", re.IGNORECASE)
# A date that is what a hedged offer gives, not its deadline: "push billing to February", "a
# free sandbox through March", "hold the price until the 15th".
_OFFERED_UNTIL = re.compile(r"(?:to|until|till|through|thru)\b", re.IGNORECASE)
# Past tense just before a date: when something happened, not a deadline (not participles:
# "have it signed by the 21st").
_PAST_BEFORE = re.compile(
    r"\b(?:left|joined|went|was|were|did|happened|retired|arrived|came|began)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# The speaker correcting a date they just said, within the sentence.
_CORRECTED = re.compile(
    r"\b(?:actually,? no|no,? wait|wait,? no|sorry|or rather|I mean|make (?:it|that))\b"
    r"|,\s*well,",  # "After the call, well, sometime in the next day or two"
    re.I,
)


def make(
    sentence: Sentence, match: re.Match[str], owner: str | None, side: Side, call_date: dt.date
) -> Commitment:
    verb_at = match.start("verb")
    tentative = lx.TENTATIVE.search(sentence.text[:verb_at]) or lx.TENTATIVE.search(match[0])
    tentative = tentative or NO_PROMISES.search(sentence.text)
    tentative = tentative or lx.HEDGE_AFTER.search(sentence.text, verb_at)
    due = due_mention(sentence, verb_at, call_date)
    if tentative and due is not None and _OFFERED_UNTIL.match(due.text):
        due = None  # "I could maybe push the start of billing to the first of February": offered
    topic = ref.fronted_topic(sentence.text, match.start())
    return Commitment(
        action=_done_by_me(
            ref.fronted_object(
                ref.with_topic(action_words(sentence, verb_at, due), topic),
                sentence.text,
                match.start(),
            )
        ),
        owner=owner,
        owner_side=side,
        due_text=due_words(sentence, due) if due else None,
        status=CommitmentStatus.TENTATIVE if tentative else CommitmentStatus.COMMITTED,
        evidence=(sentence.evidence(),),
    )


def phrased(sentence: Sentence, call: CallView, action: str, at: int) -> Commitment:
    """The speaker's commitment to `action` (words of the sentence, the deadline taken out)."""
    due = due_mention(sentence, at, call.call_date)
    if due is not None:
        action = action.replace(due.text, " ")
    words = _untrailed(action.strip(" .!?").split())
    action = " ".join(words)[:160]
    tentative = lx.TENTATIVE.search(sentence.text) or NO_PROMISES.search(sentence.text)
    return Commitment(
        action=action[:1].upper() + action[1:],
        owner=sentence.speaker,
        owner_side=sentence.side,
        due_text=due_words(sentence, due) if due else None,
        status=CommitmentStatus.TENTATIVE if tentative else CommitmentStatus.COMMITTED,
        evidence=(sentence.evidence(),),
    )


def base_form(participle: str) -> str | None:
    """ "sent" -> "send", "shipped" -> "ship", "updated" -> "update": delivery verbs only."""
    p = participle.lower()
    if p in lx.PARTICIPLES:
        return lx.PARTICIPLES[p]
    if not p.endswith("ed"):
        return None
    stem = p[:-2]
    bases = [stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else "", stem[:-1] + "y"]
    return next((b for b in bases if b in lx.DELIVERY_VERBS), None)


def action_words(sentence: Sentence, verb_at: int, due: ResolvedDate | None) -> str:
    """The words from the verb to the end of the clause, without the deadline."""
    text = sentence.text
    if due is not None and due.start >= verb_at:
        text = text[: due.start] + text[due.end :]
        superseded = [  # "send the deck Thursday, actually no, make it Monday": ends at Thursday
            d.start
            for d in sentence.dates
            if verb_at <= d.start
            and d.end <= due.start
            and _CORRECTED.search(sentence.text, d.end, due.start)
        ]
        text = text[: min(superseded)] if superseded else text
    tail = text[verb_at:]
    cuts = [m.start() for m in lx.CUT.finditer(tail) if len(tail[: m.start()].split()) >= 3]
    cuts += [m.start() for m in lx.ALWAYS_CUT.finditer(tail)]
    words = _untrailed(tail[: min(cuts, default=len(tail))].strip(" .!?—–-").split())
    action = re.sub(r"\s+([,;])", r"\1", " ".join(words))[:160]  # "over , with" -> "over, with"
    return action[:1].upper() + action[1:]


def _done_by_me(action: str) -> str:
    """ "Have Okta configured" -> "Configure Okta": the speaker's step, said as its result. Not
    when someone else acts: "have the DPA signed", "get the fee waived" stay as said. "Have a
    proposal with you", "have that over to you" -> "Send ...": what reaches the other side."""
    if sent := _HAVE_IT_TO.match(action):
        back = "back " if sent["back"] else ""
        to = f" {back}to {sent['to']}" if sent["to"] else ""
        return f"Send {sent['obj']}{to}"
    m = re.match(
        r"^(?:have|get) (?P<obj>.+?) (?P<done>\w+ed|done|sent|written|built)$", action, re.I
    )
    verb = base_form(m["done"]) if m else None
    if m is None or verb is None or verb in _SOMEONE_ELSES:
        return action
    return f"{verb.capitalize()} {m['obj']}"


def _untrailed(words: list[str]) -> list[str]:
    """Without the words a cut leaves dangling ("send it to", "review the"); "that" stays when it
    is the verb's object ("I can have that by Friday": "Have that", resolved later)."""
    while words and words[-1].lower() in lx.TRAILING_WORDS:
        if len(words) == 2 and words[-1].lower() in ("that", "this"):
            break
        if words[-1].lower() == "in" and words[0].lower() in ("loop", "bring", "fill"):
            break  # "Loop Doug in"
        words.pop()
    return words


def due(sentence: Sentence, after: int, call_date: dt.date) -> str | None:
    """The deadline words, with their preposition ("by Friday"), nearest after `after`."""
    mention = due_mention(sentence, after, call_date)
    return due_words(sentence, mention) if mention else None


def due_mention(sentence: Sentence, after: int, call_date: dt.date) -> ResolvedDate | None:
    # A date in a condition is not the deadline: "... free if you start the test this month".
    condition = lx.CONDITION_START.search(sentence.text, after)
    limit = condition.start() if condition else len(sentence.text)
    if (other := lx.OTHER_CLAUSE.search(sentence.text, after)) and after > 0:
        limit = min(limit, other.start())
    future = [
        d
        for d in sentence.future_dates(call_date)
        if d.start < limit
        and not sentence.text.startswith(("'s", "’s"), d.end)  # "hold this year's rate card"
        and not _PAST_BEFORE.search(sentence.text, 0, d.start)  # "our legal head left in december"
    ]
    # A date before the verb is the deadline ("By Friday I'll send it") unless another clause
    # ends between them ("You'll have the case study by Wednesday, and I'll ask ...").
    before = [
        d
        for d in future
        if d.end <= after and not lx.NEW_CLAUSE.search(sentence.text, d.end, after)
    ]
    candidates = [d for d in future if d.end > after] or before
    if not candidates:
        return None
    due = candidates[0]
    for later in candidates[1:]:  # "Thursday, actually no, make it Monday": the later one
        if _CORRECTED.search(sentence.text, due.end, later.start):
            due = later
    return due


def due_words(sentence: Sentence, mention: ResolvedDate) -> str:
    lead = lx.DEADLINE_WORD.search(sentence.text[: mention.start])
    has_lead = mention.text.lower().startswith(("by ", "before ", "until ", "no later"))
    start = lead.start() if lead and not has_lead else mention.start
    return sentence.text[start : mention.end].strip()


def date_after_verb(sentence: Sentence, match: re.Match[str], call: CallView) -> bool:
    return any(d.end > match.start("verb") for d in sentence.future_dates(call.call_date))


# "do that" / "do it": empty, unless a fronted topic says what "that" is.
_DO_THAT = re.compile(r"do (?:that|it|this)\b", re.IGNORECASE)


def is_action(match: re.Match[str]) -> bool:
    verb = match["verb"].lower()
    rest = match.string[match.start("verb") :]
    empty = lx.EMPTY_DO.match(rest) or lx.EMPTY_TRY.match(rest)
    if empty and _DO_THAT.match(rest) and ref.fronted_topic(match.string, match.start()):
        return True  # "And the floor-by-floor checklist, I'll do that next week."
    if lx.SORT_OUT.match(rest):  # "sort the guest account", not "sort of"
        return True
    return verb not in lx.NOT_ACTIONS and len(verb) > 1 and not empty


def owed(commitment: Commitment, match: re.Match[str], *, in_call_ok: bool = False) -> bool:
    """Undated, the action must name what is owed ("I'll send the SOW", not "I'll send it",
    "I'll start" or "I'll walk you through it"): else it is talk."""
    words = commitment.action.split()
    weak = match["verb"].lower() in lx.WEAK_VERBS and not lx.WEAK_BUT_OWED.match(commitment.action)
    vague = lx.PRONOUN_OBJECT.match(commitment.action) or (weak and not in_call_ok)
    in_call = lx.IN_CALL.match(match.string, match.start("verb")) and not in_call_ok
    return not vague and not in_call and len(words) > 1
