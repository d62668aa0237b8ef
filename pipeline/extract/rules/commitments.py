"""Commitments: who said they (or a named person) would do what, by when.

Forms recognised, each on one sentence (the evidence is that sentence, verbatim):
  first person     "I'll send the questionnaire by Friday"; "we'll ..." and "let's ..." only
                   with a date (otherwise they are mostly talk: "we'll go from there")
  tentative offer  "I might be able to set up a reference call" (status tentative)
  third person     "Tom will review the DPA by the 15th" (Tom must look like a person)
  role owner       "our legal team will review it next week" (no name: owner_role, flagged later);
                   "my team will ..." belongs to the speaker
  request/accept   "Can you send me pricing by next Tuesday?" + "Sure." (owner: who accepted)
  pronoun subject  "They'll send you the questionnaire": the group or person of the commitment
                   the same speaker stated just before
  revision         "Actually, let's make that Monday." / "Ship them on January 5th." moves the
                   date of the commitment it refers to (`revisions`)
Pronoun objects are replaced where the call says plainly what they point to (`references`).
Not commitments: questions, negations, "if we could ...", "we can come back to that", "let's
make sure the POS gives you a quiet holiday", an undated one-word action ("I'll start"), and
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
from pipeline.extract.rules import references as ref
from pipeline.extract.rules import revisions
from pipeline.extract.rules.revisions import Ledger
from pipeline.extract.rules.sentences import Sentence
from pipeline.models import Commitment, CommitmentStatus, Evidence, Side

_SIMILAR_ACTION = 75.0
_FULL_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][^\W\d_'’]+(?:['’][^\W\d_]+)?)(?!\w)")
_NO_PROMISES = re.compile(r"\bno promises\b", re.IGNORECASE)


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
    ledger = Ledger()
    for sentence in sentences:
        new = _from_sentence(sentence, call) + _pronoun_subject(sentence, ledger, call)
        target = revisions.marked_target(sentence, new, ledger)
        if target is None and not new:
            target = revisions.order_target(sentence, ledger, call_date)
        if target is not None:
            due = _due(sentence, 0, call_date)
            revised = revisions.revise(ledger.items[target], sentence, due)
            if revised is not None:
                ledger.replace(target, revised, sentence.index)
                continue
        for commitment in new:
            if _named(commitment) and not revisions.reschedules_elsewhere(sentence, commitment):
                _add(ledger, commitment, sentence.index)
    return ledger.items


def _named(commitment: Commitment) -> bool:
    """An action of one word needs a date to mean anything ("Richard will sign by the 20th";
    not "I'll start", "we might treat…", "find out")."""
    if commitment.due_text is None and lx.EMPTY_FIND.match(commitment.action):
        return False
    return commitment.due_text is not None or len(commitment.action.split()) > 1


def _from_sentence(sentence: Sentence, call: _Call) -> list[Commitment]:
    text = sentence.text
    tagged = bool(lx.TAG_QUESTION.search(text.rstrip()))  # "..., right Lena?"
    if text.rstrip().endswith("?") and not tagged:
        return _resolved(_request(sentence, call), sentence, call)
    if lx.CONDITIONAL.search(text):
        return []
    found = [c for m in lx.FIRST_PERSON.finditer(text) if (c := _first_person(m, sentence, call))]
    for match in lx.THIRD_PERSON.finditer(text):
        if lx.PLACE_BEFORE.search(text[: match.start()]):
            continue  # "our team in Lisbon will read the minutes"
        person = _person(match["name"], sentence, call)
        offer = match["modal"].strip() == "can" and not _date_after_verb(sentence, match, call)
        if person and _is_action(match) and not offer:
            made = _make(sentence, match, person[0], person[1], call.call_date)
            if made.due_text is not None or _owed(made, match):
                found.append(made)
    for match in lx.ROLE_OWNER.finditer(text):
        weak = match["verb"].lower() in lx.WEAK_VERBS and not _date_after_verb(
            sentence, match, call
        )
        if _is_action(match) and not weak:
            match_side = _side_of_possessive(match["whose"], sentence.side)
            named = lx.PERSON_FROM.search(text[: match.start()])  # "Raj from our IT team"
            person = None
            if named and named["name"].split()[0] not in lx.NOT_NAMES:
                person = _person(named["name"], sentence, call) or (named["name"], match_side)
            if person is not None:
                found.append(_make(sentence, match, person[0], person[1], call.call_date))
            else:
                found.append(_role_owned(match, sentence, call))
    for match in lx.BARE_ROLE_OWNER.finditer(text):
        if _is_action(match) and match["verb"].lower() not in lx.WEAK_VERBS:
            found.append(_role_owned(match, sentence, call))
    others = _other_forms(sentence, call)
    delegated = {f"{m['name']} ".lower() for m in lx.DELEGATED.finditer(text)}
    if delegated:  # "I'll have Gemma send it": Gemma's, not "Have Gemma send it" of the speaker
        found = [c for c in found if not _names_delegate(c.action, delegated)]
    found += others
    if lx.SOMEONE_NEEDS.search(text):  # "Someone on your side needs to ..." + "That's mine."
        found += _request(sentence, call, lx.SOMEONE_NEEDS)
    if tagged:
        found = [_dated_by_reply(c, sentence, call) for c in found]
    return _resolved(found, sentence, call)


def _names_delegate(action: str, delegated: set[str]) -> bool:
    rest = action.split(" ", 1)[-1].lower() + " "
    return any(rest.startswith(name) for name in delegated)


def _other_forms(sentence: Sentence, call: _Call) -> list[Commitment]:
    """ "Expect the redlines from us next week", "count me in for the workshop on the 9th", "our
    plan is to kick off on March 8th", "the SOW will be sent over by the 8th" (dated: else they
    are talk), and "Hugo said he'll enable the API keys by the 20th"."""
    text = sentence.text
    dated = bool(sentence.future_dates(call.call_date))
    found = []
    for form in (lx.YOU_WILL_HAVE, lx.SEE_YOU_HAVE):
        if (m := form.search(text)) and dated:
            made = _phrased(sentence, call, f"send {m['obj']}", m.start())
            topic = ref.fronted_topic(text, m.start())  # "And the rota, I'll see you have it"
            found.append(made.model_copy(update={"action": ref.with_topic(made.action, topic)}))
    for m in lx.DELEGATED.finditer(text):
        named = m["name"].split()[0] not in lx.NOT_NAMES and _is_action(m)
        if named and m["verb"].lower() not in lx.WEAK_VERBS | {"be"}:
            delegate = _person(m["name"], sentence, call) or (m["name"], sentence.side)
            found.append(_make(sentence, m, delegate[0], delegate[1], call.call_date))
    if (m := lx.EXPECT_FROM_US.search(text)) and dated:
        found.append(_phrased(sentence, call, f"send {m['obj']}", m.start()))
    if (m := lx.NEXT_STEP.match(text.strip())) and dated:
        found.append(_phrased(sentence, call, m["obj"], m.start()))
    if m := lx.COUNT_ME_IN.search(text):
        found.append(_phrased(sentence, call, f"attend {m['obj']}", m.start()))
    if (m := lx.PLAN_TO.search(text)) and _is_action(m) and _date_after_verb(sentence, m, call):
        found.append(_make(sentence, m, sentence.speaker, sentence.side, call.call_date))
    if (m := lx.PASSIVE.search(text)) and dated and (verb := _base_form(m["verb"])):
        action = f"{verb}{m['particle'] or ''} {m['obj']}"
        found.append(_phrased(sentence, call, action, m.start()))
    for m in lx.REPORTED.finditer(text):
        person = _person(m["name"], sentence, call)
        if person is not None and _is_action(m):
            made = _make(sentence, m, person[0], person[1], call.call_date)
            if made.due_text is not None or _owed(made, m):
                found.append(made)
    return found


def _phrased(sentence: Sentence, call: _Call, action: str, at: int) -> Commitment:
    """The speaker's commitment to `action` (words of the sentence, the deadline taken out)."""
    due = _due_mention(sentence, at, call.call_date)
    if due is not None:
        action = action.replace(due.text, " ")
    words = action.strip(" .!?").split()
    while words and words[-1].lower() in lx.TRAILING_WORDS:
        words.pop()
    action = " ".join(words)[:160]
    tentative = lx.TENTATIVE.search(sentence.text) or _NO_PROMISES.search(sentence.text)
    return Commitment(
        action=action[:1].upper() + action[1:],
        owner=sentence.speaker,
        owner_side=sentence.side,
        due_text=_due_words(sentence, due) if due else None,
        status=CommitmentStatus.TENTATIVE if tentative else CommitmentStatus.COMMITTED,
        evidence=(sentence.evidence(),),
    )


