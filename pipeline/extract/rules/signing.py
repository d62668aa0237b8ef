"""What a signature with no object signs.

"Richard will sign by the 20th", "If the number's right, I'll sign it by the 22nd" and "I'll
have it signed by mid-April" are the deal's signature, and a plan line "Sign" tells nobody what
is to be signed. The paper is the nearest kind of deal paper the call named, in the sentence or
before it ("So if legal is happy with the order form, Diane will sign by COB Thursday" -> "Sign
the order form"); "the paper" is the contract; a call that named none signs the contract.
Only the kind is kept ("Our PartsPro contract runs out" names the incumbent's paper, and "the
contract" is still the right word for the new one).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.extract.rules import references as ref
from pipeline.extract.rules.sentences import Sentence
from pipeline.models import Commitment

# A signature whose object is missing or a pronoun, and the condition it is given on: "Sign",
# "Sign it", "Have it signed", "Sign then if Edward's happy".
_BARE_SIGNATURE = re.compile(
    r"(?:(?P<verb>sign)(?: (?:it|that|them|this))?"
    r"|(?P<causative>have|get) (?:it|that|them|this) signed(?: off)?)"
    r"(?: then)?(?P<condition> (?:if|once|as long as) .+)?",
    re.IGNORECASE,
)
# Kinds of deal paper, as said ("order form", "MSA"); "paper" and "paperwork" are the contract.
_KINDS = (
    r"(?P<kind>order form|contract|agreement|renewal|MSA|SOW|statement of work|paperwork|paper)"
)
# The paper a signature is put on: "signs the renewal", "sign off on the order form".
_SIGNED = re.compile(
    r"\bsign(?:s|ed|ing)?(?: off)?(?: on)? (?:the|our|your|this|that)\s+(?:[\w'’-]+\s+){0,2}?"
    rf"{_KINDS}\b",
    re.IGNORECASE,
)
# A kind of deal paper named, and not as the name of something else ("the renewal date").
_PAPER = re.compile(
    r"\b(?:the|our|your|their|this|that|a|an|new)\s+(?:[\w'’-]+\s+){0,2}?"
    rf"{_KINDS}(?!\s+(?:date|call|price|pricing|rate|"
    r"meeting|conversation|discussion|process|cycle|season|team|terms)\b)\b",
    re.IGNORECASE,
)
_CONTRACT_WORDS = frozenset({"paper", "paperwork"})


def with_paper_signed(c: Commitment, sentences: Sequence[Sentence]) -> Commitment:
    """ "Sign" with nothing signed: the deal's paper as the call names it, else the contract."""
    m = _BARE_SIGNATURE.fullmatch(c.action)
    if m is None:
        return c
    said = ref.sentence_of(c, sentences)
    paper = f"the {deal_paper(sentences, said.index if said else len(sentences))}"
    action = f"{m['causative']} {paper} signed" if m["causative"] else f"{m['verb']} {paper}"
    action += m["condition"] or ""
    return c.model_copy(update={"action": action[:1].upper() + action[1:]})


def deal_paper(sentences: Sequence[Sentence], at: int) -> str:
    """The kind of paper the deal is signed on: the one said to be signed ("once Bill signs the
    renewal"), else the kind the call names most (the nearest to sentence `at` of the kinds
    named as often), else "contract"."""
    said: list[tuple[int, str]] = []  # (distance from `at`, kind)
    for sentence in sentences:
        text = sentence.text
        if signed := _SIGNED.search(text):
            return _kind(signed["kind"])
        said += [(abs(sentence.index - at), _kind(m["kind"])) for m in _PAPER.finditer(text)]
    counts = Counter(kind for _, kind in said)
    if not counts:
        return "contract"
    nearest = {kind: min(d for d, k in said if k == kind) for kind in counts}
    return min(counts, key=lambda kind: (-counts[kind], nearest[kind]))


def _kind(word: str) -> str:
    """ "paperwork" is the contract; "MSA" keeps its capitals."""
    if word.lower() in _CONTRACT_WORDS:
        return "contract"
    return word if word.isupper() else word.lower()
