"""What a pronoun in a commitment points to, when the call says it plainly nearby.

A plan line "Loop him in" or "Re-tune those" means nothing to someone who was not on the call.
Only these forms, safe to read without a parser, are resolved:
  fronted topic   "And the three alerts with predict_linear, I'll re-tune those" -> "Re-tune
                  the three alerts with predict_linear"; "The member list I'll extract myself"
                  -> "Extract the member list"
  a named person  "Our registrar, Martin Okafor, owns the data. I'll loop him in." -> "Loop
                  Martin Okafor in" (the last full name, or title and surname: "Mr. Langat",
                  said in the sentence or the three before, not the speaker's)
  you             "I'll send you the checklist" -> "Send Daniel the checklist" (the nearest
                  other speaker)
  the step before  "I'll draft the success criteria and send it tomorrow." + "Then I'll sign off
                  on it by next Thursday" -> "Sign off on the success criteria" (what another
                  person's commitment just before is about)
  the thing asked "Could we get the ticket file layout?" + "I'll make sure you have it by
                  Wednesday" -> "Make sure you have the ticket file layout" (what the other
                  speaker asked for or named alone in the sentence or two just before; what
                  the speaker just said they have or can send: "I can get you a call with their
                  factory manager. I'll set it up"; in a request, what the asker lacks: "What I
                  don't have is the pen test report. Can you send it?")
  last resort     a step still saying "it" / "them" at the end of the call: the nearest thing
                  someone asked for, owes or will work on, named with its determiner in the
                  sentence or the four before ("could your team pull maybe fifty real invoices?"
                  + "I'll have them to you Monday" -> "Send fifty real invoices"); times,
                  meetings, people and dates are no such thing
Anything else keeps its pronoun: a wrong antecedent is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules.sentences import Sentence
from pipeline.models import Commitment

# The verb (and a particle) and the pronoun that is its object: "re-tune those", "send it over".
_THING = re.compile(
    r"^(?P<verb>make sure (?:you|they) (?:have|get)|\S+(?: (?:over|back|up|out|across|off|on|at|"
    r"into|through))*) "
    r"(?:it|them|both of (?:those|these|them)|both(?=[,.;!?]|$| (?:over|by|today|tomorrow))|"
    r"(?:those|these|that|this)(?=[,.;!?]|$| (?:over|back|up|out|across|off|on|in|to|by|around|"
    r"for|with|from|through|today|tomorrow|tonight|this|next|first|early|end|\w+day|before|after|"
    r"until|as|so|when|once|and|then|again|too|myself|ourselves)\b))\b",
    re.I,
)
_PERSON = re.compile(
    r"\b(?:him|her(?=\s+(?:in|on|up|into|over|to|about|with|a|an|the|some|our|your)\b|[.,;]|$))\b",
    re.IGNORECASE,
)
# Words that open an utterance before its topic: "And", "So", "Then", "Okay", ...
_OPENERS = re.compile(r"^(?:(?:and|so|then|also|now|okay|ok|right|well|um|uh|oh)\b[\s,]*)+", re.I)
_NOUN_PHRASE = re.compile(
    r"^(?:the|our|your|their|those|these|that|this|all|any|a|an)\s+[\w' -]+$", re.IGNORECASE
)
# A noun phrase without a determiner, said with what it is for or about: "training for the
# dispatchers", "pricing for the extra sites" (a head word, then a preposition and a determiner).
_BARE_NOUN_PHRASE = re.compile(
    r"^(?!(?:no|good|great|fair|any|one|that|this|it|on|for|about|with|as|in|at|by|from|to)\b)"
    r"[a-z][\w-]*(?: [a-z][\w-]*)? (?:for|of|on|from|with) (?:the|our|your|their|all|both)"
    r"(?: [\w'-]+){1,4}$"
)
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|will|'ll|can|could|would|should|have|has|do|needs?|wants?)\b", re.I
)
# What someone asks the other side for: "could we get the ticket file layout", "send me two or
# three anonymised documents", "we'll need a full export from DonorBase".
_ASKED = re.compile(
    r"\b(?:send|get|share|give|needs?|want|see|help(?: you)? with)"
    r"(?: (?:me|us|you|over|across))*\s+"
    r"(?P<np>(?:the|a|an|your|our|their|some|two|three|a few|a couple of)\s+[^,.;?!]+)",
    re.IGNORECASE,
)
# Where the thing asked for ends and the reason or the deadline begins: "your SOC 2 report
# before I start the reassessment", "an export of your codes to map it properly".
_ASK_ENDS = re.compile(
    r"\s+(?:before|after|so|because|since|until|once|when|while|if|by|which|as soon as"
    r"|to (?!(?:the|a|an|our|your|their|my|his|her|its|me|us|you|him|them|this|that)\b)[a-z]+)\b"
)
# What an action is about: "Draft the success criteria document and send it" -> "the success
# criteria document".
_OBJECT = re.compile(
    r"^\S+(?: (?:up|over|out|together|back|across|off))? (?P<np>(?:the|a|an|our|your|their|my|his|"
    r"her|some|two|three)\b[^,;]*?)(?= and | to | for | so | by | with | before | after |$)",
    re.IGNORECASE,
)
# Asked for with no article, in a question: "Can we see seat usage broken out by lab?"
_ASKED_BARE = re.compile(
    r"\b(?:see|get|send|share|have)(?: (?:me|us))? (?P<np>(?!(?:the|a|an|it|them|that|this|those|"
    r"these|you|me|us|him|her|your|our|their|my|some|any|all|one|back|into|in|on|to|over|out|up|"
    r"together)\b)[a-z][\w-]*(?: [\w'-]+){0,10})\?$",
    re.IGNORECASE,
)
# What the other side asked for, recalled by the speaker: "you'd asked for references from other
# rental companies".
_ASKED_FOR = re.compile(
    r"\byou(?:'d|’d| had)? asked (?:me |us )?for (?P<np>[\w' -]{3,60}?)(?=[,.;?!]|$)", re.I
)
# What a speaker offers to make: "I can get you a call with their factory manager", "I can
# prepare a comparison, your model against ours".
_OFFERED = re.compile(
    r"\b(?:I|we) can (?:get you|prepare|arrange|set up|put together|build|draft|write up|send|"
    r"share|provide) "
    r"(?P<np>(?:a|an|the|some)\s+[^,.;?!]{2,60})",
    re.IGNORECASE,
)
# What the one asking lacks: "What I don't have is the pen test report and the ISO certificate."
_LACKING = re.compile(
    r"\bwhat (?:I|we) (?:don't|do not|still don't) have (?:yet )?is (?P<np>[^,.;?!]{3,80})", re.I
)
# What a speaker says they have: "we have a mutual NDA template".
_HAVE = re.compile(
    r"^(?:[\w']+,?\s+){0,3}(?:we|I|we've|I've|we’ve|I’ve) (?:have|'ve got|’ve got|got) "
    r"(?P<np>(?:a|an|our)\s+[^,.;?!]{2,90})[.!]?$",
    re.IGNORECASE,
)
# "Get back to you", "come back to you on that": an answer promised.
_REPLY = re.compile(r"^(?:get|come|circle|report) back\b", re.IGNORECASE)
# A verb and nothing it acts on: "Extract myself", "Send you".
_BARE_VERB = re.compile(
    r"(?P<verb>[\w-]+)(?: (?:myself|ourselves|you|to you|over|across|it over))*", re.I
)
# Words before a subject that are no thing to act on: times, names of days, replies.
_NOT_A_THING = re.compile(
    r"\b(?:today|tomorrow|tonight|morning|afternoon|week|month|monday|tuesday|wednesday|"
    r"thursday|friday|then|yes|yeah|sure|okay|if|when|once|after|before|so|because|and|or|"
    r"me|us|you|i|we|send|get|give|start)\b|[,?!]",
    re.IGNORECASE,
)
# How many sentences back "him" or "her" may have been named.
_NAMED_REACH = 3
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.? [A-Z][^\W\d_]+")
# A clause, not a thing named alone: "That one takes time", "That works for me on paper".
_CLAUSE = re.compile(
    r"^\w+(?:\s+\w+)?\s+(?:takes|works|is|was|needs|looks|sounds|seems|makes|goes|has|gets|means)\b",
    re.IGNORECASE,
)
# A capitalised word, and the capitalised word after it (looked at, not consumed).
_NAME = re.compile(r"\b([A-Z][^\W\d_]+)\b(?= ([A-Z][^\W\d_'’]+(?:['’][^\W\d_]+)?)\b)?")


def fronted_topic(text: str, subject_at: int) -> str | None:
    """The noun phrase said before the subject and a comma ("the three alerts, I'll ...")."""
    before = text[:subject_at].rstrip()
    if not before.endswith(","):
        return None
    topic = _OPENERS.sub("", before[:-1].strip()).strip()
    words = topic.split()
    if not 2 <= len(words) <= 8 or _VERBISH.search(topic):
        return None
    if _NOUN_PHRASE.match(topic) or _BARE_NOUN_PHRASE.match(topic[:1].lower() + topic[1:]):
        return topic
    return None


def fronted_object(action: str, text: str, subject_at: int) -> str:
    """ "The member list I'll extract myself" / "Project plan I send you by Wednesday": a verb
    with no object of its own takes the noun phrase said before its subject."""
    m = _BARE_VERB.fullmatch(action.strip(" ,.;"))
    before = _OPENERS.sub("", text[:subject_at].strip()).strip().rstrip(",").strip()
    words = before.split()
    if (
        m is None
        or not 1 <= len(words) <= 6
        or _VERBISH.search(before)
        or _NOT_A_THING.search(before)
    ):
        return action
    if not (_NOUN_PHRASE.match(before) or len(words) >= 2):
        return action
    return f"{m['verb']} {before[:1].lower()}{before[1:]}"


def with_topic(action: str, topic: str | None) -> str:
    """The action with its first pointing pronoun replaced by the fronted topic."""
    m = _THING.match(action)
    if topic is None or m is None:
        return action
    rest = re.sub(r"^ (?:over|across)$", "", action[m.end() :])  # "send it over": "send X"
    verb = m["verb"]
    if particle := re.match(r" (up|out|back|off)\b", rest):  # "set it up": "set up X"
        verb, rest = f"{verb} {particle[1]}", rest[particle.end() :]
    return f"{verb} {topic[:1].lower()}{topic[1:]}{rest}"


def points_at_thing(action: str) -> bool:
    """The action's object is a pronoun: "send it over", "set that up"."""
    return _THING.match(action) is not None