def _base_form(participle: str) -> str | None:
    """ "sent" -> "send", "shipped" -> "ship", "updated" -> "update": delivery verbs only."""
    p = participle.lower()
    if p in lx.PARTICIPLES:
        return lx.PARTICIPLES[p]
    if not p.endswith("ed"):
        return None
    stem = p[:-2]
    bases = [stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else "", stem[:-1] + "y"]
    return next((b for b in bases if b in lx.DELIVERY_VERBS), None)


def _resolved(found: list[Commitment], sentence: Sentence, call: _Call) -> list[Commitment]:
    """Pronouns replaced where the call says what they point to, "you" by its name."""
    you = ref.addressee(sentence, call.sentences)
    person = ref.named_person(sentence, call.sentences, call.full_names)
    thing = ref.asked_thing(sentence, call.sentences) if found else None
    hedged = _hedged_next(sentence, call)
    afterthought = _date_said_after(sentence, call)
    resolved = []
    for c in found:
        if hedged:
            c = c.model_copy(update={"status": CommitmentStatus.TENTATIVE})
        if afterthought is not None and c.due_text is None:
            due_text, said = afterthought
            c = c.model_copy(update={"due_text": due_text, "evidence": (*c.evidence, said)})
        action = ref.with_person(c.action, person) if person != c.owner else c.action
        action = ref.with_topic(action, thing)
        resolved.append(c.model_copy(update={"action": ref.with_addressee(action, you)}))
    return resolved


