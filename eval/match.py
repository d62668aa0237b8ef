"""Match predicted items to gold items: pure functions per kind, then a one-to-one assignment.

Every `match_*` function takes one predicted item and one gold item and returns a score in
(0, 2] when they are the same item (higher: a better pair) or None when they are not. The
scores only rank candidate pairs for `assign`; whether a pair exists is decided by the
thresholds below, each tested on hand-made pairs in `tests/eval/test_match.py`.

    kind          same item when                                       then judged on (judge.py)
    commitments   action similarity >= 60 with the right owner,        owner, side, date, status
                  >= 85 with another
    stakeholders  same side, and same name (or, both unnamed, same     role
                  role or a similar title)
    outcomes      statement similarity >= 60 to the gold statement
                  or to its quote
    key_dates     same kind, and same date (or, gold unresolved,
                  similar words)
    risks         same kind, and a quote overlapping the gold quote

Text similarity is rapidfuzz's `token_set_ratio` (0-100) on content words: lowercase, numbers
normalised ("ten", "10th" -> "10"), function words dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz

from eval.dataset import GoldCommitment, GoldKeyDate, GoldOutcome, GoldRisk, GoldStakeholder
from eval.metrics import normalise_words
from pipeline.dates import Precision
from pipeline.models import Commitment, KeyDate, Outcome, Participant, Risk, Side, Stakeholder
from pipeline.speakers import match_participant

# Commitments in one call often share their object ("send the network diagram" / "review the
# network diagram" score 86), so the owner decides how alike the actions must be: with the
# right owner a paraphrase is enough ("get him sandbox keys as soon as he's back" ~ "get sandbox
# keys to Tomasz" scores 65); with another owner only the same task in other words counts (a
# wrong-owner match), else the two are a miss and a spurious item.
ACTION_THRESHOLD = 60.0
ACTION_THRESHOLD_OTHER_OWNER = 85.0
# Outcomes are paraphrased more freely than actions; also compared with the gold quote.
OUTCOME_THRESHOLD = 60.0
# Owner roles without names ("legal" ~ "their legal team"); generic words removed first.
ROLE_THRESHOLD = 80.0
# Key dates the speaker left open: their words must agree.
DATE_TEXT_THRESHOLD = 70.0
# Risk quotes: the shorter quote (3 words or more) found in the longer with partial_ratio >= 80.
QUOTE_OVERLAP_THRESHOLD = 80.0
QUOTE_MIN_WORDS = 3
# token_set_ratio scores 100 when one side's words are a subset of the other's ("send" vs
# "send the pricing proposal"); with fewer than this many content words in common the stricter
# token_sort_ratio is used instead, so a one-word action cannot match every longer one.
MIN_SHARED_WORDS = 2

# fmt: off
_FUNCTION_WORDS = frozenset([
    "a", "an", "the", "to", "of", "for", "and", "or", "on", "in", "at", "by", "with", "from",
    "as", "into", "about", "over", "this", "that", "these", "those", "our", "your", "their",
    "my", "his", "her", "its", "we", "you", "they", "i", "he", "she", "it", "us", "them", "me",
    "will", "shall", "would", "could", "can", "should", "may", "might", "must", "be", "is",
    "are", "was", "were", "been", "being", "do", "does", "did", "going", "gonna", "get",
    "i'll", "we'll", "you'll", "they'll", "he'll", "she'll", "it'll", "let's", "let", "some",
    "any", "all", "just", "also", "then", "so", "before", "after", "until", "when", "if",
    "there", "here", "what", "which", "who", "how", "not", "i'm", "we're", "you're", "it's",
    "that's", "i've", "we've", "i'd", "we'd",
    # fillers the rules may leave in an action
    "um", "uh", "oh", "wait", "okay", "ok", "well", "actually", "sure", "right",
    # particles of phrasal verbs: "set that up" is not "set up single sign-on"
    "up", "out", "over", "back", "through", "off",
])
_GENERIC_ROLE_WORDS = frozenset([
    "team", "department", "dept", "group", "office", "folks", "people", "person", "side",
])
# fmt: on


# Deal paperwork said either way ("issue the PO" is "issue the purchase order"): the words.
_ABBREVIATIONS = {
    "po": ["purchase", "order"],
    "sow": ["statement", "work"],
    "msa": ["master", "services", "agreement"],
    "nda": ["non-disclosure", "agreement"],
    "dpa": ["data", "processing", "agreement"],
    "qbr": ["quarterly", "business", "review"],
    "sso": ["single", "sign-on"],
    "poc": ["proof", "concept"],
    "rfp": ["request", "proposal"],
}


def content_words(text: str) -> list[str]:
    """Normalised words of `text` without function words (all words if nothing else is left);
    deal abbreviations spelt out."""
    words = [w for word in normalise_words(text) for w in _ABBREVIATIONS.get(word, [word])]
    return [w for w in words if w not in _FUNCTION_WORDS] or words


def text_similarity(predicted: str, gold: str) -> float:
    """0-100: token_set_ratio of content words; token_sort_ratio when they share < 2 words."""
    a, b = content_words(predicted), content_words(gold)
    if not a or not b:
        return 0.0
    if len(set(a) & set(b)) < MIN_SHARED_WORDS and set(a) != set(b):
        return float(fuzz.token_sort_ratio(" ".join(a), " ".join(b)))
    return float(fuzz.token_set_ratio(" ".join(a), " ".join(b)))


def names_match(predicted: str, gold: str) -> bool:
    """Same person: whole names alike, or one name part alike ("Tom" ~ "Tom Baker").

    Uses the pipeline's own participant matcher (rapidfuzz ratio >= 85 on the whole name or on
    any part longer than two letters), so two people sharing a first name are not told apart.
    """
    return match_participant(predicted, [Participant(name=gold)]) is not None


def roles_match(predicted: str, gold: str) -> bool:
    """Same role in words: token_set_ratio >= ROLE_THRESHOLD without generic words ("team")."""
    # "IT team" is all function and generic words: compare the words as said then.
    a = [w for w in content_words(predicted) if w not in _GENERIC_ROLE_WORDS]
    b = [w for w in content_words(gold) if w not in _GENERIC_ROLE_WORDS]
    a, b = a or normalise_words(predicted), b or normalise_words(gold)
    if not a or not b:
        return False
    return fuzz.token_set_ratio(" ".join(a), " ".join(b)) >= ROLE_THRESHOLD


def sides_agree(predicted: Side, gold: Side) -> bool:
    """Equal sides; a gold side of `unknown` accepts any prediction."""
    return gold == Side.UNKNOWN or predicted == gold


# Commitments -------------------------------------------------------------------------------


def owner_matches(predicted: Commitment, gold: GoldCommitment) -> bool:
    """The right owner: the gold name (fuzzy), or for a role-only gold owner the same role.

    A gold owner with a name needs that name (a role is not enough when the name was said);
    a gold owner with only a role accepts the role in either `owner` or `owner_role`
    (normalise moves "the legal team" from owner to owner_role); no gold owner at all accepts
    only a prediction that names no one.
    """
    if gold.owner:
        return predicted.owner is not None and names_match(predicted.owner, gold.owner)
    said = [text for text in (predicted.owner, predicted.owner_role) if text]
    if gold.owner_role:
        return any(roles_match(text, gold.owner_role) for text in said)
    return predicted.owner is None


def due_date_exact(predicted: Commitment, gold: GoldCommitment) -> bool:
    """The same due date; both unresolved (None) counts as the same."""
    return predicted.due_date == gold.due_date


def due_date_within_precision(predicted: Commitment, gold: GoldCommitment) -> bool:
    """The predicted date falls in the period the gold words name (see `within_precision`)."""
    return within_precision(predicted.due_date, gold.due_date, gold.due_precision)


def within_precision(
    predicted: dt.date | None, gold: dt.date | None, precision: Precision | None
) -> bool:
    """True when `predicted` lies in the gold period: the gold date is that period's last day.

    day: the same date; week: the same Monday-to-Sunday week; month: the same month;
    quarter (also halves and years, which the resolver reports as quarter): the three months
    ending on the gold date. An unresolved gold date accepts only an unresolved prediction.
    """
    if gold is None or predicted is None:
        return predicted == gold
    if precision in (None, Precision.DAY):
        return predicted == gold
    if precision == Precision.WEEK:
        return predicted.isocalendar()[:2] == gold.isocalendar()[:2]
    if precision == Precision.MONTH:
        return (predicted.year, predicted.month) == (gold.year, gold.month)
    months_back = gold.year * 12 + gold.month - 3  # the month before the quarter began
    start = dt.date(months_back // 12, months_back % 12 + 1, 1)
    return start <= predicted <= gold


def match_commitment(predicted: Commitment, gold: GoldCommitment) -> float | None:
    """Same commitment when the actions are alike: >= 60 with the right owner, else >= 85.

    Owner and date are judged on the pair afterwards (a wrong date is a matched commitment with
    a wrong date); they add to the score so that, of two similar predictions (a date said and
    later revised), the one with the right owner and date is paired with the gold item.
    """
    action = text_similarity(predicted.action, gold.action)
    owner = owner_matches(predicted, gold)
    if action < (ACTION_THRESHOLD if owner else ACTION_THRESHOLD_OTHER_OWNER):
        return None
    return (
        action / 100
        + 0.4 * owner
        + 0.2 * sides_agree(predicted.owner_side, gold.owner_side)
        + 0.3 * due_date_exact(predicted, gold)
        + 0.1 * (predicted.status == gold.status)
    )


# Stakeholders ------------------------------------------------------------------------------


def same_person(predicted: Stakeholder, gold: GoldStakeholder) -> float | None:
    """Identity without the side: the same name, or both unnamed with the same role or title."""
    if gold.name or predicted.name:
        if gold.name and predicted.name and names_match(predicted.name, gold.name):
            return 1.0 + 0.5 * (predicted.role == gold.role)
        return None
    if gold.role is not None and predicted.role == gold.role:
        return 1.0
    if gold.title and predicted.title and roles_match(predicted.title, gold.title):
        return 0.8
    return None


def match_stakeholder(predicted: Stakeholder, gold: GoldStakeholder) -> float | None:
    """Same stakeholder: `same_person` and `sides_agree`. The role is judged afterwards."""
    if not sides_agree(predicted.side, gold.side):
        return None
    return same_person(predicted, gold)


# Outcomes, key dates, risks ----------------------------------------------------------------


def match_outcome(predicted: Outcome, gold: GoldOutcome) -> float | None:
    """Same outcome: the statement is like the gold statement or its quote (>= 60)."""
    similarity = max(
        text_similarity(predicted.statement, gold.statement),
        text_similarity(predicted.statement, gold.quote),
    )
    return similarity / 100 if similarity >= OUTCOME_THRESHOLD else None


def match_key_date(predicted: KeyDate, gold: GoldKeyDate) -> float | None:
    """Same kind and same date; for a gold date left unresolved, no date and similar words."""
    if predicted.kind != gold.kind:
        return None
    if gold.date is not None:
        return 1.0 if predicted.date == gold.date else None
    if predicted.date is None and (
        text_similarity(predicted.date_text, gold.date_text) >= DATE_TEXT_THRESHOLD
    ):
        return 1.0
    return None


def quotes_overlap(predicted: str, gold: str) -> bool:
    """The shorter quote (at least 3 words) stands in the longer (partial_ratio >= 80)."""
    a, b = sorted((" ".join(normalise_words(predicted)), " ".join(normalise_words(gold))), key=len)
    if len(a.split()) < QUOTE_MIN_WORDS:
        return False
    return fuzz.partial_ratio(a, b) >= QUOTE_OVERLAP_THRESHOLD


def match_risk(predicted: Risk, gold: GoldRisk) -> float | None:
    """Same kind, and one of the predicted quotes overlaps the gold quote."""
    if predicted.kind != gold.kind:
        return None
    return 1.0 if any(quotes_overlap(e.quote, gold.quote) for e in predicted.evidence) else None


# Assignment --------------------------------------------------------------------------------

P = TypeVar("P")
G = TypeVar("G")


@dataclass(frozen=True)
class Assignment(Generic[P, G]):
    """Pairs of (predicted, gold) items, and the items on either side left without a partner."""

    pairs: tuple[tuple[P, G], ...]
    unmatched_predicted: tuple[P, ...]
    unmatched_gold: tuple[G, ...]


def assign(
    predicted: Sequence[P], gold: Sequence[G], match: Callable[[P, G], float | None]
) -> Assignment[P, G]:
    """Pair items one-to-one, greedily: the highest-scoring pair first.

    Greedy instead of optimal (Hungarian): calls hold tens of items and the scores make the
    best pair clear; ties go to the earlier gold item, then the earlier prediction.
    """
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            score = match(p, g)
            if score is not None:
                candidates.append((-score, j, i))
    candidates.sort()
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, j, i in candidates:
        if i not in taken_p and j not in taken_g:
            taken_p.add(i)
            taken_g.add(j)
            pairs.append((i, j))
    pairs.sort(key=lambda pair: pair[1])
    return Assignment(
        pairs=tuple((predicted[i], gold[j]) for i, j in pairs),
        unmatched_predicted=tuple(p for i, p in enumerate(predicted) if i not in taken_p),
        unmatched_gold=tuple(g for j, g in enumerate(gold) if j not in taken_g),
    )
