"""Requests: "Can you send me pricing by Tuesday?" + "Sure." is a commitment of the one who
accepts, dated by their reply if they name a date; "Sure, I'll send it" just after is not a
second one."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from pipeline.extract.rules import clauses, questions, view
from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules.sentences import Sentence
from pipeline.extract.rules.view import CallView
from pipeline.models import Commitment, Evidence


def request(
    question: Sentence, call: CallView, ask: re.Pattern[str] | None = None
) -> list[Commitment]:
    """ "Can you send me pricing by Tuesday?" + "Sure." (or `ask`: "Who'd be best to ...?",
    "Someone needs to ...") is owned by the one who accepts."""
    if ask is None:
        match = lx.REQUEST.search(question.text) or lx.WHO_REQUEST.search(question.text)
        match = match or lx.ASK_FOR.search(question.text)
    else:
        match = ask.search(question.text)
    if match is None or not clauses.is_action(match) or lx.MOVE_ASK.search(question.text):
        return []  # "Can you prepone it?" moves a step (`asked_to_move`), it is none
    in_call = lx.IN_CALL.match(question.text, match.start("verb"))
    if in_call and not question.future_dates(call.call_date):
        return []  # "could you give Kate the two-minute version?": done on the call
    added: Sentence | None = None  # "Could you ...? By Wednesday, if possible."
    handed_to: str | None = None  # "Shreya, that's one for you, isn't it?"
    for reply in _replies(question, call):
        if reply.speaker == question.speaker:
            if reply.segment != question.segment:
                return []
            added = added or (reply if _leads_with_date(reply, call) else None)
            continue
        if handed_to is None and (handed := _handed_on(reply, call)):
            handed_to = handed
            continue
        if handed_to is not None and reply.speaker != handed_to:
            return []
        if lx.NEGATED.search(reply.text) or not (
            lx.ACCEPT.match(reply.text.strip()) or _only_a_date(reply, call)
        ):
            return []
        commitment = clauses.make(question, match, reply.speaker, reply.side, call.call_date)
        if commitment.due_text is None and added is not None:
            due = clauses.due(added, 0, call.call_date)
            commitment = commitment.model_copy(
                update={"due_text": due, "evidence": (*commitment.evidence, added.evidence())}
            )
        commitment = dated_by_reply(commitment, question, call, reply)
        action = re.sub(r"\b(?:me|us)\b", question.speaker.split()[0], commitment.action)
        if match.re is lx.ASK_FOR:  # "Could we get the specs?": the one who accepts sends them
            action = "Send" + action[len(match["verb"]) :]
        action = questions.with_question(action, question, call.sentences)  # "Can you find out?"
        asked: tuple[Evidence, ...] = (question.evidence(), reply.evidence())
        evidence = asked + tuple(e for e in commitment.evidence if e not in asked)
        return [commitment.model_copy(update={"action": action, "evidence": evidence})]
    return []


def asked_to_move(sentence: Sentence, call: CallView) -> bool:
    """Someone else just asked the speaker to move a step ("Monday? Can you prepone it?"), so
    "I'll send it by tomorrow" moves the speaker's step rather than adding one."""
    earlier = call.sentences[max(0, sentence.index - 3) : sentence.index]
    for at, s in enumerate(earlier):
        talking = {s.speaker, sentence.speaker}  # nobody else spoke between
        if s.speaker != sentence.speaker and lx.MOVE_ASK.search(s.text):
            return all(b.speaker in talking for b in earlier[at + 1 :])
    return False


def _replies(question: Sentence, call: CallView) -> Sequence[Sentence]:
    """The sentences that may answer a request: the next three, not counting the asker's own
    words that go on from it ("Could we have the code mappings? LEDES, UTBMS, that sort of
    thing. Our clients are fussy.")."""
    after = call.sentences[question.index + 1 : question.index + 6]
    going_on = len(list(itertools.takewhile(lambda s: s.segment == question.segment, after)))
    return after[: min(going_on, 2) + 3]


def _handed_on(said: Sentence, call: CallView) -> str | None:
    """The speaker a colleague hands a request to: "Shreya, that's one for you, isn't it?"."""
    m = lx.HANDED_ON.match(said.text.strip())
    if m is None:
        return None
    person = view.known_person(m["name"], call)
    return person[0] if person is not None and person[0] != said.speaker else None