def _pronoun_subject(sentence: Sentence, ledger: Ledger, call: _Call) -> list[Commitment]:
    """ "They'll send you the questionnaire": owned like the speaker's previous sentence's
    commitment for someone else ("Our risk team will complete the due diligence by the 15th.")."""
    match = lx.PRONOUN_SUBJECT.search(sentence.text)
    if match is None or not _is_action(match) or sentence.text.rstrip().endswith("?"):
        return []
    earlier = [
        c
        for c, at in zip(ledger.items, ledger.said_at, strict=True)
        if sentence.index - 2 <= at < sentence.index
        and c.owner != sentence.speaker
        and c.evidence[-1].speaker == sentence.speaker
    ]
    if not earlier:
        return []
    owner = earlier[-1]
    made = _make(sentence, match, owner.owner, owner.owner_side, call.call_date)
    made = made.model_copy(update={"owner_role": owner.owner_role})
    return _resolved([made], sentence, call)


def _first_person(match: re.Match[str], sentence: Sentence, call: _Call) -> Commitment | None:
    before = sentence.text[: match.start()]
    if not _is_action(match) or lx.NEGATED.search(sentence.text[: match.start("verb")]):
        return None
    if lx.IN_CHAT.match(sentence.text, match.start("verb")):
        return None  # "I'll drop my notes in the chat": done on the call
    if lx.RELATIVE.search(before):
        return None
    rest = sentence.text[match.end("verb") :].lower()
    if match["letme"] and match["verb"].lower() == "make" and rest.lstrip().startswith("sure"):
        return None  # "let's make sure the new POS gives you a quiet holiday": a wish
    commitment = _make(sentence, match, sentence.speaker, sentence.side, call.call_date)
    modal = (match["modal"] or "").strip().lower()
    dated = commitment.due_text is not None and _date_after_verb(sentence, match, call)
    hedged = modal in {"might", "may be able to", "might be able to"} or modal.startswith("could ")
    follow_up = (match["letme"] or "").lower() == "let me" and lx.FOLLOW_UP.match(
        sentence.text, match.start("verb")
    )
    if follow_up:
        # "Let me check what the contracts say": owed. Right after the speaker's own hedged
        # offer ("I might be able to ... Let me check with finance.") it is part of the offer.
        keep = _owed(commitment, match, in_call_ok=True) and not _after_own_offer(sentence, call)
    elif modal in {"can", "could"} or match["letme"]:
        # Offers and "let's" are commitments only with a date (or a hedge: tentative).
        keep = dated or hedged
    elif (match["subject"] or "").lower() == "we":
        # "We'll" is mostly how a meeting goes on ("we'll turn to the next item", "we'll take
        # care of it"): a promise with a date after the verb, or undated when it delivers
        # something named ("we'll add them to the surveillance scope").
        delivers = match["verb"].lower() in lx.DELIVERY_VERBS and _owed(commitment, match)
        keep = dated or hedged or (commitment.due_text is None and delivers)
    elif commitment.due_text is None:
        keep = hedged or (_owed(commitment, match) and match["verb"].lower() not in lx.TALK_VERBS)
    else:
        keep = True
    if keep and _answers_request(sentence, commitment, call):
        return None  # "Sure, I'll send it": the request already holds this commitment
    return commitment if keep else None


