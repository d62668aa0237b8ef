"""Words of a step: normalised for matching, and turned from an action into an outcome title.

Calls phrase steps as actions ("I'll send over our security questionnaire"); a plan phrases them
as outcomes ("Security questionnaire sent"), so a buyer reads what must be true, not who talks.
"""

from __future__ import annotations

import re

# Abbreviations heard on calls, spelled out so "the DPA" matches "data processing agreement".
_ABBREVIATIONS = {
    "dpa": "data processing agreement",
    "msa": "master services agreement",
    "nda": "non disclosure agreement",
    "sow": "statement of work",
    "poc": "proof of concept",
    "po": "purchase order",
    "infosec": "information security",
    "golive": "go live",
}
# Inflections reduced to one form, so "sent" matches "send" and "reviews" matches "review".
_LEMMAS = {
    "sent": "send",
    "sending": "send",
    "sends": "send",
    "reviewed": "review",
    "reviewing": "review",
    "reviews": "review",
    "signed": "sign",
    "signing": "sign",
    "completed": "complete",
    "finished": "finish",
    "returned": "return",
    "shared": "share",
    "approved": "approve",
    "scheduled": "schedule",
    "made": "make",
    "done": "do",
    "gone": "go",
    "went": "go",
    "redline": "redlines",
    "questionnaires": "questionnaire",
    "proposals": "proposal",
    "agreements": "agreement",
    "contracts": "contract",
    "workshops": "workshop",
    "demos": "demo",
}
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "our",
        "your",
        "their",
        "my",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
        "to",
        "of",
        "for",
        "with",
        "and",
        "or",
        "by",
        "on",
        "in",
        "at",
        "from",
        "over",
        "up",
        "back",
        "out",
        "all",
        "any",
        "some",
        "me",
        "you",
        "us",
        "them",
        "him",
        "it",
        "we",
        "i",
        "they",
    ]
)
_TOKEN = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lower-case content words, abbreviations spelled out, inflections reduced."""
    words: list[str] = []
    for token in _TOKEN.findall(text.lower().replace("-", " ")):
        token = _ABBREVIATIONS.get(token, token)
        words += [_LEMMAS.get(w, w) for w in token.split() if w not in _STOPWORDS]
    return " ".join(words)


# Verb (with its particle) -> past participle, for outcome titles.
_PARTICIPLES = {
    "send over": "sent",
    "send": "sent",
    "email": "sent",
    "forward": "sent",
    "share": "shared",
    "give": "given",
    "go through": "reviewed",
    "look over": "reviewed",
    "review": "reviewed",
    "make": "made",
    "set up": "set up",
    "sign": "signed",
    "countersign": "countersigned",
    "complete": "completed",
    "finish": "finished",
    "fill out": "filled out",
    "schedule": "scheduled",
    "book": "booked",
    "arrange": "arranged",
    "organize": "organised",
    "organise": "organised",
    "loop in": "looped in",
    "introduce": "introduced",
    "provide": "provided",
    "prepare": "prepared",
    "put together": "put together",
    "draft": "drafted",
    "run": "run",
    "hold": "held",
    "return": "returned",
    "approve": "approved",
    "finalize": "finalised",
    "finalise": "finalised",
    "update": "updated",
    "confirm": "confirmed",
    "submit": "submitted",
    "deliver": "delivered",
    "present": "presented",
    "build": "built",
    "write": "written",
    "create": "created",
    "check": "checked",
    "get": "obtained",
}
_GIVING = frozenset({"sent", "shared", "given", "provided", "delivered", "forward"})
_PRONOUNS = frozenset({"you", "me", "us", "them", "him", "her"})
_DETERMINERS = re.compile(r"^(?:the|a|an|our|your|their|my|his|her|its|some)\s+", re.IGNORECASE)


def outcome_title(action: str, people: frozenset[str] = frozenset()) -> str:
    """ "Send Sarah the pricing proposal" -> "Pricing proposal sent to Sarah".

    Args:
        action: the action as spoken, starting with its verb.
        people: first names that may follow a giving verb as its indirect object.

    Returns:
        The outcome, or the action unchanged when its verb is not a known one.
    """
    words = action.split()
    for size in (2, 1):
        verb = " ".join(words[:size]).lower()
        if verb in _PARTICIPLES and len(words) > size:
            participle, rest = _PARTICIPLES[verb], words[size:]
            recipient = ""
            if participle in _GIVING and len(rest) > 1:
                first = rest[0].strip(",")
                if first.lower() in _PRONOUNS:
                    rest = rest[1:]
                elif first in people:
                    recipient, rest = f" to {first}", rest[1:]
            thing = _DETERMINERS.sub("", " ".join(rest))
            if not thing:
                return action
            return f"{thing[:1].upper()}{thing[1:]} {participle}{recipient}"
    return action


_DOCUMENT = re.compile(
    r"\b(?:questionnaire|proposal|checklist|agreement|contract|order form|statement of work|"
    r"sow|dpa|msa|deck|case study|business case|report|reconciliation|spreadsheet|template|"
    r"quote|policy|plan|summary|documentation|requirements)\b",
    re.IGNORECASE,
)


_HANDED_OVER = re.compile(r" (?:sent|shared|given|provided|delivered)(?: to \w+)?$")


def document_name(title: str) -> str | None:
    """The document an outcome title hands over ("Security questionnaire sent" -> "Security
    questionnaire"), or None when the step does not hand over a document."""
    match = _DOCUMENT.search(title)
    if match is None or not _HANDED_OVER.search(title):
        return None
    name = _DETERMINERS.sub("", title[: match.end()])
    return name[:1].upper() + name[1:]
