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
  recap            "Okay, recap. Raj, the sales data Thursday. Me, the case study today." confirms
                   (and dates) the steps it restates (`recaps`)
  revision         "Actually, let's make that Monday." / "Ship them on January 5th." moves the
                   date of the commitment it refers to (`revisions`)
Pronoun objects are replaced where the call says plainly what they point to (`references`), and
a bare "I'll sign" signs the deal's paper (`signing`).
This module reads each sentence and keeps the ledger; the parts live beside it: `clauses` makes
a commitment from a matched clause (action words, deadline, status), `requests` the
request/accept form, `forms` the phrasings without "I'll" ("expect it from us", passives,
"Hugo said he'll"), `ledger` how a new commitment joins the earlier ones, `view` the call's
people and names, `afterwords` a date or a hedge said just after a promise, `questions` what
an empty "I'll find out" is about, `owner_patterns` whose a clause is when it is not "I'll".
Not commitments: questions, negations, "if we could ...", "we can come back to that", "let's
make sure the POS gives you a quiet holiday", an undated one-word action ("I'll start"), and
"I'll send it" right after a request (that is the acceptance of the request).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from pipeline.extract.rules import (
    afterwords,
    clauses,
    forms,
    recaps,
    requests,
    revisions,
    sessions,
    signing,
    view,
)
from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules import owner_patterns as op
from pipeline.extract.rules import references as ref
from pipeline.extract.rules.ledger import Ledger
from pipeline.extract.rules.questions import with_question
from pipeline.extract.rules.sentences import Sentence
from pipeline.extract.rules.view import CallView
from pipeline.models import Commitment, CommitmentStatus, Side


def find_commitments(
    sentences: Sequence[Sentence], known_people: Mapping[str, Side], call_date: dt.date
) -> list[Commitment]:
    """Every commitment in the call, later revisions replacing earlier versions.

    Args:
        sentences: the call's sentences in order.
        known_people: people who may own a commitment in the third person, with their side.
        call_date: the call's date; deadlines before it are not deadlines.
    """
    call = CallView(
        sentences=sentences,
        people={name.lower(): (name, side) for name, side in known_people.items()},
        capitalised=view.capitalised_words(sentences),
        full_names=view.full_names(sentences),
        call_date=call_date,
    )
    ledger = Ledger()
    for sentence in sentences:
        if recaps.in_recap(sentence, call) and recaps.apply(sentence, call, ledger):
            continue
        new = _from_sentence(sentence, call) + _pronoun_subject(sentence, ledger, call)
        new = [_about_the_step_before(c, sentence, ledger, call) for c in new]
        agreed = requests.agreed(sentence, call)
        moved = requests.asked_to_move(sentence, call)
        target = revisions.marked_target(sentence, new, ledger, agreed=agreed, asked_to_move=moved)
        if target is None and not new:
            previous = sentences[sentence.index - 1] if sentence.index else None
            target = revisions.order_target(sentence, ledger, call_date)
            if target is None:
                target = revisions.corrected_target(sentence, previous, ledger, call_date)
        if target is not None:
            due = clauses.due(sentence, 0, call_date)
            revised = revisions.revise(ledger.items[target], sentence, due)
            if revised is not None:
                ledger.replace(target, revised, sentence.index)
                continue
        if session := sessions.agreed_session(sentence, call):
            new.append(session)  # "How about Tuesday the 8th?" "Tuesday the 8th works."
        for commitment in new:
            if _named(commitment) and not revisions.reschedules_elsewhere(sentence, commitment):
                ledger.add(commitment, sentence.index)
    return [
        ref.with_thing_pointed_at(signing.with_paper_signed(c, call.sentences), call.sentences)
        for c in ledger.items
    ]


def _about_the_step_before(
    c: Commitment, sentence: Sentence, ledger: Ledger, call: CallView
) -> Commitment:
    """ "I'll draft the criteria document and send it tomorrow." + "Then I'll sign off on it by
    Thursday": another person's "it" is what the step just promised is about, unless something
    was asked for since ("Can we get trial logins?" "You'll have them Tuesday."). (The same
    person's "it" dates or restates their own step: `Ledger.add`.)"""
    if not lx.POINTS_BACK.match(c.action) or ref.asked_thing(sentence, call.sentences):
        return c
    recent = [
        old
        for old, at in zip(ledger.items, ledger.said_at, strict=True)
        if sentence.index - 3 <= at < sentence.index
    ]
    if not recent or any(old.owner == c.owner for old in recent):
        return c
    thing = ref.object_of(recent[-1].action)
    return c.model_copy(update={"action": ref.with_topic(c.action, thing)})