def _after_own_offer(sentence: Sentence, call: _Call) -> bool:
    """The sentence before, in the same turn, is the speaker's own hedged offer."""
    if sentence.index == 0:
        return False
    previous = call.sentences[sentence.index - 1]
    return (
        previous.segment == sentence.segment
        and bool(lx.FIRST_PERSON.search(previous.text))
        and bool(lx.TENTATIVE.search(previous.text))
    )


def _owed(commitment: Commitment, match: re.Match[str], *, in_call_ok: bool = False) -> bool:
    """Undated, the action must name what is owed ("I'll send the SOW", not "I'll send it",
    "I'll start" or "I'll walk you through it"): else it is talk."""
    words = commitment.action.split()
    weak = match["verb"].lower() in lx.WEAK_VERBS and not lx.GET_YOU.match(commitment.action)
    vague = lx.PRONOUN_OBJECT.match(commitment.action) or (weak and not in_call_ok)
    in_call = lx.IN_CALL.match(match.string, match.start("verb")) and not in_call_ok
    return not vague and not in_call and len(words) > 1


def _role_owned(match: re.Match[str], sentence: Sentence, call: _Call) -> Commitment:
    if match["whose"].lower() == "my":  # "my team will ...": the speaker answers for it
        return _make(sentence, match, sentence.speaker, sentence.side, call.call_date)
    side = _side_of_possessive(match["whose"], sentence.side)
    commitment = _make(sentence, match, None, side, call.call_date)
    return commitment.model_copy(update={"owner_role": match["role"]})


def _request(
    question: Sentence, call: _Call, ask: re.Pattern[str] | None = None
) -> list[Commitment]:
    """ "Can you send me pricing by Tuesday?" + "Sure." (or `ask`: "Who'd be best to ...?",
    "Someone needs to ...") is owned by the one who accepts."""
    if ask is None:
        match = lx.REQUEST.search(question.text) or lx.WHO_REQUEST.search(question.text)
    else:
        match = ask.search(question.text)
    if match is None or not _is_action(match):
        return []
    in_call = lx.IN_CALL.match(question.text, match.start("verb"))
    if in_call and not question.future_dates(call.call_date):
        return []  # "could you give Kate the two-minute version?": done on the call
    for reply in call.sentences[question.index + 1 : question.index + 3]:
        if reply.speaker == question.speaker:
            continue
        if not lx.ACCEPT.match(reply.text.strip()) or lx.NEGATED.search(reply.text):
            return []
        commitment = _make(question, match, reply.speaker, reply.side, call.call_date)
        commitment = _dated_by_reply(commitment, question, call, reply)
        action = re.sub(r"\b(?:me|us)\b", question.speaker.split()[0], commitment.action)
        asked: tuple[Evidence, ...] = (question.evidence(), reply.evidence())
        evidence = asked + tuple(e for e in commitment.evidence if e not in asked)
        return [commitment.model_copy(update={"action": action, "evidence": evidence})]
    return []


