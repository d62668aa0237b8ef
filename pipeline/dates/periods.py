"""Months, quarters, halves and years, calendar or fiscal: "end of the month", "mid-April",
"the first week of May", "the first Wednesday of October", "end of Q2", "H2", "FY27", "by year
end"."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.dates import calendar_math as cal
from pipeline.dates import lexicon as lx
from pipeline.dates.model import Precision
from pipeline.dates.rule import Ctx, Found, Period, day, family, part, words


def _period_ok(m: re.Match[str], strict: bool) -> bool:
    """ "month" / "the month" need a modifier ("end of the month"); in free text "month-end"
    needs a lead word ("by month-end", but not "the month-end close")."""
    if (m["bare"] and not m["end"]) or words(m, "rel") == "the":
        return bool(m["part"])
    return not (strict and m["bare"]) or bool(m["lead"])


def _month_ok(m: re.Match[str], strict: bool) -> bool:
    named = not (strict and m["name"]) or any(m[k] for k in ("lead", "part", "year", "ny"))
    return _period_ok(m, strict) and named and not (strict and _verb_end(m))


def _verb_end(m: re.Match[str]) -> bool:
    """ "we end August with a party": "end" as a verb, not "End August" opening a phrase."""
    before = m.string[: m.start()].rstrip()
    return words(m, "part") == "end" and not m["lead"] and bool(before) and before[-1].isalnum()


def _month(m: re.Match[str], ctx: Ctx) -> Found:
    part_ = "end of" if m["eom"] or m["end"] else words(m, "part")
    if m["name"]:
        years = cal.years(m["year"], words(m, "ny"), ctx.call.year)
        return [part(1, dt.date(y, lx.month(m["name"]), 1), part_) for y in years]
    shift = {"next": 1, "last": -1}.get(words(m, "rel"), 0)
    return [part(1, cal.add_months(ctx.call.replace(day=1), shift), part_)]


MONTH = family(
    rf"{lx.PART}(?:{lx.NEAR}\s+month|(?P<bare>month)(?P<end>[\s-]?end)?|(?P<eom>eom)|(?P<name>"
    rf"{lx.MONTH})(?:,?\s+(?:of\s+)?(?:(?P<year>{lx.YEAR})|(?P<ny>next|this)\s+year))?)",
    _month,
    gate=rf"month|eom|{lx.words(lx.MONTHS)}",
    accept=_month_ok,
)


def _firsts_of_named_month(m: re.Match[str], ctx: Ctx) -> list[dt.date]:
    """The first days of the month named ("of April"): this year's and next, or the year said."""
    years = cal.years(m["year"], "", ctx.call.year)
    return [dt.date(y, lx.month(m["name"]), 1) for y in years]


def _nth_week(m: re.Match[str], ctx: Ctx) -> Found:
    if m["name"]:
        firsts = _firsts_of_named_month(m, ctx)
    else:
        firsts = [cal.add_months(ctx.call.replace(day=1), words(m, "rel") == "next")]
    nth = lx.number(m["nth"])
    fridays = [cal.nth_week_friday(first, nth) for first in firsts]
    return [Period(cal.monday(friday), friday, Precision.WEEK) for friday in fridays]


NTH_WEEK = family(
    r"(?:the\s+)?(?P<nth>first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+(?:full\s+)?"
    rf"week\s+(?:of|in)\s+(?:(?P<rel>this|next|the)\s+month|(?P<name>{lx.MONTH})"
    rf"(?:,?\s+(?P<year>{lx.YEAR}))?)",
    _nth_week,
    gate="week",
)


def _nth_weekday(m: re.Match[str], ctx: Ctx) -> Found:
    if m["name"]:
        firsts = _firsts_of_named_month(m, ctx)
    else:  # "of the month": this month's, or next month's once this one's is over
        shifts = {"this": [0], "next": [1]}.get(words(m, "rel"), [0, 1])
        firsts = [cal.add_months(ctx.call.replace(day=1), k) for k in shifts]
    nth = lx.number(m["nth"]) or -1  # "last"
    wd = lx.weekday(m["wd"])
    return [day(cal.nth_weekday(f.year, f.month, wd, nth)) for f in firsts]


NTH_WEEKDAY = family(
    r"(?:the\s+)?(?P<nth>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
    rf"(?P<wd>{lx.WEEKDAY})\s+(?:of|in)\s+(?:(?P<rel>this|next|the)\s+month|(?P<name>{lx.MONTH})"
    rf"(?:,?\s+(?P<year>{lx.YEAR}))?)",
    _nth_weekday,
    gate=r"day",
)


