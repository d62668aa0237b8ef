"""Stakeholders: the people (and roles with no name yet) who take part in the decision.

Forms recognised:
  introduction   "I'm Maria Lopez, VP of Finance at Contoso"
  appositive     "our CFO, Priya Shah," / "Priya Shah, our CFO," / "Tom Baker is our head of IT"
  responsibility "Tom Baker runs IT security" / "Priya signs anything over fifty thousand"
  role only      "whoever runs procurement" / "our legal team"
The participants who speak are stakeholders too, with their first words as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.base import CallContext
from pipeline.extract.rules.sentences import Sentence
from pipeline.models import Role, Side, Stakeholder
from pipeline.speakers import match_participant

_NAME = r"(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z']+)?)"
_DOMAIN = (
    r"(?i:IT security|information security|IT|security|finance|procurement|purchasing|legal|"
    r"engineering|operations|ops|sales|marketing|data|infrastructure|compliance|product|platform|revenue|"
    r"accounting|HR|people|customer success|analytics|technology|risk)"
)
_TITLE = (
    r"(?P<title>(?:(?:senior|chief|executive|associate|deputy|global|regional|our|the|a|an)\s+)*"
    r"(?:CEO|CFO|COO|CTO|CIO|CISO|CRO|CMO|CPO|SVP|EVP|VP|vice president|president|general counsel|"
    rf"(?:{_DOMAIN}\s+)?(?:director|head|manager|lead|counsel|controller|architect|engineer|"
    r"administrator|analyst|officer|account executive|solutions engineer|sales engineer))"
    rf"(?:\s+(?:of|for)\s+{_DOMAIN}(?:\s+(?:and|&)\s+{_DOMAIN})?)?)"
)
_COMPANY = (
    r"(?:\s+(?:at|from|with|for|over at|here at)\s+(?P<company>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)?))?"
)
_PATTERNS = (
    re.compile(
        rf"\b(?:I'm|I am|this is|my name is)\s+{_NAME},?\s+(?:and I'm\s+|I'm\s+)?{_TITLE}{_COMPANY}"
    ),
    re.compile(rf"\b(?P<whose>(?i:our|their|my|your))\s+{_TITLE},?\s+{_NAME}\b"),
    re.compile(rf"\b{_NAME},\s+(?P<whose>(?i:our|their|my|your))\s+{_TITLE}"),
    re.compile(rf"\b{_NAME}\s+(?:is|who's|who is)\s+(?P<whose>(?i:our|their|my|your))\s+{_TITLE}"),
)
_RESPONSIBILITY = re.compile(
    rf"\b{_NAME}\s+(?P<verb>runs|leads|heads|owns|manages|handles|signs|approves)\s+"
    r"(?P<what>[\w\s&-]{2,40}?)(?=[,.;]|\s+(?:and|so|for|over|on|at|if|but)\b|$)"
)
_ROLE_ONLY = re.compile(
    r"\b(?:whoever|someone who|the person who)\s+(?:runs|handles|owns|leads|signs|approves)\s+"
    r"(?P<what>[\w\s]{2,30}?)(?=[,.;?]|$)",
    re.IGNORECASE,
)
_ROLE_WORDS: tuple[tuple[re.Pattern[str], Role], ...] = (
    (re.compile(r"\bsign|\bsignature|budget|\bCFO\b|purse", re.I), Role.ECONOMIC_BUYER),
    (re.compile(r"final say|decides|decision", re.I), Role.DECISION_MAKER),
    (re.compile(r"security|CISO", re.I), Role.SECURITY),
    (re.compile(r"legal|counsel|lawyer|contract", re.I), Role.LEGAL),
    (re.compile(r"procurement|purchasing|vendor", re.I), Role.PROCUREMENT),
    (
        re.compile(r"\bIT\b|engineer|architect|CTO|CIO|technical|infrastructure|data", re.I),
        Role.TECHNICAL_EVALUATOR,
    ),
)


def role_from(words: str) -> Role | None:
    """The deal role a title or responsibility implies, if any."""
    return next((role for pattern, role in _ROLE_WORDS if pattern.search(words)), None)


def find_stakeholders(sentences: Sequence[Sentence], context: CallContext) -> list[Stakeholder]:
    """Named people with a title or responsibility, role-only mentions, and the speakers."""
    found: dict[str, Stakeholder] = {}
    for sentence in sentences:
        for stakeholder in _named(sentence, context):
            key = (stakeholder.name or "").lower()
            if key not in found or _richer(stakeholder, found[key]):
                found[key] = stakeholder
        for match in _ROLE_ONLY.finditer(sentence.text):
            role = role_from(match["what"])
            if role is not None and not any(s.role == role for s in found.values()):
                found[f"role:{role}"] = Stakeholder(
                    title=match["what"].strip(),
                    side=Side.UNKNOWN,
                    role=role,
                    evidence=(sentence.evidence(),),
                )
    for speaker in _speakers(sentences, context):
        found.setdefault((speaker.name or "").lower(), speaker)
    return list(found.values())


def _named(sentence: Sentence, context: CallContext) -> list[Stakeholder]:
    people: list[Stakeholder] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(sentence.text):
            title = _clean_title(match["title"])
            groups = match.groupdict()
            people.append(
                _person(
                    match["name"],
                    title,
                    role_from(title),
                    groups.get("whose"),
                    groups.get("company"),
                    sentence,
                    context,
                )
            )
    for match in _RESPONSIBILITY.finditer(sentence.text):
        what = f"{match['verb']} {match['what'].strip()}"
        people.append(_person(match["name"], None, role_from(what), "our", None, sentence, context))
    return people


def _person(
    name: str,
    title: str | None,
    role: Role | None,
    whose: str | None,
    company: str | None,
    sentence: Sentence,
    context: CallContext,
) -> Stakeholder:
    participant = match_participant(name, context.participants)
    side = participant.side if participant else _side(whose, company, sentence.side, context)
    return Stakeholder(
        name=participant.name if participant else name,
        title=title or (participant.title if participant else None),
        company=company or _company_of(side, context),
        side=side,
        role=role,
        evidence=(sentence.evidence(),),
    )


def _side(whose: str | None, company: str | None, speaker: Side, context: CallContext) -> Side:
    if company and context.buyer_company and company.lower() in context.buyer_company.lower():
        return Side.BUYER
    if company and context.seller_company and company.lower() in context.seller_company.lower():
        return Side.SELLER
    if whose is None or whose.lower() in {"our", "my"}:
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
    people = []
    for participant in context.participants:
        if said := first_words.get(participant.name):
            people.append(
                Stakeholder(
                    name=participant.name,
                    title=participant.title,
                    company=participant.company or _company_of(participant.side, context),
                    side=participant.side,
                    role=role_from(participant.title) if participant.title else None,
                    evidence=(said.evidence(),),
                )
            )
    return people


def _richer(new: Stakeholder, old: Stakeholder) -> bool:
    return _detail(new) > _detail(old)


def _detail(stakeholder: Stakeholder) -> int:
    return sum(v is not None for v in (stakeholder.title, stakeholder.role, stakeholder.company))


def _clean_title(title: str) -> str:
    return re.sub(r"^(?:our|the|a|an)\s+", "", title.strip(), flags=re.IGNORECASE)
