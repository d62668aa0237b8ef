"""Resolve a date phrase, or find every date mention in free text, with the grammar's rules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from pipeline.dates import calendar_math as cal
from pipeline.dates import lexicon as lx
from pipeline.dates.calendar_math import DAY
from pipeline.dates.grammar import FAMILIES
from pipeline.dates.model import COARSENESS, Precision, ResolvedDate
from pipeline.dates.rule import UNIT_PRECISION, Ctx, Family, count, words


class _Rule(NamedTuple):
    family: Family
    anchored: bool  # "two days before <core>"
    regex: re.Pattern[str]


_RULES = tuple(
    _Rule(f, anchored, f.anchored if anchored else f.plain)
    for f in FAMILIES
    for anchored in (False, True)
)
_BEFORE = re.compile(r"\b(?:before|prior)\b")
_AFTER = re.compile(r"\bafter\b")
_WORD_START = re.compile(r"\b\w")


def _evaluate(rule: _Rule, m: re.Match[str], ctx: Ctx) -> tuple[dt.date | None, Precision | None]:
    found = rule.family.resolve(m, ctx)
    lead = words(m, "lead")
    if not found or _AFTER.search(lead):
        return None, None
    before = bool(_BEFORE.search(lead)) and "or before" not in lead
    move, move_precision = _anchor(m) if rule.anchored else (None, Precision.DAY)
    for i, period in enumerate(found):
        begin, last = period.begin, period.last
        if move:
            begin = last = move(begin, last)
        due = begin - DAY if before else last
        if due >= ctx.call or i == len(found) - 1:
            return due, max(period.precision, move_precision, key=COARSENESS.index)
    raise AssertionError("unreachable")


_Move = Callable[[dt.date, dt.date], dt.date]  # (begin, last) of the anchor -> the day meant


def _anchor(m: re.Match[str]) -> tuple[_Move, Precision]:
    """How "2 days before X", "the week after X", "the Friday after X" move X's dates."""
    backwards = words(m, "adir") in ("before", "prior to")
    if m["awd"]:
        wd = lx.weekday(m["awd"])
        if backwards:
            return (lambda begin, last: cal.weekday_before(begin, wd)), Precision.DAY
        return (lambda begin, last: cal.weekday_after(last, wd)), Precision.DAY
    n, unit, business = (1, words(m, "aunit1"), False) if m["athe"] else count(m, "a")
    the_week = Precision.WEEK if m["athe"] and unit == "week" else Precision.DAY
    step = -n if backwards else n
    return (lambda begin, last: cal.shift(last, step, unit, business)), UNIT_PRECISION.get(
        unit, the_week
    )


def _context(call_date: dt.date, fiscal_year_start_month: int) -> Ctx:
    if not 1 <= fiscal_year_start_month <= 12:
        raise ValueError(f"fiscal_year_start_month must be 1..12, not {fiscal_year_start_month}")
    return Ctx(call_date, fiscal_year_start_month)


def resolve_date(
    text: str, call_date: dt.date, *, fiscal_year_start_month: int = 1
) -> ResolvedDate:
    """Resolve one date phrase (the whole string is the phrase, e.g. "by end of Q2").

    Surrounding spaces and punctuation are not part of the phrase; ``text``/``start``/``end``
    give the phrase itself. A phrase the grammar does not fully cover is unresolved.
    """
    ctx = _context(call_date, fiscal_year_start_month)
    core = re.search(r"[^\s.,;:!?\"]", text)
    start = core.start() if core else 0
    end = max(start, len(text.rstrip(' \t\n.,;:!?"')))
    phrase = text[start:end]
    for rule in _RULES:
        m = rule.regex.fullmatch(phrase)
        if m and rule.family.accept(m, False):
            day, precision = _evaluate(rule, m, ctx)
            return ResolvedDate(date=day, precision=precision, text=phrase, start=start, end=end)
    return ResolvedDate(date=None, precision=None, text=phrase, start=start, end=end)


def find_dates(
    sentence: str, call_date: dt.date, *, fiscal_year_start_month: int = 1
) -> list[ResolvedDate]:
    """Every date mention in free text, left to right, non-overlapping, longest match wins.

    Spans index into `sentence`. Unresolved mentions are vague deadlines after a deadline
    word ("in a few weeks" yes, a bare "ASAP" no: see the package docstring) and "after X".
    """
    return scan(sentence, _context(call_date, fiscal_year_start_month))


def scan(sentence: str, ctx: Ctx, *, gated: bool = True) -> list[ResolvedDate]:
    """`find_dates`; `gated=False` tries every free-text family, whatever words the sentence
    holds."""
    starts = [w.start() for w in _WORD_START.finditer(sentence)]
    lower = sentence.lower()
    tried = {f.name for f in FAMILIES if f.in_free_text and (not gated or f.gate.search(lower))}
    found: list[tuple[int, int, _Rule, re.Match[str]]] = []
    for rule in _RULES:
        if rule.family.name not in tried:
            continue
        for i in starts:
            m = rule.regex.match(sentence, i)
            if m and rule.family.accept(m, not rule.anchored):
                found.append((m.start(), m.end(), rule, m))
    chosen: list[tuple[int, int, _Rule, re.Match[str]]] = []
    for cand in sorted(found, key=lambda c: c[0] - c[1]):  # stable: rule order breaks ties
        if all(cand[1] <= s or cand[0] >= e for s, e, _, _ in chosen):
            chosen.append(cand)
    mentions = []
    for s, e, rule, m in sorted(chosen, key=lambda c: c[0]):
        day, precision = _evaluate(rule, m, ctx)
        mentions.append(
            ResolvedDate(date=day, precision=precision, text=sentence[s:e], start=s, end=e)
        )
    return mentions
