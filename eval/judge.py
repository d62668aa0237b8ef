"""Judge one call: pair the extraction's items with gold, count, and name every error.

The result (`Judgement`) holds counts only, so metrics over many calls are sums and ratios
(`eval.score`). Errors are kept with a short description of both sides for the report.

Hallucinations are counted two ways, each item once:
- a raw extractor item whose quotes are not in the transcript and that matches no gold item
  (grounding drops it from the draft; the count says how often the extractor makes things up);
- a drafted item naming a person or saying date words that the transcript does not hold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import Field

from eval.dataset import CallRow, GoldCommitment, GoldStakeholder
from eval.match import (
    Assignment,
    assign,
    due_date_exact,
    due_date_within_precision,
    match_commitment,
    match_key_date,
    match_outcome,
    match_risk,
    match_stakeholder,
    owner_matches,
    quotes_overlap,
    same_person,
    sides_agree,
)
from eval.metrics import normalise_words
from pipeline.ground import locate
from pipeline.models import (
    Commitment,
    Evidence,
    Extraction,
    Frozen,
    KeyDate,
    Outcome,
    Risk,
    Stakeholder,
    Transcript,
)

KINDS = ("commitments", "stakeholders", "outcomes", "key_dates", "risks")

Item = Commitment | Stakeholder | Outcome | KeyDate | Risk
_MATCHERS: dict[str, Callable[[Any, Any], float | None]] = {
    "commitments": match_commitment,
    "stakeholders": match_stakeholder,
    "outcomes": match_outcome,
    "key_dates": match_key_date,
    "risks": match_risk,
}


class KindCounts(Frozen):
    gold: int = 0
    predicted: int = 0
    matched: int = 0


class ErrorCase(Frozen):
    """One mistake: what kind, in which call, and both sides in a few words."""

    error: str  # missed, spurious, wrong owner, wrong side, wrong date, wrong action, ...
    kind: str  # commitments, stakeholders, ...
    row: str
    gold: str | None = None
    predicted: str | None = None

    @property
    def label(self) -> str:
        return f"{self.error} ({self.kind})"


class Judgement(Frozen):
    """Everything counted for one call; metrics are sums of these over calls."""

    row: str
    call_type: str
    counts: dict[str, KindCounts]
    owner_correct: int = 0  # over matched commitments
    owner_side_correct: int = 0
    due_exact: int = 0
    due_within: int = 0
    status_correct: int = 0
    roles_judged: int = 0  # matched stakeholders whose gold role is known
    role_correct: int = 0
    raw_items: int = 0  # what the extractor proposed, before grounding
    grounded_items: int = 0  # ... whose every quote is in the transcript
    hallucinations: int = 0
    wer_errors: int | None = None  # audio rows only
    wer_words: int | None = None
    speaker_correct: int | None = None
    speaker_words: int | None = None
    errors: tuple[ErrorCase, ...] = Field(default_factory=tuple)


def judge(
    row: CallRow, extraction: Extraction, raw: Extraction, transcript: Transcript
) -> Judgement:
    """Compare a call's drafted items with its gold items.

    Args:
        row: the labelled call.
        extraction: the extractor's output after grounding and date resolution (the draft).
        raw: the extractor's output as it came back (for grounding and hallucinations).
        transcript: the transcript the extractor read.
    """
    gold = row.gold
    commitments = assign(extraction.commitments, gold.commitments, match_commitment)
    stakeholders = assign(extraction.stakeholders, gold.stakeholders, match_stakeholder)
    assignments: dict[str, Assignment[Any, Any]] = {
        "commitments": commitments,
        "stakeholders": stakeholders,
        "outcomes": assign(extraction.outcomes, gold.outcomes, match_outcome),
        "key_dates": assign(extraction.key_dates, gold.key_dates, match_key_date),
        "risks": assign(extraction.risks, gold.risks, match_risk),
    }
    counts = {
        kind: KindCounts(
            gold=len(getattr(gold, kind)),
            predicted=len(getattr(extraction, kind)),
            matched=len(a.pairs),
        )
        for kind, a in assignments.items()
    }
    commitment_counts, errors = _judge_commitments(row.id, commitments.pairs)
    role_counts, role_errors = _judge_roles(row.id, stakeholders.pairs)
    errors += role_errors
    for kind, a in assignments.items():
        errors += _unmatched_errors(kind, row.id, a.unmatched_predicted, a.unmatched_gold)
    invented = _invented(raw, row, transcript) + _unsupported(extraction, row, transcript)
    return Judgement(
        row=row.id,
        call_type=row.call_type.value,
        counts=counts,
        raw_items=len(_items(raw)),
        grounded_items=sum(_fully_grounded(item, transcript) for item in _items(raw)),
        hallucinations=len(invented),
        errors=(*errors, *invented),
        **commitment_counts,
        **role_counts,
    )


def _judge_commitments(
    row: str, pairs: Sequence[tuple[Commitment, GoldCommitment]]
) -> tuple[dict[str, int], list[ErrorCase]]:
    """Right owners, sides, dates and statuses on matched commitments, and the wrong ones."""
    counts = dict.fromkeys(
        ("owner_correct", "owner_side_correct", "due_exact", "due_within", "status_correct"), 0
    )
    errors = []
    for predicted, gold in pairs:
        checks = {
            "owner_correct": (owner_matches(predicted, gold), "wrong owner"),
            "owner_side_correct": (
                sides_agree(predicted.owner_side, gold.owner_side),
                "wrong side",
            ),
            "due_exact": (due_date_exact(predicted, gold), "wrong date"),
            "due_within": (due_date_within_precision(predicted, gold), None),  # no second error
            "status_correct": (predicted.status == gold.status, "wrong status"),
        }
        for field, (ok, error) in checks.items():
            counts[field] += ok
            if not ok and error:
                errors.append(_case(error, "commitments", row, gold, predicted))
    return counts, errors


def _judge_roles(
    row: str, pairs: Sequence[tuple[Stakeholder, GoldStakeholder]]
) -> tuple[dict[str, int], list[ErrorCase]]:
    """Right deal roles on matched stakeholders whose gold role is known."""
    judged = [(p, g) for p, g in pairs if g.role is not None]
    wrong = [(p, g) for p, g in judged if p.role != g.role]
    counts = {"roles_judged": len(judged), "role_correct": len(judged) - len(wrong)}
    return counts, [_case("wrong role", "stakeholders", row, g, p) for p, g in wrong]


def _commitment_near_miss(predicted: Any, gold: Any) -> str | None:
    """The gold commitment's words, owned right, but its action worded too differently ("Review
    it" for "Review the support assistant"): one "wrong action", not a miss and a spurious."""
    said = any(quotes_overlap(e.quote, gold.quote) for e in predicted.evidence)
    return "wrong action" if said and owner_matches(predicted, gold) else None


