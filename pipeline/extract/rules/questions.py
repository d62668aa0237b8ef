"""What an empty "I'll find out" is about: the question left open just before it.

"Who signs the renewal? Is it still you?" / "Honestly, I don't know who signs now." / "Can you
find out?" / "I'll ask." is the step "Find out who signs the renewal", not "Find out" (which
means nothing in a plan) and not nothing (it is a promise the buyer will be held to). Only
questions said plainly are read:
  asked        "who signs the renewal?", "which version is each site on?"
  not known    "I don't know who signs now", "I'm not sure if this goes to the executive
               committee or just our COO"
  fronted      "But who signs a two-year deal now, I honestly don't know."
Questions about the call itself ("what do you think?", "how about Tuesday?", "who else?") are
no such thing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.rules.sentences import Sentence

_WH = r"(?P<wh>who|which|what|when|whether|if|how many|how much|how long|where)"
# The open part, up to where the sentence or a side remark ends.
_CLAUSE = r"(?P<clause>[^,.;?!]{6,90})"
_ASKED = re.compile(rf"(?:^|[,:] |\b(?:and|but|so) ){_WH} {_CLAUSE}\?$", re.IGNORECASE)
_NOT_KNOWN = re.compile(
    r"\b(?:(?:don't|do not|didn't|still don't) know|not sure|no idea|unclear|not clear|"
    r"(?:have|need) to (?:confirm|check|find out))(?: yet)?,? "
    rf"{_WH} {_CLAUSE}",
    re.IGNORECASE,
)
_FRONTED = re.compile(
    rf"^(?:(?:and|but|so)\s+)?{_WH} {_CLAUSE}, (?:I|we) (?:\w+ )?(?:don't|do not) know\b",
    re.IGNORECASE,
)
# A yes-or-no question to someone else, with a pronoun subject: "Can we live with ninety hot
# and ninety archive, Farah?" is "whether we can live with ninety hot and ninety archive"
# ("Could you ...?" is a request, not a question).
_YES_OR_NO = re.compile(
    r"(?:^|[,:] |\b(?:and|but|so) )(?!(?:can|could|will|would) you\b)"
    r"(?P<aux>can|could|will|would|should|is|are|do|did)"
    r" (?P<subject>we|you|they|it|I) (?P<rest>[^,.;?!]{10,90})(?:, \w+)?\?$",
    re.IGNORECASE,
)
# Questions about the call or the talk, not a fact to find out.
_ABOUT_THE_CALL = re.compile(
    r"^(?:about|do you think|else|you think|you mean|we do|would you|I mean|it is|that is|"
    r"works|suits|time|day)\b",
    re.IGNORECASE,
)
# How far back the open question may be (sentences).
_REACH = 6
# Words that end the clause without being part of the fact: "who signs now".
_TRAILING = re.compile(r"\s+(?:now|then|exactly|anymore|any more|these days)$", re.IGNORECASE)


def open_question(sentence: Sentence, sentences: Sequence[Sentence]) -> str | None:
    """The question left open in this sentence or the six before, as the words of a step:
    "who signs the renewal", "whether this goes to the executive committee or just our COO"
    (the nearest, unless it is a bare "who signs" and an earlier one says more)."""
    found = []
    for s in reversed([*sentences[max(0, sentence.index - _REACH) : sentence.index], sentence]):
        m = _NOT_KNOWN.search(s.text) or _FRONTED.search(s.text) or _ASKED.search(s.text)
        if m is None and s.speaker != sentence.speaker and (yn := _YES_OR_NO.search(s.text)):
            found.append(_statement(yn))
            continue
        if m is None or _ABOUT_THE_CALL.match(m["clause"]):
            continue
        wh = "whether" if m["wh"].lower() in ("if", "whether") else m["wh"].lower()
        found.append(f"{wh} {_TRAILING.sub('', m['clause'].strip())}")
    fuller = [q for q in found if len(q.split()) >= 3]
    best = fuller or found
    return best[0] if best else None


def _statement(m: re.Match[str]) -> str:
    """ "Can we live with X?" as "whether we can live with X" ("do" leaves: "whether they
    use X")."""
    aux = m["aux"].lower()
    verb = "" if aux in ("do", "did") else f" {aux}"
    subject = m["subject"] if m["subject"] == "I" else m["subject"].lower()
    return f"whether {subject}{verb} {m['rest'].strip()}"


def with_question(action: str, sentence: Sentence, sentences: Sequence[Sentence]) -> str:
    """ "Find out", "Ask", "Find out which it is": the open question, found out."""
    if not re.fullmatch(
        r"(?:find out|ask|check)(?: (?:which|what) it is| that| it)?", action, re.I
    ):
        return action
    question = open_question(sentence, sentences)
    return f"Find out {question}" if question else action
