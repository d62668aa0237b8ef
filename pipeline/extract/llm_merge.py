"""Merging the answers for the parts of a long call into one, without duplicates.

Two items are one when they are of the same kind, say much the same thing, and rest on the
same words: their cited segments overlap, or their quotes match. That is what happens in the
overlap between parts, where two requests see the same lines, and when a model lists an item
twice. A person is one stakeholder however often they come up: stakeholders with the same name
(or with no name, the same role on the same side) are merged wherever they were mentioned.

The kept item is the fuller one; the other fills its empty fields and adds its evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz

from pipeline.extract.llm_schema import EVIDENCE_MAX
from pipeline.ground import normalise_text
from pipeline.models import (
    Commitment,
    Evidence,
    Extraction,
    Grounding,
    KeyDate,
    Outcome,
    Risk,
    Side,
    Stakeholder,
)

# token_set_ratio of the normalised texts, for items whose evidence overlaps. Commitments need
# more: one sentence often holds two ("I'll send the questionnaire and the pricing"). Risks are
# described in freer words ("no date for legal" / "won't commit to a legal review date": 60).
TEXT_SIMILARITY = {"outcomes": 70.0, "commitments": 80.0, "key_dates": 70.0, "risks": 50.0}
QUOTE_SIMILARITY = 90.0

Item = TypeVar("Item", Outcome, Stakeholder, Commitment, KeyDate, Risk)


def merge_parts(parts: Sequence[Extraction]) -> Extraction:
    """One extraction from the parts' extractions (in call order), duplicates merged.

    Args:
        parts: each part's raw extraction; the first gives the extractor and call info.
    """
    first = parts[0]
    grounding = Grounding(
        checked=sum(p.grounding.checked for p in parts),
        dropped=sum(p.grounding.dropped for p in parts),
        dropped_items=tuple(d for p in parts for d in p.grounding.dropped_items),
    )
    return first.model_copy(
        update={
            "outcomes": merge_items([i for p in parts for i in p.outcomes], same_outcome),
            "stakeholders": merge_items(
                [i for p in parts for i in p.stakeholders], same_stakeholder
            ),
            "commitments": merge_items([i for p in parts for i in p.commitments], same_commitment),
            "key_dates": merge_items([i for p in parts for i in p.key_dates], same_key_date),
            "risks": merge_items([i for p in parts for i in p.risks], same_risk),
            "grounding": grounding,
            "problems": tuple(q for p in parts for q in p.problems),
        }
    )


def merge_items(items: Sequence[Item], same: Callable[[Item, Item], bool]) -> tuple[Item, ...]:
    """The items in their first-seen order, each duplicate folded into the item it repeats."""
    kept: list[Item] = []
    for item in items:
        for index, other in enumerate(kept):
            if same(other, item):
                kept[index] = combine(other, item)
                break
        else:
            kept.append(item)
    return tuple(kept)


def combine(a: Item, b: Item) -> Item:
    """The fuller of two duplicates, its empty fields filled from the other, evidence joined."""
    main, other = (a, b) if _filled(a) >= _filled(b) else (b, a)
    fills = {
        name: getattr(other, name)
        for name in type(main).model_fields
        if name != "evidence" and getattr(main, name) is None and getattr(other, name) is not None
    }
    if isinstance(main, Stakeholder | Commitment):
        side_field = "side" if isinstance(main, Stakeholder) else "owner_side"
        if getattr(main, side_field) == Side.UNKNOWN:
            fills[side_field] = getattr(other, side_field)
    return main.model_copy(update={**fills, "evidence": _joined(a.evidence, b.evidence)})


def same_stakeholder(a: Stakeholder, b: Stakeholder) -> bool:
    if a.name and b.name:
        return same_name(a.name, b.name) and _sides_agree(a.side, b.side)
    if a.name or b.name:
        return False  # a named person and an unnamed role may differ: the rep decides
    return a.role is not None and a.role == b.role and _sides_agree(a.side, b.side)


def same_name(a: str, b: str) -> bool:
    """The same person: equal names, or one the other's first name ("Tom", "Tom Baker")."""
    x, y = normalise_text(a).split(), normalise_text(b).split()
    if not x or not y:
        return False
    short, long = sorted((x, y), key=len)
    return short == long or (len(short) == 1 and short[0] == long[0])


def overlapping(a: Sequence[Evidence], b: Sequence[Evidence]) -> bool:
    """Evidence on the same words: a shared segment, or quotes that match."""
    if {i for e in a for i in e.segment_ids} & {i for e in b for i in e.segment_ids}:
        return True
    return any(
        fuzz.partial_ratio(normalise_text(x.quote), normalise_text(y.quote)) >= QUOTE_SIMILARITY
        for x in a
        for y in b
    )


def similar(a: str | None, b: str | None, threshold: float) -> bool:
    if not a or not b:
        return False
    return fuzz.token_set_ratio(normalise_text(a), normalise_text(b)) >= threshold


def same_outcome(a: Outcome, b: Outcome) -> bool:
    return overlapping(a.evidence, b.evidence) and similar(
        a.statement, b.statement, TEXT_SIMILARITY["outcomes"]
    )


def same_commitment(a: Commitment, b: Commitment) -> bool:
    owners_agree = a.owner is None or b.owner is None or same_name(a.owner, b.owner)
    return (
        owners_agree
        and overlapping(a.evidence, b.evidence)
        and similar(a.action, b.action, TEXT_SIMILARITY["commitments"])
    )


def same_key_date(a: KeyDate, b: KeyDate) -> bool:
    threshold = TEXT_SIMILARITY["key_dates"]
    return (
        a.kind == b.kind
        and overlapping(a.evidence, b.evidence)
        and (
            similar(a.date_text, b.date_text, threshold)
            or similar(a.description, b.description, threshold)
        )
    )


def same_risk(a: Risk, b: Risk) -> bool:
    return (
        a.kind == b.kind
        and overlapping(a.evidence, b.evidence)
        and similar(a.description, b.description, TEXT_SIMILARITY["risks"])
    )


def _sides_agree(a: Side, b: Side) -> bool:
    return a == b or Side.UNKNOWN in (a, b)


def _filled(item: Outcome | Stakeholder | Commitment | KeyDate | Risk) -> int:
    values = [getattr(item, name) for name in type(item).model_fields if name != "evidence"]
    return sum(v is not None and v != Side.UNKNOWN for v in values)


def _joined(a: Sequence[Evidence], b: Sequence[Evidence]) -> tuple[Evidence, ...]:
    seen: list[Evidence] = []
    for evidence in (*a, *b):
        if not any(
            e.segment_ids == evidence.segment_ids
            and normalise_text(e.quote) == normalise_text(evidence.quote)
            for e in seen
        ):
            seen.append(evidence)
    return tuple(seen[:EVIDENCE_MAX])