def _stakeholder_near_miss(predicted: Any, gold: Any) -> str | None:
    return "wrong side" if same_person(predicted, gold) is not None else None


def _key_date_near_miss(predicted: Any, gold: Any) -> str | None:
    if predicted.kind == gold.kind:
        return "wrong date"
    return "wrong kind" if gold.date is not None and predicted.date == gold.date else None


def _risk_near_miss(predicted: Any, gold: Any) -> str | None:
    overlap = any(quotes_overlap(e.quote, gold.quote) for e in predicted.evidence)
    return "wrong kind" if overlap else None


# A near miss: an unmatched prediction that is the unmatched gold item but for one attribute
# the match requires. Reported as that one error instead of "missed" plus "spurious" (the
# counts, and so precision and recall, are the same either way).
_NEAR_MISSES: dict[str, Callable[[Any, Any], str | None]] = {
    "commitments": _commitment_near_miss,
    "stakeholders": _stakeholder_near_miss,
    "key_dates": _key_date_near_miss,
    "risks": _risk_near_miss,
}


def _unmatched_errors(
    kind: str, row: str, predicted: Sequence[Any], gold: Sequence[Any]
) -> list[ErrorCase]:
    errors: list[ErrorCase] = []
    left = list(predicted)
    near_miss = _NEAR_MISSES.get(kind, lambda p, g: None)
    for g in gold:
        found = next(((p, why) for p in left if (why := near_miss(p, g))), None)
        if found is not None:
            left.remove(found[0])
            errors.append(_case(found[1], kind, row, g, found[0]))
        else:
            errors.append(_case("missed", kind, row, g, None))
    errors += [_case("spurious", kind, row, None, p) for p in left]
    return errors


def _items(extraction: Extraction) -> list[Item]:
    return [item for kind in KINDS for item in getattr(extraction, kind)]


def _fully_grounded(item: Item, transcript: Transcript) -> bool:
    """Every quote of the item is in the transcript (an item without quotes is not grounded)."""
    return bool(item.evidence) and all(locate(e, transcript) for e in item.evidence)


