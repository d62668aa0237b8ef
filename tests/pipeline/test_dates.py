"""Table-driven tests for the spoken-date resolver (pipeline.dates): the hand-checked
expressions and call dates are in `tests/pipeline/date_table.py`, the sentences in
`tests/pipeline/date_sentences.py`."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from pydantic import ValidationError

from pipeline.dates import Precision, ResolvedDate, find_dates, resolve_date
from pipeline.dates.grammar import FAMILIES
from pipeline.dates.resolve import scan
from pipeline.dates.rule import Ctx
from tests.pipeline.date_sentences import DISTRACTORS, SENTENCES
from tests.pipeline.date_table import DEC31, FISCAL_ROWS, LEAPD, ROWS, UNRESOLVED, WED, D


@pytest.mark.parametrize(("said", "call", "expected", "precision"), ROWS)
def test_resolve_date(said: str, call: dt.date, expected: dt.date, precision: str) -> None:
    got = resolve_date(said, call)
    assert (got.date, got.precision) == (expected, Precision(precision))
    assert got.resolved
    assert (got.text, got.start, got.end) == (said, 0, len(said))


@pytest.mark.parametrize(("said", "call", "fy_start", "expected", "precision"), FISCAL_ROWS)
def test_resolve_date_fiscal(
    said: str, call: dt.date, fy_start: int, expected: dt.date, precision: str
) -> None:
    got = resolve_date(said, call, fiscal_year_start_month=fy_start)
    assert (got.date, got.precision) == (expected, Precision(precision))


@pytest.mark.parametrize(("said", "call"), UNRESOLVED)
def test_unresolved(said: str, call: dt.date) -> None:
    got = resolve_date(said, call)
    assert (got.date, got.precision, got.resolved) == (None, None, False)
    assert got.text == said


def test_case_and_surrounding_punctuation() -> None:
    got = resolve_date("  BY FRIDAY. ", WED)
    assert (got.date, got.text, got.start, got.end) == (D(2026, 4, 17), "BY FRIDAY", 2, 11)
    assert resolve_date("end of q2", WED).date == D(2026, 6, 30)


def test_fiscal_month_is_validated() -> None:
    with pytest.raises(ValueError, match="fiscal_year_start_month"):
        resolve_date("Q1", WED, fiscal_year_start_month=13)


def test_resolved_date_is_frozen_and_consistent() -> None:
    got = resolve_date("Friday", WED)
    with pytest.raises(ValidationError):
        got.text = "Monday"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        ResolvedDate(date=D(2026, 1, 1), precision=None, text="x", start=0, end=1)


@pytest.mark.parametrize(("sentence", "call", "expected"), SENTENCES)
def test_find_dates(
    sentence: str, call: dt.date, expected: list[tuple[str, dt.date | None, str | None]]
) -> None:
    found = find_dates(sentence, call)
    assert [(m.text, m.date, m.precision) for m in found] == [
        (text, day, Precision(p) if p else None) for text, day, p in expected
    ]
    for m in found:
        assert sentence[m.start : m.end] == m.text
    spans = [(m.start, m.end) for m in found]
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


@pytest.mark.parametrize("sentence", DISTRACTORS)
def test_find_dates_ignores_distractors(sentence: str) -> None:
    assert find_dates(sentence, WED) == []


def test_find_dates_spans_are_exact_offsets() -> None:
    sentence = "Ok. So by Friday, then next week."
    found = find_dates(sentence, WED)
    assert [(m.start, m.end) for m in found] == [(7, 16), (23, 32)]


def test_find_dates_uses_fiscal_year() -> None:
    (found,) = find_dates("We close in Q1.", WED, fiscal_year_start_month=2)
    assert (found.text, found.date) == ("in Q1", D(2026, 4, 30))


def test_table_sizes() -> None:
    assert len(ROWS) + len(FISCAL_ROWS) + len(UNRESOLVED) >= 250


# --- the gates: a speed-up that must never change an answer --------------------------------
def _gate_corpus() -> list[str]:
    phrases = [row[0] for row in ROWS] + [row[0] for row in FISCAL_ROWS]
    phrases += [row[0] for row in UNRESOLVED]
    wrapped = [f"We said {p} for it." for p in phrases] + [f"{p}, then." for p in phrases]
    return wrapped + [s for s, _, _ in SENTENCES] + DISTRACTORS


@pytest.mark.parametrize("call", [WED, DEC31, LEAPD])
def test_gates_change_no_answer(call: dt.date) -> None:
    ctx = Ctx(call, 4)
    for sentence in _gate_corpus():
        assert scan(sentence, ctx) == scan(sentence, ctx, gated=False), sentence


def test_every_family_is_gated_by_its_own_words() -> None:
    """Each family's gate holds wherever the family matches a row of the tables."""
    for said, *_ in [*ROWS, *FISCAL_ROWS]:
        for family in FAMILIES:
            for regex in (family.plain, family.anchored):
                if regex.fullmatch(said):
                    assert family.gate.search(said.lower()), (family.name, said)