def _named(commitment: Commitment) -> bool:
    """An action of one word needs a date, and a word that names a step ("Richard will sign by
    the 20th"; not "I'll start", "I will try for next week", "find out")."""
    words = commitment.action.strip(" ,.").split()
    if not words or (commitment.due_text is None and lx.EMPTY_FIND.match(commitment.action)):
        return False
    if lx.EMPTY_ASSURANCE.match(commitment.action):  # "..., I'll make sure."
        return False
    if len(words) == 1:
        return commitment.due_text is not None and words[0].lower() not in lx.EMPTY_ALONE
    return True


def _from_sentence(sentence: Sentence, call: CallView) -> list[Commitment]:
    text = sentence.text
    tagged = bool(lx.TAG_QUESTION.search(text.rstrip()))  # "..., right Lena?"
    if sentence.asks and not tagged:
        return _resolved(requests.request(sentence, call), sentence, call)
    if lx.CONDITIONAL.search(lx.SEE_IF.sub("", text)):  # "let me see if I can" is an offer
        return []
    found = [c for m in lx.FIRST_PERSON.finditer(text) if (c := _first_person(m, sentence, call))]
    for match in op.THIRD_PERSON.finditer(text):
        if lx.PLACE_BEFORE.search(text[: match.start()]):
            continue  # "our team in Lisbon will read the minutes"
        person = view.person(match["name"], sentence, call)
        if person is None and match["who"] and match["name"].split()[0] not in lx.NOT_NAMES:
            person = (match["name"], sentence.side)  # "Sam, our IT contractor, will ..."
        offer = match["modal"].strip() == "can" and not clauses.date_after_verb(
            sentence, match, call
        )
        if person and clauses.is_action(match) and not offer:
            made = clauses.make(sentence, match, person[0], person[1], call.call_date)
            if made.due_text is not None or clauses.owed(made, match):
                found.append(made)
    for match in op.ROLE_OWNER.finditer(text):
        weak = match["verb"].lower() in lx.WEAK_VERBS and not clauses.date_after_verb(
            sentence, match, call
        )
        if clauses.is_action(match) and not weak:
            match_side = view.side_of_possessive(match["whose"], sentence.side)
            named = op.PERSON_FROM.search(text[: match.start()])  # "Raj from our IT team"
            person = None
            if named and named["name"].split()[0] not in lx.NOT_NAMES:
                person = view.person(named["name"], sentence, call) or (named["name"], match_side)
            if person is not None:
                found.append(clauses.make(sentence, match, person[0], person[1], call.call_date))
            else:
                found.append(_role_owned(match, sentence, call))
    for match in op.ROLE_ONCE.finditer(text):  # "... , our purchasing desk issues the PO"
        step = _role_owned(match, sentence, call)
        said = len(match["verb"])  # "issues the PO": "Issue the PO"
        found.append(
            step.model_copy(update={"action": step.action[: said - 1] + step.action[said:]})
        )
    for match in op.BARE_ROLE_OWNER.finditer(text):
        if clauses.is_action(match) and match["verb"].lower() not in lx.WEAK_VERBS:
            found.append(_role_owned(match, sentence, call))
    others = [  # "Could you mock up one of our bills?" "Yep, you'll have it Tuesday.": accepted
        c
        for c in forms.other_forms(sentence, call)
        if c.owner != sentence.speaker
        or not (lx.PRONOUN_OBJECT.match(c.action) and requests.answers_request(sentence, c, call))
    ]
    delegated = {
        f"{said} ".lower()
        for form in (op.DELEGATED, op.DELEGATED_PRONOUN)
        for m in form.finditer(text)
        if not m["verb"].lower().endswith("ed")  # "I'll have Okta configured" is the speaker's
        for said in (m["name"], m.groupdict().get("title"))
        if said
    }
    delegated |= {
        f"{m['whose'] or ''} {m['role']} ".strip().lower() + " "
        for m in op.DELEGATED_ROLE.finditer(text)
        if m["whose"] or m["verb"].lower() in lx.DELIVERY_VERBS
    }
    if delegated:  # "I'll have Gemma send it": Gemma's, not "Have Gemma send it" of the speaker
        found = [c for c in found if not _names_delegate(c.action, delegated)]
    found = _without_empty_do(found + others)
    if lx.SOMEONE_NEEDS.search(text):  # "Someone on your side needs to ..." + "That's mine."
        found += requests.request(sentence, call, lx.SOMEONE_NEEDS)
    if lx.ORDER.match(text):  # "Send me the pricing." + "Leave it with me."
        found += requests.request(sentence, call, lx.ORDER)
    found = _without_pointers(found)
    found = [c for c in found if not _on_the_agenda(c)]
    if tagged:
        found = [requests.dated_by_reply(c, sentence, call) for c in found]
    return _resolved(found, sentence, call)


