"""What a rule family is, and the helpers the families share.

A family names one kind of date phrase ("Friday", "end of Q2", "in two weeks"). It gives its
*core* pattern; every family is compiled twice, plain ("by Friday") and anchored on another
date ("two days before Friday"), with the lead words and times around the core added here once.
Its resolver turns a match into candidate periods (earliest first); `pipeline.dates.resolve`
picks the first that is not over and applies "before" and the anchor's offset.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from pipeline.dates import calendar_math as cal
from pipeline.dates import lexicon as lx
from pipeline.dates.calendar_math import DAY
from pipeline.dates.model import Precision


class Period(NamedTuple):
    begin: dt.date  # first day of what was named: "before X" is the day before it
    last: dt.date  # the last day that satisfies "by X"
    precision: Precision


class Ctx(NamedTuple):
    call: dt.date
    fy: int  # the month the buyer's fiscal year starts


Found = list[Period] | None  # candidates, earliest first; None: names no date ("soon")
Resolver = Callable[[re.Match[str], Ctx], Found]
Accept = Callable[[re.Match[str], bool], bool]  # (match, strict = scanning free text)


def always(m: re.Match[str], strict: bool) -> bool:
    return True


def led(*marks: str) -> Accept:
    """In free text, only when a lead word or one of the groups `marks` is present."""
    return lambda m, strict: not strict or any(m[k] for k in ("lead", *marks))


@dataclass(frozen=True)
class Family:
    """One kind of date phrase, compiled plain and anchored on another date."""

    name: str
    resolve: Resolver
    accept: Accept
    plain: re.Pattern[str]
    anchored: re.Pattern[str]
    # Text the core cannot match without, searched in the lower-cased text: free text without
    # it is not scanned for this family. Only a speed-up: tests check it never changes an answer.
    gate: re.Pattern[str]
    in_free_text: bool  # False: a phrase given as a deadline only ("right now")


def family(
    core: str,
    resolve: Resolver,
    *,
    gate: str,
    accept: Accept = always,
    in_free_text: bool = True,
) -> Family:
    """A family from its core pattern, resolver, gate (lower case), and what free text must
    also hold."""

    def compiled(head: str) -> re.Pattern[str]:
        # Not inside a word: "sign-on next week" is "next week", not "on next week".
        pattern = rf"(?<![\w$-]){lx.LEAD}{head}{lx.TIME_BEFORE}(?:{core}){lx.TIME_AFTER}(?!\w)"
        return re.compile(pattern, re.IGNORECASE)

    name = resolve.__name__.strip("_")
    # Not IGNORECASE: on lower-cased text a plain search is many times faster.
    gate_re = re.compile(gate)
    return Family(name, resolve, accept, compiled(""), compiled(lx.ANCHOR), gate_re, in_free_text)


# --- helpers for resolvers -----------------------------------------------------------------
BY = re.compile(r"\b(?:by|before|prior|until|till|than)\b")
DEADLINE = re.compile(r"\b(?:by|before|prior|until|till|than|within|inside|in|next|after)\b")
UNIT_PRECISION = {"month": Precision.MONTH, "year": Precision.QUARTER}
_EOD = re.compile(rf"{lx.EODW}|\blunch", re.IGNORECASE)  # within the day


def words(m: re.Match[str], name: str) -> str:
    """A group's words, normalised, '' if absent; a leading "the " is dropped."""
    return lx.norm(m[name] or "").removeprefix("the ")


def day(d: dt.date) -> Period:
    return Period(d, d, Precision.DAY)


def day_or_eod(d: dt.date, m: re.Match[str]) -> Period:
    """A day; said with "EOD" (or "lunch") it is a time in that day, so "before EOD Friday" is
    Friday."""
    return Period(d + DAY, d, Precision.DAY) if _EOD.search(m[0]) else day(d)


_GRAIN = {
    0: (Precision.WEEK,) * 2,
    1: (Precision.MONTH, Precision.WEEK),
    3: (Precision.QUARTER, Precision.MONTH),
}


def part(months: int, begin: dt.date, part_: str) -> Period:
    """A period of `months` (0: a week) starting `begin`, or its part ("end of", "mid", ...)."""
    first, last, is_part = cal.sub_period(months, begin, part_)
    if part_.startswith("last"):  # "the last (business) day of X" names one day
        if part_ != "last day of":
            last -= max(0, last.weekday() - 4) * DAY  # back to a Monday-to-Friday
        return day(last)
    return Period(first, last, _GRAIN.get(months, (Precision.QUARTER,) * 2)[is_part])


def dates(ymd: Iterable[tuple[int, int, int]], m: re.Match[str], call: dt.date) -> Found:
    """The valid dates among `ymd` (earliest first) as day periods, or their weeks' Fridays
    for "the week of <date>". A weekday said with the date must be the weekday of the date
    meant (the first on or after the call), else None."""
    days: list[dt.date] = []
    for y, mo, d in ymd:
        try:
            days.append(dt.date(y, mo, d))
        except ValueError:
            continue
    if m["pwd"] and days:
        days = [next((d for d in days if d >= call), days[-1])]
        days = [d for d in days if d.weekday() == lx.weekday(m["pwd"])]
    if m["weekof"]:
        weeks = [Period(cal.monday(d), cal.monday(d) + 4 * DAY, Precision.WEEK) for d in days]
        return weeks or None
    return [day(d) for d in days] or None


def count(m: re.Match[str], p: str) -> tuple[int, str, bool]:
    """An offset's (largest) count, unit and whether it is in business days; groups `p`*."""
    n = max(lx.number(m[k]) or 0 for k in (p + "n", p + "n2", p + "n3") if m[k])
    return n, words(m, p + "unit"), bool(m[p + "biz"])