def _dated_by_reply(
    commitment: Commitment, asked: Sentence, call: _Call, reply: Sentence | None = None
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
        if due := _due(said, 0, call.call_date):
            quoted = {e.quote for e in commitment.evidence}
            evidence = commitment.evidence + ((said.evidence(),) if said.text not in quoted else ())
            return commitment.model_copy(update={"due_text": due, "evidence": evidence})
    return commitment


def _make(
    sentence: Sentence, match: re.Match[str], owner: str | None, side: Side, call_date: dt.date
) -> Commitment:
    verb_at = match.start("verb")
    tentative = lx.TENTATIVE.search(sentence.text[:verb_at]) or lx.TENTATIVE.search(match[0])
    tentative = tentative or _NO_PROMISES.search(sentence.text)
    tentative = tentative or lx.HEDGE_AFTER.search(sentence.text, verb_at)
    due = _due_mention(sentence, verb_at, call_date)
    topic = ref.fronted_topic(sentence.text, match.start())
    return Commitment(
        action=ref.with_topic(_action(sentence, verb_at, due), topic),
        owner=owner,
        owner_side=side,
        due_text=_due_words(sentence, due) if due else None,
        status=CommitmentStatus.TENTATIVE if tentative else CommitmentStatus.COMMITTED,
        evidence=(sentence.evidence(),),
    )


def _date_said_after(sentence: Sentence, call: _Call) -> tuple[str, Evidence] | None:
    """ "I'll get you the truck counts. Next week, though.": a date said on its own right after
    an undated promise is its deadline."""
    following = call.sentences[sentence.index + 1 : sentence.index + 2]
    for s in following:
        words = s.text.split()
        dates = s.future_dates(call.call_date)
        after = lx.AFTERTHOUGHT.match(s.text[dates[0].end :]) if dates else None
        if s.segment != sentence.segment or not dates or dates[0].date is None:
            continue
        leading = not s.text[: dates[0].start].strip(" ,.-").split()
        if len(words) <= 6 or (leading and after):  # "First one on Wednesday the 28th."
            return dates[0].text, s.evidence()
    return None


def _hedged_next(sentence: Sentence, call: _Call) -> bool:
    """ "I'll ask him. No promises.": the speaker's next words take the promise back a little."""
    following = call.sentences[sentence.index + 1 : sentence.index + 2]
    return any(
        s.segment == sentence.segment and _NO_PROMISES.match(s.text.strip()) for s in following
    )


def _action(sentence: Sentence, verb_at: int, due: ResolvedDate | None) -> str:
    """The words from the verb to the end of the clause, without the deadline."""
    text = sentence.text
    if due is not None and due.start >= verb_at:
        text = text[: due.start] + text[due.end :]
    tail = text[verb_at:]
    cuts = [m.start() for m in lx.CUT.finditer(tail) if len(tail[: m.start()].split()) >= 3]
    cuts += [m.start() for m in lx.ALWAYS_CUT.finditer(tail)]
    words = tail[: min(cuts, default=len(tail))].strip(" .!?").split()
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
    if (other := lx.OTHER_CLAUSE.search(sentence.text, after)) and after > 0:
        limit = min(limit, other.start())
    future = [d for d in sentence.future_dates(call_date) if d.start < limit]
    # A date before the verb is the deadline ("By Friday I'll send it") unless another clause
    # ends between them ("You'll have the case study by Wednesday, and I'll ask ...").
    before = [
        d
        for d in future
        if d.end <= after and not lx.NEW_CLAUSE.search(sentence.text, d.end, after)
    ]
    candidates = [d for d in future if d.end > after] or before
    return candidates[0] if candidates else None


def _due_words(sentence: Sentence, mention: ResolvedDate) -> str:
    lead = lx.DEADLINE_WORD.search(sentence.text[: mention.start])
    has_lead = mention.text.lower().startswith(("by ", "before ", "until ", "no later"))
    start = lead.start() if lead and not has_lead else mention.start
    return sentence.text[start : mention.end].strip()


def _date_after_verb(sentence: Sentence, match: re.Match[str], call: _Call) -> bool:
    return any(d.end > match.start("verb") for d in sentence.future_dates(call.call_date))


def _add(ledger: Ledger, new: Commitment, at: int) -> None:
    """Append, or replace an earlier commitment by the same owner to the same action.

    "Can you send it by Friday?" + "Okay." names no object: it moves the owner's latest
    commitment with the same verb ("I'll send the offer by Monday") rather than adding one.
    """
    found = ledger.items
    if found and new.due_text is not None and _continues(found[-1], ledger.said_at[-1], new, at):
        # "I'll write up the criteria. I'll circulate them by tomorrow." / "... Let me take that
        # away and come back to you by Thursday.": the date of the step just promised.
        old = found[-1]
        evidence = (*old.evidence, *new.evidence)[-3:]
        ledger.replace(
            len(found) - 1,
            old.model_copy(update={"due_text": new.due_text, "evidence": evidence}),
            at,
        )
        return
    if lx.PRONOUN_OBJECT.match(new.action):
        verb = new.action.split()[0].lower()
        for i in reversed(range(len(found))):
            old = found[i]
            if old.owner == new.owner and old.action.lower().startswith(verb):
                due = new.due_text or old.due_text
                evidence = (*old.evidence, *new.evidence)[-3:]
                ledger.replace(
                    i, old.model_copy(update={"due_text": due, "evidence": evidence}), at
                )
                return
    for i, old in enumerate(found):
        same_owner = old.owner == new.owner and old.owner_role == new.owner_role
        if same_owner and _same_action(old.action, new.action):
            if new.due_text is None and old.due_text is not None:
                new = new.model_copy(update={"due_text": old.due_text})
            evidence = (*old.evidence, *new.evidence)[-3:]
            ledger.replace(i, new.model_copy(update={"evidence": evidence}), at)
            return
    ledger.append(new, at)


def _continues(old: Commitment, old_at: int, new: Commitment, at: int) -> bool:
    """`new` only dates `old`, promised by the same person in the sentence before, same turn."""
    pointing = lx.PRONOUN_OBJECT.match(new.action) or lx.COME_BACK.match(new.action)
    same_turn = old.evidence[-1].segment_ids == new.evidence[0].segment_ids
    return (
        bool(pointing)
        and same_turn
        and old.owner == new.owner
        and old.due_text is None
        and (old_at == at - 1)
    )


def _same_action(a: str, b: str) -> bool:
    # token_set_ratio alone calls "Send pricing" the same as any longer action containing it.
    a, b = a.lower(), b.lower()
    return fuzz.token_set_ratio(a, b) >= _SIMILAR_ACTION and fuzz.token_sort_ratio(a, b) >= 60


def _answers_request(sentence: Sentence, commitment: Commitment, call: _Call) -> bool:
    """ "Sure, I'll send it" / "I'll send you what I can share" after "Can you send ...?"."""
    verb = commitment.action.split()[0].lower() if commitment.action else ""
    pointing = bool(lx.PRONOUN_OBJECT.match(commitment.action))
    earlier = call.sentences[max(0, sentence.index - 2) : sentence.index]
    for at, s in enumerate(earlier):
        if s.speaker == sentence.speaker or not s.text.rstrip().endswith("?"):
            continue
        # Another person's reply came between: the request was theirs to accept.
        between = earlier[at + 1 :]
        if any(b.speaker not in (s.speaker, sentence.speaker) for b in between):
            continue
        if any(b.speaker == sentence.speaker for b in between) and not _accepts(between):
            continue
        request = lx.REQUEST.search(s.text)
        if request and (pointing or request["verb"].lower() == verb):
            return True
    return False


def _accepts(replies: Sequence[Sentence]) -> bool:
    return any(lx.ACCEPT.match(r.text.strip()) for r in replies)


def _is_action(match: re.Match[str]) -> bool:
    verb = match["verb"].lower()
    rest = match.string[match.start("verb") :]
    empty = lx.EMPTY_DO.match(rest) or lx.EMPTY_TRY.match(rest)
    return verb not in lx.NOT_ACTIONS and len(verb) > 1 and not empty


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
        for first, last in _FULL_NAME.findall(sentence.text):
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
    if whose.lower() in {"our", "the", ""}:  # "the works council": the speaker's own, most often
        return speaker_side
    if whose.lower() == "your" and speaker_side in (Side.BUYER, Side.SELLER):
        return Side.SELLER if speaker_side == Side.BUYER else Side.BUYER
    return Side.UNKNOWN