def _on_the_agenda(c: Commitment) -> bool:
    """ "Katrin will go through the integration", "So today, Olu's going to walk through the
    live monitoring": the call's own agenda, not a step (a later date makes it one: "Gregor'll
    go through your API docs next week")."""
    return bool(lx.AGENDA.match(c.action) and lx.AGENDA_DUE.match(c.due_text or ""))


def _without_pointers(found: list[Commitment]) -> list[Commitment]:
    """ "I owe you the case study, I'll get that over to you today": one step, said twice in a
    sentence; the words that name it stay, with the date the pointing words gave."""
    named = [c for c in found if not lx.POINTS_BACK.match(c.action)]
    kept = []
    for c in found:
        if c in named:
            kept.append(c)
            continue
        same = next((n for n in named if n.owner == c.owner and n.owner_role == c.owner_role), None)
        if same is None:
            kept.append(c)
        elif same.due_text is None and c.due_text is not None:
            kept[kept.index(same)] = same.model_copy(update={"due_text": c.due_text})
    return kept


def _without_empty_do(found: list[Commitment]) -> list[Commitment]:
    """ "Then let's do the upgrade on the 7th": "Do the upgrade" is the step listed, which
    another reading of the sentence names better ("Upgrade Leon to version nine", "Set up the
    QBR")."""

    def named_better(c: Commitment) -> bool:
        m = re.fullmatch(r"do the (\w+)", c.action, re.IGNORECASE)
        others = [o.action.lower().split() for o in found if o is not c and o.action]
        return m is not None and any(m[1].lower() in (w[0], w[-1]) for w in others)

    return [c for c in found if not named_better(c)]


def _names_delegate(action: str, delegated: set[str]) -> bool:
    rest = action.split(" ", 1)[-1].lower().replace(",", "") + " "
    return any(rest.startswith(name) for name in delegated)


def _resolved(found: list[Commitment], sentence: Sentence, call: CallView) -> list[Commitment]:
    """Pronouns replaced where the call says what they point to, "you" by its name."""
    you = ref.addressee(sentence, call.sentences)
    person = ref.named_person(sentence, call.sentences, call.full_names)
    thing = ref.asked_thing(sentence, call.sentences) if found else None
    hedged = afterwords.hedged_next(sentence, call)
    afterthought = afterwords.date_said_after(sentence, call)
    afterthought = afterthought or afterwords.date_of_occasion(sentence, call)
    resolved = []
    for c in found:
        if hedged:
            c = c.model_copy(update={"status": CommitmentStatus.TENTATIVE})
        if afterthought is not None and c.due_text is None:
            due_text, said = afterthought
            c = c.model_copy(update={"due_text": due_text, "evidence": (*c.evidence, said)})
        action = ref.with_person(c.action, person) if person != c.owner else c.action
        action = ref.with_object(ref.with_topic(action, thing), thing)
        resolved.append(c.model_copy(update={"action": ref.with_addressee(action, you)}))
    return resolved


def _pronoun_subject(sentence: Sentence, ledger: Ledger, call: CallView) -> list[Commitment]:
    """ "They'll send you the questionnaire": owned like the speaker's previous sentence's
    commitment for someone else ("Our risk team will complete the due diligence by the 15th.")."""
    match = op.PRONOUN_SUBJECT.search(sentence.text)
    if match is None or not clauses.is_action(match) or sentence.asks:
        return []
    earlier = [
        c
        for c, at in zip(ledger.items, ledger.said_at, strict=True)
        if sentence.index - 2 <= at < sentence.index
        and c.owner != sentence.speaker
        and c.evidence[-1].speaker == sentence.speaker
    ]
    if earlier:
        owner = earlier[-1]
        made = clauses.make(sentence, match, owner.owner, owner.owner_side, call.call_date)
        made = made.model_copy(update={"owner_role": owner.owner_role})
        return _resolved([made], sentence, call)
    if match["subject"].lower() == "they" or not clauses.date_after_verb(sentence, match, call):
        return []
    # "Edward's our general counsel. He'll have comments to you by the end of next week."
    named = view.named_just_before(sentence, match.start(), call)
    if named is None:
        return []
    made = clauses.make(sentence, match, named[0], named[1], call.call_date)
    return _resolved([made], sentence, call)


