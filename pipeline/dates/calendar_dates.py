"""Named days of the calendar: "March 14", "14 March", "3/14", "2027-03-14", "the 14th",
"Thanksgiving", "Christmas Eve", "Halloween"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.dates import calendar_math as cal
from pipeline.dates import lexicon as lx
from pipeline.dates.rule import BY, Ctx, Found, dates, day, family, led, words


def _holiday(m: re.Match[str], ctx: Ctx) -> Found:
    if words(m, "name") == "new year" and not BY.search(words(m, "lead")):
        return None  # "in the new year" is a period, only "by/before the new year" a deadline
    years = (ctx.call.year, ctx.call.year + 1)
    days = [d for y in years if (d := cal.holiday(m["name"], y))]
    if not any(d >= ctx.call for d in days):
        return None  # the next one is past the table of a moving holiday: no guess
    return [day(d) for d in days]


HOLIDAY = family(
    rf"(?P<name>{lx.HOLIDAY})",
    _holiday,
    gate="christmas|xmas|thanksgiving|year|labor|memorial|independence|july|halloween|easter|"
    "friday|diwali|deepavali|david|patrick|andrew|canada|boxing|valentine|bastille|mardi|"
    "shrove|pancake|ascension|pentecost|whit",
    accept=led(),
)


def _month_day_ok(m: re.Match[str], strict: bool) -> bool:
    month = lx.norm(m["am"] or m["bm"] or "")
    said_day = m["ad"] or m["bd"]
    spelled = lx.norm(said_day or "") in lx.CARDINALS
    if strict and month in ("may", "march") and spelled and not (m["lead"] or m["pwd"]):
        return False  # "we may one day", "march one step"; but "by May one" is a date
    if m["cm"]:
        return 1 <= int(m["cm"]) <= 12 and 1 <= int(m["cd"]) <= 31
    return m["iy"] is not None or 1 <= (lx.number(said_day or "") or 0) <= 31


def _month_day(m: re.Match[str], ctx: Ctx) -> Found:
    if m["iy"]:
        return dates([(int(m["iy"]), int(m["im"]), int(m["id"]))], m, ctx.call)
    if m["cm"]:
        month, day_, year = int(m["cm"]), int(m["cd"]), m["cy"]
    else:
        month, day_ = lx.month(m["am"] or m["bm"]), lx.number(m["ad"] or m["bd"]) or 0
        year = m["year"] or m["by"]
    years: Iterable[int] = range(ctx.call.year, ctx.call.year + 12)
    if year:
        years = cal.years(year, "", ctx.call.year)
    return dates(((y, month, day_) for y in years), m, ctx.call)


MONTH_DAY = family(
    rf"{lx.WEEKDAY_PREFIX}(?:(?P<am>{lx.MONTH})\.?\s+(?:the\s+)?"
    rf"(?:\d\d?\s*[-–]\s*|{lx.DAYNUM}\s+(?:to|through|thru)\s+)?"  # "June 5-7": June 7
    rf"(?P<ad>{lx.DAYNUM})(?:,?\s+(?P<year>{lx.YEAR}))?"
    rf"|(?:the\s+)?(?P<bd>{lx.ORDDAY}|\d\d?)\s+(?:of\s+)?(?P<bm>{lx.MONTH})"
    rf"(?:,?\s+(?P<by>{lx.YEAR}))?"
    r"|(?<![/.\d])(?P<cm>\d\d?)/(?P<cd>\d\d?)(?:/(?P<cy>\d{4}|\d\d))?"
    r"(?![/\d]|[.,]\d|\s+(?:the|of|an?)\b)"  # not "1/2 the price"
    rf"|(?P<iy>{lx.YEAR})-(?P<im>\d\d)-(?P<id>\d\d))",
    _month_day,
    gate=rf"\d|{lx.words(lx.MONTHS)}",
    accept=_month_day_ok,
)

# "Let's do the 22nd." / "The 20th works." / "The 14th is fine." / "let's say the 13th for the
# SNMP test" (what the day is for comes next).
_CLAUSE_END = re.compile(
    r"\s*(?:[.;!?]|,?\s*then\b|$|(?:works|would work|is fine|is good|suits)\b"
    r"|for (?:the|our|your|their|a|an)\b)",
    re.IGNORECASE,
)


def _ends_clause(m: re.Match[str]) -> bool:
    """ "Let's do the 22nd." / "Sure, the 23rd then.": a digit ordinal that ends the clause."""
    said = m.group(0).lower()
    rest = m.string[m.end() :]
    return said.startswith("the ") and said[4:5].isdigit() and bool(_CLAUSE_END.match(rest))


def _day_of_month_ok(m: re.Match[str], strict: bool) -> bool:
    if not 1 <= (lx.number(m["dd"]) or 0) <= 31:
        return False
    return not strict or any(m[k] for k in ("lead", "pwd", "rel", "weekof")) or _ends_clause(m)


def _day_of_month(m: re.Match[str], ctx: Ctx) -> Found:
    rel = words(m, "rel")
    months = [1] if rel == "next" else [0] if rel == "this" else range(24)
    firsts = [cal.add_months(ctx.call.replace(day=1), k) for k in months]
    return dates(((f.year, f.month, lx.number(m["dd"]) or 0) for f in firsts), m, ctx.call)


DAY_OF_MONTH = family(
    rf"{lx.WEEKDAY_PREFIX}(?:the\s+)?(?P<dd>{lx.ORDDAY})(?:\s+of\s+(?P<rel>this|next|the)\s+month"
    rf"|{lx.FOLLOW})",
    _day_of_month,
    gate=rf"\d|{lx.ORD_WORD}",
    accept=_day_of_month_ok,
)