def _invented(raw: Extraction, row: CallRow, transcript: Transcript) -> list[ErrorCase]:
    """Raw items with no quote in the transcript that match no gold item."""
    cases = []
    for kind in KINDS:
        for item in getattr(raw, kind):
            if any(locate(e, transcript) for e in item.evidence):
                continue
            if any(_MATCHERS[kind](item, g) is not None for g in getattr(row.gold, kind)):
                continue
            cases.append(_case("hallucinated", kind, row.id, None, item, "quote not in the call"))
    return cases


class _Said:
    """What the call holds: its words, and the names of the people on it."""

    def __init__(self, row: CallRow, transcript: Transcript) -> None:
        self._transcript = transcript
        words = normalise_words(" ".join(s.text for s in transcript.segments))
        self._text = f" {' '.join(words)} "
        names = [p.name for p in row.participants]
        names += [s.name or s.label for s in transcript.speakers]
        self._names = set(normalise_words(" ".join(names)))

    def name_absent(self, name: str | None) -> bool:
        """No part of the name (3 letters or more) is said or belongs to someone on the call."""
        parts = [w for w in normalise_words(name or "") if len(w) > 2]
        return bool(parts) and not any(w in self._names or self._said(w) for w in parts)

    def _said(self, word: str) -> bool:
        """A word of the call, alone, with a contraction ("Junior'll", "Ama's") or with an
        honorific joined on ("Fujii-san")."""
        return any(f" {word}{end}" in self._text for end in (" ", "'", "’", "-"))

    def words_absent(self, text: str | None) -> bool:
        """The words are neither in the call verbatim nor found by the grounding matcher."""
        words = " ".join(normalise_words(text or ""))
        if not words or f" {words} " in self._text:
            return False
        probe = Evidence(quote=text or "", speaker="", start=0.0, end=0.0, segment_ids=(0,))
        return locate(probe, self._transcript) is None

    def unsupported(self, item: Item) -> str | None:
        """Why a drafted item is not supported by the call, or None."""
        checks: list[tuple[bool, str]] = []
        if isinstance(item, Commitment):
            checks = [
                (self.name_absent(item.owner), "owner"),
                (self.words_absent(item.due_text), "due words"),
            ]
        elif isinstance(item, Stakeholder):
            checks = [(self.name_absent(item.name), "name")]
        elif isinstance(item, Outcome):
            checks = [
                (self.name_absent(item.stated_by), "speaker"),
                (self.words_absent(item.target_text), "date words"),
            ]
        elif isinstance(item, KeyDate):
            checks = [(self.words_absent(item.date_text), "date words")]
        return next((f"{what} not in the call" for absent, what in checks if absent), None)


def _unsupported(extraction: Extraction, row: CallRow, transcript: Transcript) -> list[ErrorCase]:
    """Drafted items naming a person or date words the transcript does not hold."""
    said = _Said(row, transcript)
    cases = []
    for kind in KINDS:
        for item in getattr(extraction, kind):
            if why := said.unsupported(item):
                cases.append(_case("hallucinated", kind, row.id, None, item, why))
    return cases


def _case(
    error: str, kind: str, row: str, gold: Any, predicted: Any, note: str | None = None
) -> ErrorCase:
    predicted_text = describe(predicted) if predicted is not None else None
    if note and predicted_text:
        predicted_text += f" [{note}]"
    return ErrorCase(
        error=error,
        kind=kind,
        row=row,
        gold=describe(gold) if gold is not None else None,
        predicted=predicted_text,
    )


def describe(item: Any) -> str:
    """A gold or predicted item in one line: who, what, when."""
    if hasattr(item, "action"):
        who = item.owner or item.owner_role or "no owner"
        due = item.due_date or item.due_text or "no date"
        return f"{who} ({item.owner_side}): {item.action}; due {due}; {item.status}"
    if hasattr(item, "statement"):
        return str(item.statement)
    if hasattr(item, "date_text"):
        return f"{item.kind}: {item.date or 'unresolved'} ({item.date_text!r})"
    if hasattr(item, "side"):
        who = item.name or item.title or "unnamed"
        return f"{who} ({item.side}, {item.role or 'no role'})"
    quote = getattr(item, "quote", None) or next((e.quote for e in item.evidence), "")
    return f"{item.kind}: {quote!r}"