def object_of(action: str) -> str | None:
    """The thing an action is about, when it names one after its verb."""
    m = _OBJECT.match(action)
    return _TRAILING_ADVERB.sub("", m["np"]) if m and len(m["np"].split()) <= 8 else None


def with_object(action: str, thing: str | None) -> str:
    """ "Yes, I send you by Friday" names no object: it is the thing just asked for."""
    m = re.fullmatch(r"(?P<verb>send|share|email|forward)(?: you| (?:it|them) over)?", action, re.I)
    return f"{m['verb']} {thing}" if m and thing else action


def named_person(
    sentence: Sentence, sentences: Sequence[Sentence], full_names: Mapping[str, str]
) -> str | None:
    """The last person named in this sentence or the three before, not the speaker: a full
    name, a first name the call also said in full ("Is Pavel involved?" after "Pavel
    Novák"), or a surname with its title ("Mr. Langat")."""
    window = [*sentences[max(0, sentence.index - _NAMED_REACH) : sentence.index], sentence]
    names = []
    for s in window:
        names += [m[0] for m in _HONORIFIC.finditer(s.text)]  # "Mr. Langat is the MD."
        for m in _NAME.finditer(s.text):
            first, last = m[1], m[2]
            if first in lx.NOT_NAMES:
                continue
            if last and last not in lx.NOT_NAMES and f"{first} {last}" in full_names.values():
                names.append(f"{first} {last}")
            elif first in full_names:
                names.append(full_names[first])
    names = [n for n in names if n != sentence.speaker]
    return names[-1] if names else None