def dated_by_reply(
    commitment: Commitment, asked: Sentence, call: CallView, reply: Sentence | None = None
) -> Commitment:
    """The date the one who takes it on says in their reply ("Yep, by the 29th."; "Yes. By the
    16th."): theirs is the promise, so it wins over a date in the request."""
    if reply is None:  # a tag question: the next words of someone else
        later = call.sentences[asked.index + 1 : asked.index + 2]
        reply = next((s for s in later if s.speaker != asked.speaker), None)
        if reply is None or not lx.ACCEPT.match(reply.text.strip()):
            return commitment
    replies = [reply, *call.sentences[reply.index + 1 : reply.index + 2]]
    for said in replies:
        if said.segment != reply.segment:
            break
        if said is not reply and not _says_a_date_first(said, call):
            break  # "Will do. Oh, and we saw Jürgen at Hannover Messe in April": other talk
        if due := clauses.due(said, 0, call.call_date):
            quoted = {e.quote for e in commitment.evidence}
            evidence = commitment.evidence + ((said.evidence(),) if said.text not in quoted else ())
            return commitment.model_copy(update={"due_text": due, "evidence": evidence})
    return commitment


def _only_a_date(reply: Sentence, call: CallView) -> bool:
    """ "By Tuesday." / "End of this week.": a reply that names a date and little else."""
    dates = reply.future_dates(call.call_date)
    return (
        len(dates) == 1
        and dates[0].date is not None
        and len(reply.text.split()) <= 4
        and not reply.asks
        and reply.text[: dates[0].start].strip(" ,.-").lower() in ("", "by", "before")
    )


def _leads_with_date(said: Sentence, call: CallView) -> bool:
    """ "By Wednesday, if possible, ...": a sentence that opens with a date."""
    dates = said.future_dates(call.call_date)
    return bool(dates) and dates[0].date is not None and not said.text[: dates[0].start].strip()


def _says_a_date_first(said: Sentence, call: CallView) -> bool:
    """ "By the 16th." / "End of next week, realistically, ..." / "I send it tomorrow.": a date
    said first, alone, or of the speaker's own doing."""
    dates = said.future_dates(call.call_date)
    leading = bool(dates) and not said.text[: dates[0].start].strip(" ,.-")
    own = re.match(r"(?:I|we|give me|give us)\b", said.text, re.I)  # "I send it tomorrow."
    weighed = lx.WEIGHED_DATE.match(said.text)  # "Realistically after the audit, so Thursday."
    return leading or bool(own or weighed) or len(said.text.split()) <= 6


def answers_request(sentence: Sentence, commitment: Commitment, call: CallView) -> bool:
    """ "Sure, I'll send it" / "I'll send you what I can share" after "Can you send ...?" or
    "Send me the pricing."."""
    verb = commitment.action.split()[0].lower() if commitment.action else ""
    pointing = bool(lx.PRONOUN_OBJECT.match(commitment.action))
    earlier = call.sentences[max(0, sentence.index - 2) : sentence.index]
    for at, s in enumerate(earlier):
        ordered = lx.ORDER.match(s.text)
        if s.speaker == sentence.speaker or not (s.asks or ordered):
            continue
        if lx.MOVE_ASK.search(s.text):
            continue  # "Can you prepone it?" "I'll send it by tomorrow": moved, not accepted
        # Another person's reply came between: the request was theirs to accept.
        between = earlier[at + 1 :]
        if any(b.speaker not in (s.speaker, sentence.speaker) for b in between):
            continue
        if any(b.speaker == sentence.speaker for b in between) and not _accepts(between):
            continue
        if lx.ASK_FOR.search(s.text):  # "Could we get a sample?" "I'll export about 500."
            return True
        request = lx.REQUEST.search(s.text) or ordered
        if request and (pointing or request["verb"].lower() == verb):
            return True
    return False


def said_yes_before(sentence: Sentence, call: CallView) -> bool:
    """The speaker said yes just before, in the same turn ("Sure. I might ...")."""
    earlier = call.sentences[max(0, sentence.index - 2) : sentence.index]
    return _accepts([s for s in earlier if s.segment == sentence.segment])


def _accepts(replies: Sequence[Sentence]) -> bool:
    return any(lx.ACCEPT.match(r.text.strip()) for r in replies)


def agreed(question: Sentence, call: CallView) -> bool:
    """A question someone else says yes to next ("Monday the 22nd is fine.", "Sure.")."""
    if not question.asks:
        return False
    reply = next(
        (
            s
            for s in call.sentences[question.index + 1 : question.index + 3]
            if s.speaker != question.speaker
        ),
        None,
    )
    if reply is None or lx.NEGATED.search(reply.text):
        return False
    return bool(lx.ACCEPT.match(reply.text.strip()) or lx.AGREED.search(reply.text))
