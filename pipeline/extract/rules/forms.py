"""Commitments said without "I'll" or "Name will": "expect it from us", "count me in", passives,
"our plan is to", "I owe you", "I'll have Gemma send it", "Hugo said he'll"."""

from __future__ import annotations

import re

from pipeline.extract.rules import clauses, view
from pipeline.extract.rules import form_patterns as fp
from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules import owner_patterns as op
from pipeline.extract.rules import references as ref
from pipeline.extract.rules.sentences import Sentence
from pipeline.extract.rules.view import CallView
from pipeline.models import Commitment, CommitmentStatus, Side

# What "I'll have/get/ask Name to ..." cannot hand on: "I'll get Tom to be there".
_NOT_DELEGATED = frozenset("be have get think".split())
# Words that point back at a term ("put that in writing").
_POINTERS = frozenset("that it this those".split())
# A term named alone: "A cap on the renewal increase", "The seasonality clause".
_TERM = re.compile(
    r"(?:a|an|the)\s+(?:(?!(?:is|are|was|were|will|would|can|could|do|does|have|has)\b)"
    r"[\w'-]+\s+){0,6}[\w'-]+",
    re.IGNORECASE,
)
# How many sentences back a step listed in order ("Then the QBR on June 11th") may be named.
_STEP_REACH = 8


def other_forms(sentence: Sentence, call: CallView) -> list[Commitment]:
    """Every commitment of the sentence said in one of this module's forms."""
    return _the_speakers(sentence, call) + _handed_on(sentence, call)


def _the_speakers(sentence: Sentence, call: CallView) -> list[Commitment]:
    """ "Expect the redlines from us next week", "I owe you the case study", "count me in for the
    workshop on the 9th", "our plan is to kick off on March 8th", "Battery data, that's on me",
    "let me see if I can ...": the speaker's own, in words other than "I'll"."""
    text = sentence.text
    dated = bool(sentence.future_dates(call.call_date))
    found = []
    for form in (fp.YOU_WILL_HAVE, fp.SEE_YOU_HAVE):
        if (m := form.search(text)) and dated:
            made = clauses.phrased(sentence, call, f"send {m['obj']}", m.start())
            topic = ref.fronted_topic(text, m.start())  # "And the rota, I'll see you have it"
            found.append(made.model_copy(update={"action": ref.with_topic(made.action, topic)}))
    if (m := lx.SEE_IF.search(text)) and m["verb"] and clauses.is_action(m):
        made = clauses.make(sentence, m, sentence.speaker, sentence.side, call.call_date)
        found.append(made.model_copy(update={"status": CommitmentStatus.TENTATIVE}))
    if m := fp.ON_ME.match(text.strip()):
        thing = m["obj"][:1].lower() + m["obj"][1:]  # it began the sentence
        found.append(clauses.phrased(sentence, call, f"send {thing}", m.start()))
    if m := fp.ACTION_ITEM.search(text):  # "Action item for me: the invites go out this week."
        found.append(clauses.phrased(sentence, call, m["rest"], m.start("rest")))
    if (m := fp.PRESENT_PROMISE.search(text)) and clauses.date_after_verb(sentence, m, call):
        found.append(clauses.make(sentence, m, sentence.speaker, sentence.side, call.call_date))
    sends = [(fp.OWE, True), (fp.EXPECT_FROM_US, dated)]  # "I owe you" holds undated too
    found += [
        clauses.phrased(sentence, call, f"send {m['obj']}", m.start())
        for form, ok in sends
        if ok and (m := form.search(text))
    ]
    if m := fp.PUT_IN_PAPER.search(text):  # "I can put that in writing": undated too
        term = _term_just_named(sentence, call) if m["obj"].lower() in _POINTERS else None
        put = f"put {term or m['obj']} in {m['paper']}"
        found.append(clauses.phrased(sentence, call, put, m.start()))
    if (m := fp.GOES_OUT.search(text)) and dated:
        to = f" to {m['to']}" if m["to"] else ""
        found.append(clauses.phrased(sentence, call, f"send {_object(m['obj'])}{to}", m.start()))
    if (m := fp.NEXT_STEP.match(text.strip())) and dated:
        step = _step_named_before(m["obj"], sentence, call) or m["obj"]
        found.append(clauses.phrased(sentence, call, step, m.start()))
    if m := fp.BRING_PEOPLE.search(text):  # "I'll get the leads there"
        where = f"to the {m['event']}" if m["event"] else _session_named_before(sentence, call)
        found.append(clauses.phrased(sentence, call, f"bring {m['who']} {where}", m.start()))
    if m := fp.COUNT_ME_IN.search(text):
        found.append(clauses.phrased(sentence, call, f"attend {m['obj']}", m.start()))
    plan = fp.PLAN_TO.search(text)
    if plan and clauses.is_action(plan) and clauses.date_after_verb(sentence, plan, call):
        found.append(clauses.make(sentence, plan, sentence.speaker, sentence.side, call.call_date))
    return found