def with_person(action: str, person: str | None) -> str:
    """The action with "him" / "her" (as an object) replaced by the person."""
    if person is None:
        return action
    return _PERSON.sub(person, action, count=1)


def addressee(sentence: Sentence, sentences: Sequence[Sentence]) -> str | None:
    """Who "you" is: the nearest other speaker before (or else after) this sentence."""
    before = reversed(sentences[max(0, sentence.index - 3) : sentence.index])
    after = sentences[sentence.index + 1 : sentence.index + 3]
    return next((s.speaker for s in (*before, *after) if s.speaker != sentence.speaker), None)


def with_addressee(action: str, you: str | None) -> str:
    """ "Send you the checklist" reads wrongly in a shared plan: "Send Daniel the checklist";
    "get it over to you": "get it over to Daniel"; "a call with you": "a call with Daniel"."""
    if you is None or lx.BARE_LABEL.match(you):
        return action
    name = you.split()[0]
    action = re.sub(r"^(\w+(?: over| across| back)?) you\b", rf"\1 {name}", action)
    if _REPLY.match(action):
        return action  # "get back to you": to answer, not a thing sent
    return re.sub(r"\b((?:over|across|back) )?(to|with) you$", rf"\1\2 {name}", action)


def asked_thing(sentence: Sentence, sentences: Sequence[Sentence]) -> str | None:
    """What the other speaker asked for, or named alone, in the sentence or two just before:
    the thing a reply's "it" or "them" is ("And the insurance certificates." "I'll send them")."""
    asking = sentence.asks  # "Can you send both?": what the asker lacks
    for s in reversed(sentences[max(0, sentence.index - 3) : sentence.index]):
        if s.speaker == sentence.speaker:
            if s.segment != sentence.segment:
                return None  # the reply's own earlier words came between
            if m := _HAVE.search(s.text):  # "We have a mutual NDA template. I'll send that."
                return m["np"].strip()
            if m := _ASKED_FOR.search(s.text):  # "You'd asked for references. I'll send those."
                return m["np"].strip()
            if m := _OFFERED.search(s.text):  # "I can get you a call with ... I'll set it up"
                return _ASK_ENDS.split(m["np"], maxsplit=1)[0].strip()
            if asking and (m := _LACKING.search(s.text) or _ASKED.search(s.text)):
                return _theirs(_ASK_ENDS.split(m["np"], maxsplit=1)[0])
            continue  # "Leave that with me. I'll have them to you by the 10th."
        if asking and (m := _HAVE.search(s.text)):  # "We've got X and Y." "Can you send both?"
            return _with_the(m["np"].strip())
        fragment = _OPENERS.sub("", s.text.strip(" .?!")).replace(",", "").strip()
        named_alone = _NOUN_PHRASE.match(fragment) and not _VERBISH.search(fragment)
        named_alone = named_alone and not _CLAUSE.match(fragment)
        if named_alone and 2 <= len(fragment.split()) <= 8:
            return fragment
        # "Can we see seat usage broken out by lab?" ("Would he have time ...?" asks no thing.)
        if (m := _ASKED_BARE.search(s.text)) and not _NOT_DELIVERABLE.search(m["np"].split()[0]):
            return _theirs(m["np"])
        if m := _ASKED.search(s.text):
            thing = _ASK_ENDS.split(m["np"], maxsplit=1)[0].strip()
            if len(thing.split()) <= 12 and not _VERBISH.search(thing):
                return _theirs(thing)
    return None


