"""Stakeholders: the people (and roles with no name yet) who take part in the decision.

Forms recognised:
  introduction   "I'm Maria Lopez, VP of Finance at Contoso" / "Frank Kowalski, VP of Operations."
                 (a speaker's own name first) / "I'm the Head of Support" / "As CFO, I ..."
  appositive     "our CFO, Priya Shah," / "Priya Shah, our CFO," / "Tom Baker is our head of IT"
  responsibility "Tom Baker runs IT security" / "Priya has to sign off on anything over 50k"
  role only      "our legal team will ...", "the works council must approve it", "our CISO"
The participants who speak are stakeholders too. Deal roles come from titles and what was said
(`roles.deal_role`); the buyer who speaks most is taken as the champion.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.extract.base import CallContext
from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules import owner_patterns as op
from pipeline.extract.rules.roles import deal_role
from pipeline.extract.rules.sentences import Sentence
from pipeline.models import Role, Side, Stakeholder
from pipeline.speakers import match_participant

# Words that follow titles and look like names: "our Head of Customer Support".
_NOT_PEOPLE = lx.NOT_NAMES | frozenset(
    "Support Operations Sales Marketing Finance Engineering Success Security Procurement Legal "
    "Revenue Product Data Analytics Technology Services Accounting Compliance Herr Frau Mr Ms "
    "Mrs Dr".split()
)
_NAME = rf"(?P<name>{lx.NAME_OR_DOUBLE})"
_HEAD = (
    r"(?:CEO|CFO|COO|CTO|CIO|CISO|CRO|CMO|CPO|SVP|EVP|AVP|VP|GC|(?i:vice president|president|"
    r"general counsel|counsel|director|head|manager|lead|controller|architect|engineer|"
    r"administrator|analyst|officer|owner|founder|partner|supervisor|coordinator|specialist|"
    r"registrar|principal|superintendent|dean|account executive|strategist|consultant|buyer))"
)
# A word of "VP of <Customer Success>": not a preposition or a verb that ends the title.
_TITLE_WORD = r"(?!(?:at|from|with|for|in|on|who|is|was|will|has|signs|and)\b)[A-Za-z&][\w&-]*"
# Up to three words before the head ("data protection officer", "Revenue Cycle Director") and
# "of/for X" after it ("VP of Finance", "Head of Customer Support").
_TITLE = (
    rf"(?P<title>(?:[A-Za-z&/-]+\s+){{0,3}}?{_HEAD}"
    rf"(?:\s+of\s+(?:the\s+)?{_TITLE_WORD}(?:\s+(?:and\s+|&\s+)?{_TITLE_WORD}){{0,2}})?)"
)
_COMPANY = (
    r"(?:\s+(?:at|from|with|for|over at|here at)\s+(?P<company>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)?))?"
)
_WHOSE = r"(?P<whose>(?i:our|their|my|your|the))"
_NAMED = (
    re.compile(
        rf"\b(?:I'm|I am|this is|my name is)\s+{_NAME},?\s+(?:and I'm\s+|I'm\s+)?{_TITLE}{_COMPANY}"
    ),
    # "the" is not enough here: "the Head of Customer Support" is a title, not "Support".
    re.compile(rf"\b(?P<whose>(?i:our|their|my|your))\s+{_TITLE},?\s+{_NAME}\b"),
    re.compile(rf"\b{_NAME},\s+{_WHOSE}\s+{_TITLE}"),
    re.compile(rf"\b{_NAME}(?:\s+is|\s+who's|\s+who is|'s|’s)\s+{_WHOSE}\s+{_TITLE}"),
)
# "Frank Kowalski, VP of Operations." at the start of the speaker's own turn.
_SELF_NAMED = re.compile(rf"^(?:Dr\.?\s+|And\s+|Hi,?\s+|Hello,?\s+)?{_NAME},\s+(?:the\s+)?{_TITLE}")
# "I'm the Director of Revenue", "As CFO, I ..." said by a participant.
_SELF_TITLE = re.compile(rf"\b(?:I'm|I am|[Aa]s)\s+(?:the\s+|a\s+|an\s+|your\s+)?{_TITLE}")
_RESPONSIBILITY = re.compile(
    rf"\b{_NAME}\s+(?P<verb>runs|leads|heads|owns|manages|handles|signs off on|signs|approves|"
    r"has to sign(?: off)?|will sign|makes the final call|will make the final call|has the final "
    r"say|decides)\b(?P<what>[\w\s&-]{0,40}?)(?=[,.;]|\s+(?:and|so|for|over|on|at|if|but)\b|$)"
)
_ROLE_MENTION = re.compile(
    r"\b(?i:our|their|the)\s+(?P<role>(?:[\w'’-]+\s+){0,3}?(?:" + op.ROLE_HEAD + r"|CISO|CFO|CEO|"
    r"CIO|CTO|general counsel))(?=\s+(?:will|would|must|needs?|has to|approves|signs|executes|"
    r"reviews|owns|decides|wants|meets|won't|will not|hasn't|has not|has already|have already|"
    r"asked|has (?:a problem|an issue|concerns)|is finishing)\b|,? and I can't)"
)
_WHOEVER = re.compile(
    r"\b(?:whoever|someone who|the person who)(?:'s| is)?\s+(?P<what>(?:runs|running|handles|"
    r"handling|owns|leads|signs|approves)\s+[\w\s]{2,30}?)(?=[,.;?]|\s+(?:now|at the moment|"
    r"these days|this month)\b|$)",
    re.IGNORECASE,
)
# A department named without "our": "procurement will issue the PO", "raised by procurement".
_DEPARTMENT = re.compile(
    r"(?:^|(?<=[,.;:] )|(?<=\b(?i:and) )|(?<=\b(?i:by) )|(?<=\b(?i:so) )|(?<=\b(?i:then) ))"
    r"(?P<role>(?i:procurement|purchasing|legal))"
    r"(?=\s+(?:will|would|must|needs?|has to|asked|wants|won't)\b|[.,;]|$)"
)


def find_stakeholders(sentences: Sequence[Sentence], context: CallContext) -> list[Stakeholder]:
    """Named people with a title or responsibility, role-only mentions, and the speakers."""
    found: dict[str, Stakeholder] = {}
    for sentence in sentences:
        for person in _named(sentence, context):
            key = (person.name or "").lower()
            if key not in found or _detail(person) > _detail(found[key]):
                found[key] = person
        for role_only in _role_only(sentence, context):
            found.setdefault(f"role:{role_only.title}", role_only)
    for speaker in _speakers(sentences, context):
        key = (speaker.name or "").lower()
        found[key] = _merge(found[key], speaker) if key in found else speaker
    return _with_champion(_fold_first_names(found), sentences, context)


def _fold_first_names(found: dict[str, Stakeholder]) -> list[Stakeholder]:
    """ "Richard will sign" and "our CFO, Richard Osei" are one person."""
    full = [k for k in found if " " in k]
    people = dict(found)
    for key in [k for k in found if k and " " not in k]:
        owners = [f for f in full if f.split()[0] == key]
        if len(owners) == 1:
            people[owners[0]] = _merge(people[owners[0]], people.pop(key))
    return list(people.values())


def _named(sentence: Sentence, context: CallContext) -> list[Stakeholder]:
    people: list[Stakeholder] = []
    matches = [m for pattern in _NAMED for m in pattern.finditer(sentence.text)]
    titles = [m.span("title") for m in matches]
    for m in matches:
        if any(start <= m.start("name") < end for start, end in titles):
            continue  # "Raj is our Director of Store Systems": "Systems" is no one
        whose = m.groupdict().get("whose")
        people.append(
            _person(
                m["name"],
                _clean(m["title"]),
                whose,
                m.groupdict().get("company"),
                sentence,
                context,
            )
        )
    for m in _RESPONSIBILITY.finditer(sentence.text):
        people.append(
            _person(
                m["name"], None, "our", None, sentence, context, said=f"{m['verb']} {m['what']}"
            )
        )
    if own := _own_title(sentence, context):
        people.append(own)
    return [p for p in people if _is_current_person(p)]


def _own_title(sentence: Sentence, context: CallContext) -> Stakeholder | None:
    """A participant saying their own title: "Frank Kowalski, VP of Operations." / "As CFO, I"."""
    speaker = match_participant(sentence.speaker, context.participants)
    if speaker is None:
        return None
    named = _SELF_NAMED.match(sentence.text)
    if named is not None and not match_participant(named["name"], (speaker,)):
        named = None
    said = named or _SELF_TITLE.search(sentence.text)
    if said is None:
        return None
    return _person(speaker.name, _clean(said["title"]), None, None, sentence, context)


def _is_current_person(person: Stakeholder) -> bool:
    """Not a title word taken for a name, and not someone who has left ("our former CIO")."""
    if not person.name or {person.name.split()[0], person.name.split()[-1]} & _NOT_PEOPLE:
        return False
    return not re.match(r"(?:former|old|previous|ex-)", person.title or "", re.IGNORECASE)


def _person(
    name: str,
    title: str | None,
    whose: str | None,
    company: str | None,
    sentence: Sentence,
    context: CallContext,
    *,
    said: str = "",
) -> Stakeholder:
    participant = match_participant(name, context.participants)
    side = participant.side if participant else _side(whose, company, sentence.side, context)
    title = title or (participant.title if participant else None)
    return Stakeholder(
        name=participant.name if participant else name,
        title=title,
        company=company or _company_of(side, context),
        side=side,
        role=deal_role(f"{title or ''} {said}", side),
        evidence=(sentence.evidence(),),
    )


def _role_only(sentence: Sentence, context: CallContext) -> list[Stakeholder]:
    mentions = [(m["role"], m["role"]) for m in _ROLE_MENTION.finditer(sentence.text)]
    mentions += [(m["what"], m["what"]) for m in _WHOEVER.finditer(sentence.text)]
    mentions += [(m["role"], m["role"].lower()) for m in _DEPARTMENT.finditer(sentence.text)]
    people = []
    for role_words, title in mentions:
        # What the group is says more than what the sentence does ("purchasing ... signed").
        role = deal_role(role_words, sentence.side) or deal_role(sentence.text, sentence.side)
        people.append(
            Stakeholder(
                title=title.strip(),
                side=sentence.side,
                role=role,
                company=_company_of(sentence.side, context),
                evidence=(sentence.evidence(),),
            )
        )
    return people


def _side(whose: str | None, company: str | None, speaker: Side, context: CallContext) -> Side:
    if company and context.buyer_company and company.lower() in context.buyer_company.lower():
        return Side.BUYER
    if company and context.seller_company and company.lower() in context.seller_company.lower():
        return Side.SELLER
    if whose is None or whose.lower() in {"our", "my", "the"}:
        return speaker
    if whose.lower() == "your" and speaker in (Side.BUYER, Side.SELLER):
        return Side.SELLER if speaker == Side.BUYER else Side.BUYER
    return Side.UNKNOWN


def _company_of(side: Side, context: CallContext) -> str | None:
    return {Side.BUYER: context.buyer_company, Side.SELLER: context.seller_company}.get(side)


def _speakers(sentences: Sequence[Sentence], context: CallContext) -> list[Stakeholder]:
    first_words: dict[str, Sentence] = {}
    for sentence in sentences:
        first_words.setdefault(sentence.speaker, sentence)
    return [
        Stakeholder(
            name=p.name,
            title=p.title,
            company=p.company or _company_of(p.side, context),
            side=p.side,
            role=deal_role(p.title or "", p.side),
            evidence=(first_words[p.name].evidence(),),
        )
        for p in context.participants
        if p.name in first_words
    ]


def _merge(found: Stakeholder, speaker: Stakeholder) -> Stakeholder:
    """What the call said about a participant, filled in from the participant list."""
    return found.model_copy(
        update={
            "title": found.title or speaker.title,
            "role": found.role or speaker.role,
            "company": found.company or speaker.company,
        }
    )


def _with_champion(
    people: list[Stakeholder], sentences: Sequence[Sentence], context: CallContext
) -> list[Stakeholder]:
    """The buyer who speaks most is the rep's champion, unless a stronger role is known."""
    buyers = {p.name for p in context.participants if p.side == Side.BUYER}
    turns = Counter(s.speaker for s in sentences if s.speaker in buyers)
    if not turns:
        return people
    lead = turns.most_common(1)[0][0]
    weak = {None, Role.TECHNICAL_EVALUATOR, Role.INFLUENCER, Role.END_USER}
    return [
        p.model_copy(update={"role": Role.CHAMPION}) if p.name == lead and p.role in weak else p
        for p in people
    ]


def _detail(stakeholder: Stakeholder) -> int:
    return sum(v is not None for v in (stakeholder.title, stakeholder.role, stakeholder.company))


def _clean(title: str) -> str:
    return re.sub(r"^(?:our|the|a|an|your|my)\s+", "", title.strip(), flags=re.IGNORECASE)
