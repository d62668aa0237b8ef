"""Builders for the scorer's tests: the fixture rows, and predictions made from gold."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from eval.agreement import as_extraction
from eval.dataset import CallRow, Gold, load_rows
from pipeline.models import Evidence, Extraction, ExtractorInfo

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROWS = FIXTURES / "rows.jsonl"
RULES = ExtractorInfo(name="rules", prompt_version="rules-v1")


def fixture_row(row_id: str) -> CallRow:
    return next(row for row in load_rows(ROWS) if row.id == row_id)


def evidence(quote: str, speaker: str = "") -> tuple[Evidence, ...]:
    return (Evidence(quote=quote, speaker=speaker, start=0.0, end=1.0, segment_ids=(0,)),)


def prediction(row: CallRow, gold: Gold | None = None, **replace: Iterable[object]) -> Extraction:
    """What a perfect extractor would return for `gold` (default: the row's), kinds replaceable."""
    perfect = as_extraction(row, gold or row.gold)
    items = {kind: tuple(value) for kind, value in replace.items()}
    return perfect.model_copy(update={"extractor": RULES, **items})