def _with_the(offered: str) -> str:
    """What a speaker said they have, as a thing to send: "an integration sheet and a DPA" is
    "the integration sheet and the DPA"."""
    return re.sub(r"\b(?:a|an|our)\b(?= )", "the", offered, flags=re.IGNORECASE)


def _theirs(thing: str) -> str:
    """What the other side asked for, as the one who sends it says it: "your SOC 1 report" is
    "the SOC 1 report"."""
    return re.sub(r"\byour\b", "the", thing.strip(), flags=re.IGNORECASE)


# A thing handed over or worked on, named with its determiner after a verb that takes such
# a thing: "pull maybe fifty real invoices", "I owe you that reference with Riverside Savings",
# "the list of our contributions" (up to where a preposition, a verb or punctuation takes over);
# or a thing said to be there: "there's a new DPA in the renewal paperwork".
_HANDLED = re.compile(
    r"\b(?:send|share|get|give|pull|export|need|want|see|review|owe|draft|prepare|build|"
    r"write|finish|complete|load|run|set up|arrange|organise|organize|present|sign|approve|"
    r"return|check|test|fill in|fill out|update|(?P<there>there(?:'s|’s| is| are| will be)))"
    r"(?: (?:me|us|you|him|her|them|over|across|maybe|also|just))*\s+"
    r"(?P<np>(?:the|your|our|their|those|these|that|a|an|some|two|three|four|five|fifty|a few)\s+"
    r"(?:(?!(?:is|are|was|were|will|would|can|could|and|or|but|so|to|for|from|by|on|in|at|with|"
    r"that|which|who|if|when|before|after|because|as|we|I|you|they)\b)[\w'’-]+\s+){0,5}?"
    r"(?!(?:is|are|was|were|and|or|to|for|by|on|in|at|with|of|together|over|up|out|back|off|"
    r"down)\b)[\w'’-]+"
    r"(?:\s+(?:with|from|for|of|at)\s+(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)?)"
    r"(?=\s+(?:is|are|was|were|will|would|can|for|to|from|by|on|in|at|with|and|so|before|after|"
    r"that|which|if|when|please)\b|\s*[,.;:?!]|\s*$)",
    re.IGNORECASE,
)
# Heads of phrases that are no thing to hand over: times, meetings, people, talk.
_NOT_DELIVERABLE = re.compile(
    r"\b(?:day|days|week|weeks|month|months|year|quarter|morning|afternoon|time|moment|minute|"
    r"end|start|rest|call|chat|conversation|question|point|idea|thing|things|lot|bit|"
    r"way|guy|guys|team|people|person|folks|side|one|ones|case|problem|issue|reason|sense|fact|"
    r"part|deal|holiday|weekend|board|committee|council|office|moment|answer|chance|look|date|"
    r"lead|leads|manager|director|head|officer|engineer|engineers|contractor|supervisor|"
    r"invite|invites|invitation|hold|"
    r"\w+day)$",
    re.IGNORECASE,
)
# "the counts sooner", "the deck first": when, not what.
_TRAILING_ADVERB = re.compile(
    r"(?:\s+(?:sooner|later|earlier|today|tomorrow|tonight|first|too|again|now|please|asap|"
    r"anyway|anyhow|over|across|as well))+$",
    re.I,
)
# How many sentences back a last-resort antecedent is looked for.
_MENTION_REACH = 4