def _handed_on(sentence: Sentence, call: CallView) -> list[Commitment]:
    """Someone else's, said by the speaker: "I'll have Gemma send it", "I'll get our security
    team to send ...", "the SOW will be sent over by our legal team by the 8th" (a passive is
    the speaker's unless it says by whom), "Hugo said he'll enable the API keys"."""
    text = sentence.text
    found = []
    for m in op.DELEGATED.finditer(text):
        named = m["name"].split()[0] not in lx.NOT_NAMES and clauses.is_action(m)
        done = m["verb"].lower().endswith("ed")  # "I'll have Okta configured": the speaker's
        if named and not done and m["verb"].lower() not in _NOT_DELEGATED:
            delegate = view.person(m["name"], sentence, call) or (m["name"], sentence.side)
            found.append(clauses.make(sentence, m, delegate[0], delegate[1], call.call_date))
    for m in op.DELEGATED_PRONOUN.finditer(text):
        just_named = _just_named(sentence, call)
        if just_named and clauses.is_action(m) and m["verb"].lower() not in _NOT_DELEGATED:
            found.append(clauses.make(sentence, m, just_named[0], just_named[1], call.call_date))
    for m in op.DELEGATED_ROLE.finditer(text):
        verb = m["verb"].lower()
        named_verb = m["whose"] or verb in lx.DELIVERY_VERBS  # "get CEO approval": no verb
        if named_verb and clauses.is_action(m) and verb not in _NOT_DELEGATED:
            made = clauses.make(sentence, m, None, sentence.side, call.call_date)
            found.append(_owned_by_role(made, m["role"], m["whose"] or "our", sentence))
    dated = bool(sentence.future_dates(call.call_date))
    passive = fp.PASSIVE.search(text)
    if passive and dated and (base := clauses.base_form(passive["verb"])):
        action = f"{base}{passive['particle'] or ''} {_object(passive['obj'])}"
        made = clauses.phrased(sentence, call, action, passive.start())
        if by := fp.BY_ROLE.match(text, passive.end()):
            made = _owned_by_role(made, by["role"], by["whose"], sentence)
        found.append(made)
    for m in fp.REPORTED.finditer(text):
        person = view.person(m["name"], sentence, call)
        if person is not None and clauses.is_action(m):
            made = clauses.make(sentence, m, person[0], person[1], call.call_date)
            if made.due_text is not None or clauses.owed(made, m):
                found.append(made)
    return found


def _just_named(sentence: Sentence, call: CallView) -> tuple[str, Side] | None:
    """The person "him" or "her" is: named in full in this sentence or the three before, or
    named with their team ("Gráinne in sales ops has it")."""
    if name := ref.named_person(sentence, call.sentences, call.full_names):
        return view.person(name, sentence, call) or (name, sentence.side)
    for s in reversed(call.sentences[max(0, sentence.index - 2) : sentence.index + 1]):
        m = fp.NAMED_WITH_TEAM.search(s.text)
        if m and m["name"] not in lx.NOT_NAMES and m["name"] != sentence.speaker.split()[0]:
            return view.person(m["name"], s, call) or (m["name"], s.side)
    return None


def _owned_by_role(made: Commitment, role: str, whose: str, sentence: Sentence) -> Commitment:
    side = view.side_of_possessive(whose, sentence.side)
    return made.model_copy(update={"owner": None, "owner_role": role, "owner_side": side})


def _term_just_named(sentence: Sentence, call: CallView) -> str | None:
    """ "A cap on the renewal increase, typically five percent. I can put that in the proposal.":
    the term the speaker named just before, alone, in the same turn."""
    before = call.sentences[sentence.index - 1] if sentence.index else None
    if before is None or before.segment != sentence.segment:
        return None
    named = before.text.split(",")[0].strip(" .")
    if _TERM.fullmatch(named) and not lx.FIRST_PERSON.search(named):
        return named[:1].lower() + named[1:]
    return None


def _object(said: str) -> str:
    """A noun phrase that began a sentence, as an object: "The firmware update" -> "the ..."."""
    first, _, rest = said.partition(" ")
    if first.lower() in ("the", "our", "a", "an", "your", "their"):
        return f"{first.lower()} {rest}"
    return said


def _step_named_before(thing: str, sentence: Sentence, call: CallView) -> str | None:
    """ "Then the QBR on June 11th." names a step said with its verb a little earlier: "I'd
    like to set up a QBR on June 4th" gives "set up the QBR"; "we'd like to upgrade you to
    version nine" gives "upgrade you to version nine" for "the upgrade"."""
    said = re.escape(thing)
    used = re.compile(
        rf"\b(?P<verb>set up|[a-z]+) (?:a|an|the|our|your) (?:[\w-]+ )?{said}\b"
        rf"|\bto (?P<step>{said} [^,.;?!]{{3,60}}?)(?= on | by | in |[,.;?!]|$)",
        re.IGNORECASE,
    )
    for before in reversed(call.sentences[max(0, sentence.index - _STEP_REACH) : sentence.index]):
        m = used.search(before.text)
        if m and m["step"]:
            return m["step"]
        if m and m["verb"].lower() not in lx.NOT_ACTIONS | _NOT_DELEGATED:
            return f"{m['verb']} the {thing}"
    return None


# A session people are brought to.
_GATHERING = re.compile(
    r"\b(?:the|a|an|our|your)\s+(?:[\w-]+\s+){0,2}?(?P<what>training|demo|workshop|session|"
    r"kickoff|kick-off|visit|readout|walkthrough|deep-dive|meeting|call|steering committee)\b",
    re.IGNORECASE,
)


def _session_named_before(sentence: Sentence, call: CallView) -> str:
    """Where "there" is: the session named last in the sentence or the four before ("to the
    workshop"), else "there"."""
    for s in [sentence, *reversed(call.sentences[max(0, sentence.index - 4) : sentence.index])]:
        named = list(_GATHERING.finditer(s.text))
        if named:
            return f"to the {named[-1]['what'].lower()}"
    return "there"
