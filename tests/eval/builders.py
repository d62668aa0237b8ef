"""Builders for the scorer's tests: the fixture rows, and predictions made from gold."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from eval.dataset import CallRow, Gold, load_rows
from pipeline.models import (
    CallInfo,
    Commitment,
    Evidence,
    Extraction,
    ExtractorInfo,
    KeyDate,
    Outcome,
    Risk,
    Stakeholder,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROWS = FIXTURES / "rows.jsonl"
RULES = ExtractorInfo(name="rules", prompt_version="rules-v1")


def fixture_row(row_id: str) -> CallRow:
    return next(row for row in load_rows(ROWS) if row.id == row_id)


def evidence(quote: str, speaker: str = "") -> tuple[Evidence, ...]:
    return (Evidence(quote=quote, speaker=speaker, start=0.0, end=1.0, segment_ids=(0,)),)


def prediction(row: CallRow, gold: Gold | None = None, **replace: Iterable[object]) -> Extraction:
    """What a perfect extractor would return for `gold` (default: the row's), kinds replaceable."""
    gold = gold or row.gold
    items: dict[str, object] = {
        "commitments": tuple(
            Commitment(
                action=c.action,
                owner=c.owner,
                owner_role=c.owner_role,
                owner_side=c.owner_side,
                due_date=c.due_date,
                due_text=c.due_text,
                due_precision=c.due_precision,
                status=c.status,
                evidence=evidence(c.quote),
            )
            for c in gold.commitments
        ),
        "stakeholders": tuple(
            Stakeholder(
                name=s.name, title=s.title, side=s.side, role=s.role, evidence=evidence(s.quote)
            )
            for s in gold.stakeholders
        ),
        "outcomes": tuple(
            Outcome(
                statement=o.statement,
                metric=o.metric,
                target_date=o.target_date,
                target_text=o.target_text,
                evidence=evidence(o.quote),
            )
            for o in gold.outcomes
        ),
        "key_dates": tuple(
            KeyDate(
                kind=k.kind,
                date=k.date,
                date_text=k.date_text,
                description=k.quote,
                evidence=evidence(k.quote),
            )
            for k in gold.key_dates
        ),
        "risks": tuple(
            Risk(kind=r.kind, description=r.quote, evidence=evidence(r.quote)) for r in gold.risks
        ),
    }
    items |= {kind: tuple(value) for kind, value in replace.items()}
    return Extraction(extractor=RULES, call=CallInfo(date=row.call_date), **items)