def _numbered(months: int, n: str, m: re.Match[str], ctx: Ctx) -> list[dt.date]:
    """Starts of the n-th quarter/half of the (fiscal) year named, or of this and next."""
    label = cal.fiscal_label(ctx.call, ctx.fy)
    labels = cal.years(m["year"] or m["fy"], words(m, "ny"), label)
    index = lx.number(n) or 1
    return [cal.add_months(cal.fiscal_year_start(y, ctx.fy), months * (index - 1)) for y in labels]


_YEAR_TAIL = (
    rf"(?:,?\s+(?:of\s+)?(?:(?:FY\s*'?)?(?P<year>{lx.YEAR})|FY\s*'?(?P<fy>\d\d)"
    r"|(?:the\s+)?(?P<ny>next|this)\s+(?:fiscal\s+|financial\s+)?year))?"
)


def _quarter(m: re.Match[str], ctx: Ctx) -> Found:
    part_ = "end of" if m["eoq"] or m["end"] else words(m, "part")
    if n := m["qn"] or m["qo"] or m["qw"]:
        return [part(3, start, part_) for start in _numbered(3, n, m, ctx)]
    shift = {"next": 1, "last": -1}.get(words(m, "rel"), 0)
    return [part(3, cal.add_months(cal.period_start(ctx.call, 3, ctx.fy), 3 * shift), part_)]


QUARTER = family(
    rf"{lx.PART}(?:{lx.NEAR}\s+(?:fiscal\s+|financial\s+)?quarter|(?P<bare>quarter)(?P<end>[\s-]?end)?"
    r"|(?P<eoq>eoq)|(?:(?:the|our|your|their)\s+)?(?:fiscal\s+|financial\s+)?(?:F?Q\s?(?P<qn>[1-4])"
    r"|(?P<qo>first|second|third"
    rf"|fourth|1st|2nd|3rd|4th)\s+(?:fiscal\s+|financial\s+)?quarter|quarter\s+(?P<qw>one|two|three|four))"
    rf"{_YEAR_TAIL})",
    _quarter,
    gate=r"quarter|eoq|q\s?[1-4]",
    accept=_period_ok,
)


def _half(m: re.Match[str], ctx: Ctx) -> Found:
    n = m["hn"] or m["hn2"] or m["ho"]
    return [part(6, start, words(m, "part")) for start in _numbered(6, n, m, ctx)]


HALF = family(
    rf"{lx.PART}(?:(?P<hn>[12])H|H(?P<hn2>[12])|(?:the\s+)?(?P<ho>first|second|1st|2nd)\s+half"
    r"(?P<of>\s+of\s+(?:the\s+)?(?:(?P<ny>this|next)\s+)?(?:fiscal\s+|financial\s+)?(?:year|(?P<year>"
    rf"{lx.YEAR}))?)?)(?:,?\s+(?P<fy>{lx.YEAR}))?",
    _half,
    gate=r"[12]h|h[12]|half",
    accept=lambda m, strict: not m["ho"] or bool(m["of"] or m["fy"]),
)


def _year_ok(m: re.Match[str], strict: bool) -> bool:
    return _period_ok(m, strict) and (not (strict and m["year"]) or bool(m["lead"] or m["part"]))


def _year(m: re.Match[str], ctx: Ctx) -> Found:
    part_ = "end of" if m["eoy"] or m["fye"] or m["end"] else words(m, "part")
    if m["year"]:
        begin = dt.date(int(m["year"]), 1, 1)
    elif m["fy"]:
        begin = cal.fiscal_year_start(cal.years(m["fy"], "", 0)[0], ctx.fy)
    else:
        fiscal = m["fiscal"] or m["fiscal2"] or m["fye"]
        this_year = ctx.call.replace(month=1, day=1)
        start = cal.period_start(ctx.call, 12, ctx.fy) if fiscal else this_year
        begin = cal.add_months(start, 12 * {"next": 1, "last": -1}.get(words(m, "rel"), 0))
    return [part(12, begin, part_)]


YEAR = family(
    rf"{lx.PART}(?:{lx.NEAR}\s+(?P<fiscal>(?:fiscal|financial)\s+)?year|(?P<fiscal2>(?:fiscal|financial)\s+)?(?P<bare>year)"
    r"(?P<end>[\s-]?end)?|(?P<eoy>eoy)|(?P<fye>fye)|FY\s*'?(?P<fy>\d\d(?:\d\d)?)"
    rf"|(?P<year>{lx.YEAR}))",
    _year,
    gate=r"year|eoy|fy|(?:19|20)\d\d",
    accept=_year_ok,
)