def _first_person(match: re.Match[str], sentence: Sentence, call: CallView) -> Commitment | None:
    before = sentence.text[: match.start()]
    if not clauses.is_action(match) or lx.NEGATED.search(sentence.text[: match.start("verb")]):
        return None
    if lx.IN_CHAT.match(sentence.text, match.start("verb")):
        return None  # "I'll drop my notes in the chat": done on the call
    if lx.RELATIVE.search(before) or lx.PURPOSE.search(before):
        return None
    rest = sentence.text[match.end("verb") :].lower()
    if match["letme"] and match["verb"].lower() == "make" and rest.lstrip().startswith("sure"):
        return None  # "let's make sure the new POS gives you a quiet holiday": a wish
    commitment = clauses.make(sentence, match, sentence.speaker, sentence.side, call.call_date)
    found_out = with_question(commitment.action, sentence, call.sentences)
    if found_out != commitment.action:  # "Who signs it now?" "I'll find out."
        asked = commitment.model_copy(update={"action": found_out})
        # "Could you find out?" "I'll ask.": the request holds the step.
        answered = any(requests.answers_request(sentence, c, call) for c in (commitment, asked))
        return None if answered else asked
    modal = (match["modal"] or "").strip().lower()
    dated = commitment.due_text is not None and clauses.date_after_verb(sentence, match, call)
    hedged = modal in {"might", "may be able to", "might be able to"} or modal.startswith("could ")
    # "Maybe I can get our firmware team to add it": an offer of something delivered
    verb = match["verb"].lower()
    offers = verb in lx.DELIVERY_VERBS or verb == "get"
    hedged = hedged or (offers and bool(lx.TENTATIVE.search(before[-12:])))
    asks_around = (match["letme"] or "").lower() == "let me" or (
        (match["subject"] or "").lower() == "i" and modal in {"can", "'ll", "’ll", "will"}
    )
    follow_up = asks_around and lx.FOLLOW_UP.match(sentence.text, match.start("verb"))
    if follow_up:
        # "Let me check what the contracts say", "I'll ask if they'd take a call": owed. Right
        # after the speaker's own hedged offer, in the sentence before or earlier in this one
        # ("I might be able to ..., let me check with my CFO first."), it is part of the offer.
        owed = dated or clauses.owed(commitment, match, in_call_ok=True)
        offered = lx.FIRST_PERSON.search(before) and lx.TENTATIVE.search(before)
        keep = owed and not (offered or _after_own_offer(sentence, call))
    elif modal in {"can", "could"} or match["letme"]:
        # Offers and "let's" are commitments only with a date (or a hedge: tentative), or when
        # the speaker takes them on next: "Let me mock up the compact check. Leave it with me."
        taken_on = afterwords.taken_on_next(sentence, call)
        keep = dated or hedged or (taken_on and clauses.owed(commitment, match))
    elif (match["subject"] or "").lower() == "we":
        # "We'll" is mostly how a meeting goes on ("we'll turn to the next item", "we'll take
        # care of it"): a promise with a date after the verb, or undated when it delivers
        # something named ("we'll add them to the surveillance scope").
        delivers = verb in lx.DELIVERY_VERBS and _owed(commitment, match, sentence, call)
        keep = dated or hedged or (commitment.due_text is None and delivers)
    elif commitment.due_text is None:
        keep = (
            hedged
            or bool(afterwords.date_of_occasion(sentence, call))
            or (_owed(commitment, match, sentence, call) and verb not in lx.TALK_VERBS)
        )
    else:
        keep = True
    # "Sure, I'll send it": the request already holds this commitment. Not so for a hedge that
    # came instead of a yes ("Can you get the sync running?" "I might be able to by the 19th"):
    # the request holds nothing, the reply is the tentative step.
    unanswered = hedged and not requests.said_yes_before(sentence, call)
    if keep and not unanswered and requests.answers_request(sentence, commitment, call):
        return None
    return commitment if keep else None


def _owed(commitment: Commitment, match: re.Match[str], sentence: Sentence, call: CallView) -> bool:
    """Undated, a step must name what is owed; "I'll send it over" does when "it" is the
    thing just asked for or offered ("We've got a third-party report. I'll send it over.")."""
    if clauses.owed(commitment, match):
        return True
    pointing = lx.PRONOUN_OBJECT.match(commitment.action)
    delivers = match["verb"].lower() in lx.DELIVERY_VERBS
    thing = ref.asked_thing(sentence, call.sentences)
    if thing is None and ref.points_at_thing(commitment.action):  # resolved at the end
        thing = ref.mentioned_thing(sentence, call.sentences)
    return bool(pointing and delivers and thing)


def _after_own_offer(sentence: Sentence, call: CallView) -> bool:
    """The sentence before, in the same turn, is the speaker's own hedged offer."""
    if sentence.index == 0:
        return False
    previous = call.sentences[sentence.index - 1]
    return (
        previous.segment == sentence.segment
        and bool(lx.FIRST_PERSON.search(previous.text))
        and bool(lx.TENTATIVE.search(previous.text))
    )


def _role_owned(match: re.Match[str], sentence: Sentence, call: CallView) -> Commitment:
    if match["whose"].lower() == "my":  # "my team will ...": the speaker answers for it
        return clauses.make(sentence, match, sentence.speaker, sentence.side, call.call_date)
    side = view.side_of_possessive(match["whose"], sentence.side)
    commitment = clauses.make(sentence, match, None, side, call.call_date)
    return commitment.model_copy(update={"owner_role": match["role"]})