def mentioned_thing(sentence: Sentence, sentences: Sequence[Sentence]) -> str | None:
    """Last resort for "it" / "them": the nearest thing someone asked for, offered, owes or
    will work on ("could your team pull maybe fifty real invoices?" + "I'll have them to you
    Monday"), in the sentence's own words before the pronoun or the four sentences before."""
    pronoun = re.search(r"\b(?:it|them|that|those|both)\b", sentence.text)
    own = sentence.text[: pronoun.start()] if pronoun else ""
    earlier = sentences[max(0, sentence.index - _MENTION_REACH) : sentence.index]
    for text in [own, *(s.text for s in reversed(earlier))]:
        things = [
            re.sub(r"^an? (?!few\b|couple\b)", "the ", m["np"]) if m["there"] else m["np"]
            for m in _HANDLED.finditer(text)
            if not _NOT_DELIVERABLE.search(m["np"]) and len(m["np"].split()) <= 7
        ]
        if things:
            return _theirs(_TRAILING_ADVERB.sub("", things[-1]))
    return None


def with_thing_pointed_at(c: Commitment, sentences: Sequence[Sentence]) -> Commitment:
    """ "Send it" that nothing resolved: the thing named just before, as a last resort."""
    if not points_at_thing(c.action):
        return c
    said = sentence_of(c, sentences)
    thing = mentioned_thing(said, sentences) if said is not None else None
    return c.model_copy(update={"action": with_topic(c.action, thing)}) if thing else c


def sentence_of(c: Commitment, sentences: Sequence[Sentence]) -> Sentence | None:
    """The sentence a commitment was first said in (its first quote, by its speaker)."""
    first = c.evidence[0]
    said = (s for s in sentences if s.speaker == first.speaker and s.text == first.quote)
    return next(said, None)
