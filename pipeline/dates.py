"""The shared spoken-date resolver: deadline phrases from call transcripts -> due dates.

A due date is the **last calendar day that satisfies the deadline as spoken**, resolved
against the call's local date (dates only; a time said with a date, "by noon Friday",
"Friday at 3pm ET", is read and ignored). Words that do not pin a day down resolve to
``date=None, precision=None``, never to a guess. W is the call's Monday-to-Sunday week.
"Business days" skip Saturdays and Sundays only: public holidays are not known.

====================================  =============================================  =========
Said                                  Due date                                       Precision
====================================  =============================================  =========
"Friday", "by Friday", "coming Fri"   the first Friday strictly after the call       day
"this Thursday", "Thursday this week" Thursday of W if today or later, else next one day
"next Tuesday", "Tuesday next week"   Tuesday of the week after W (Monday call: +8)  day
"last Tuesday"                        Tuesday of the week before W                   day
"Friday after next"                   "Friday" + 7                                   day
"today", "EOD", "COB", "tonight"      the call date                                  day
"tomorrow", "EOD tomorrow"            call date + 1 ("the day after tomorrow": + 2)  day
"in 3 days / two weeks / a fortnight" call date + 3 / 14 / 14 ("2-3 weeks", "a week  day
 "two weeks from now", "2 weeks out"  or two": the larger count)
"within 10 business days"             the 10th Monday-to-Friday after the call       day
"in two months", "in a year"          same day of the month (Feb 29 -> Feb 28)       month/qtr
"this week", "end of the week", EOW   Friday of W; said on Sat/Sun: the coming Fri   week
"next week", "end of next week"       Friday of the week after W                     week
"early / mid / late next week"        Tuesday / Wednesday / Friday of that week      week
"first thing next week"               Monday of that week                            week
"over the weekend" / "by the weekend" the coming Sunday / the Friday before it       week
"the week of the 20th"                Friday of the week holding the 20th            week
"calendar week 46", "KW 46", "CW46"   Friday of ISO week 46 (this year or next)      week
"end of the month", "EOM"             last day of the call's month                   month
"the last (business) day of the mo."  that day (business: back to a Mon-Fri)         day
"in April", "by April", "end of       April 30 (this year's April unless it is       month
 April", "next month"                 over, then next year's)
"early / mid / late April"            April 10 / April 15 / April 30                 week
"first week of April"                 the month's 1st..4th Friday; "last week of":   week
                                      its last Friday, or its last day if Mon-Thu
"the 14th", "the 14th of the month"   the first 14th on or after the call date       day
"March 14", "14 March", "3/14"        US month/day; this year unless already past    day
"June 5-7", "June 5 to 7"             June 7                                         day
"Q2", "end of Q2", "second quarter"   last day of the quarter; fiscal quarters when  quarter
                                      fiscal_year_start_month != 1; over: next year
"early / mid / late Q3"               end of its 1st month / 15th of its 2nd / end   month
"H1", "H2", "first half of 2027"      last day of the (fiscal) half                  quarter
"EOY", "year end", "this year",       Dec 31 of the calendar year ("fiscal year      quarter
 "in 2027"                            end", "FYE", "FY27": the fiscal year's end)
"early / mid-year / late next year"   Mar 31 / Jun 30 / Dec 31                       quarter
"Thanksgiving", "Christmas (Eve)",    next occurrence (4th Thu of Nov, Dec 25, ...)  day
 "New Year's", "Labor Day", "July 4"  ("in the new year": unresolved)
"before X"                            the day before X begins ("before April" =      as X
                                      Mar 31); "before the end of X" = end of X
"after X", "after the holidays"       unresolved: it sets a start, not a deadline
"2 days before X", "the day after     X's due date moved by the offset ("the week    coarser of
 X", "a week from Friday"             before X": X - 7, week precision)              X, offset
"soon", "ASAP", "in a few weeks"      unresolved
====================================  =============================================  =========

Years: a phrase without a year means the first occurrence whose due date is on or after the
call date ("January 5th" said on Dec 28 is next January; "early April" said on April 20 is
next year's). A weekday said with a date must match the date meant ("Monday, March 14" when
the next March 14 is a Sunday, or "Friday the 13th" when the next 13th is not a Friday, is
unresolved).

:func:`find_dates` scans free text. A mention's text includes its deadline word and any time
or "at the latest" said with it ("by Friday at the latest"), since "before" changes the date.
To avoid false alarms, these are mentions only after a lead word (by, before, until, in, on,
for, during, around, after, ...) or with a modifier or year: bare month names ("may" and
"march" are also verbs), "the 14th" / "the first" (which must also end the clause or be
followed by a function word: not "the 14th floor"), years ("2027"), holidays, "the weekend".
Vague phrases ("soon", "ASAP", "in a few days", "after the holidays") are reported, as
unresolved mentions, only when introduced by by / before / prior to / until / till /
no later than / within / in / after: a bare "ASAP" is not a mention. Durations ("for two
weeks"), times ("at 3 pm"), money ("$50k"), versions ("2.14") and plain numbers never match.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, model_validator

from pipeline import _date_grammar as g
from pipeline._date_grammar import DAY, add_business_days

__all__ = ["Precision", "ResolvedDate", "add_business_days", "find_dates", "resolve_date"]


class Precision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


_COARSENESS = list(Precision)


class ResolvedDate(BaseModel):
    """One date phrase and its due date (``date is None``: it does not fix a date)."""

    model_config = ConfigDict(frozen=True)

    date: dt.date | None
    precision: Precision | None
    text: str
    start: int
    end: int

    @model_validator(mode="after")
    def _date_and_precision_together(self) -> ResolvedDate:
        if (self.date is None) != (self.precision is None):
            raise ValueError("date and precision must both be set or both be None")
        return self

    @property
    def resolved(self) -> bool:
        return self.date is not None


class _Period(NamedTuple):
    begin: dt.date  # first day of what was named: "before X" is the day before it
    last: dt.date  # the last day that satisfies "by X"
    precision: Precision


class _Ctx(NamedTuple):
    call: dt.date
    fy: int


_Found = list[_Period] | None  # candidates, earliest first; None: names no date ("soon")
_Resolver = Callable[[re.Match[str], _Ctx], _Found]
_Accept = Callable[[re.Match[str], bool], bool]  # (match, strict = scanning free text)


class _Rule(NamedTuple):
    resolve: _Resolver
    accept: _Accept
    anchored: bool
    regex: re.Pattern[str]


_RULES: list[_Rule] = []


def _always(m: re.Match[str], strict: bool) -> bool:
    return True


def _led(*marks: str) -> _Accept:
    """In free text, only when a lead word or one of the groups `marks` is present."""
    return lambda m, strict: not strict or any(m[k] for k in ("lead", *marks))


def _rule(core: str, accept: _Accept = _always) -> Callable[[_Resolver], _Resolver]:
    def register(resolve: _Resolver) -> _Resolver:
        for anchored, head in ((False, ""), (True, g.ANCHOR)):
            pattern = rf"(?<![\w$]){g.LEAD}{head}{g.TIME_BEFORE}(?:{core}){g.TIME_AFTER}(?!\w)"
            regex = re.compile(pattern, re.IGNORECASE)
            _RULES.append(_Rule(resolve, accept, anchored, regex))
        return resolve

    return register


def _w(m: re.Match[str], name: str) -> str:
    """A group's words, normalised, '' if absent; a leading "the " is dropped."""
    return g.norm(m[name] or "").removeprefix("the ")


def _day(d: dt.date) -> _Period:
    return _Period(d, d, Precision.DAY)


_EOD = re.compile(g.EODW, re.IGNORECASE)


def _day_or_eod(d: dt.date, m: re.Match[str]) -> _Period:
    """A day; said with "EOD" it is the end of that day, so "before EOD Friday" is Friday."""
    return _Period(d + DAY, d, Precision.DAY) if _EOD.search(m[0]) else _day(d)


_GRAIN = {
    0: (Precision.WEEK,) * 2,
    1: (Precision.MONTH, Precision.WEEK),
    3: (Precision.QUARTER, Precision.MONTH),
}


def _part(months: int, begin: dt.date, part: str) -> _Period:
    first, last, is_part = g.sub_period(months, begin, part)
    if part.startswith("last"):  # "the last (business) day of X" names one day
        if part != "last day of":
            last -= max(0, last.weekday() - 4) * DAY  # back to a Monday-to-Friday
        return _day(last)
    return _Period(first, last, _GRAIN.get(months, (Precision.QUARTER,) * 2)[is_part])


def _dates(ymd: Iterable[tuple[int, int, int]], m: re.Match[str], call: dt.date) -> _Found:
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
        days = [d for d in days if d.weekday() == g.weekday(m["pwd"])]
    if m["weekof"]:
        return [_Period(g.monday(d), g.monday(d) + 4 * DAY, Precision.WEEK) for d in days] or None
    return [_day(d) for d in days] or None


_UNIT_PRECISION = {"month": Precision.MONTH, "year": Precision.QUARTER}


def _count(m: re.Match[str], p: str) -> tuple[int, str, bool]:
    n = max(g.number(m[k]) or 0 for k in (p + "n", p + "n2", p + "n3") if m[k])
    return n, _w(m, p + "unit"), bool(m[p + "biz"])


# --- the grammar: each rule resolves its core; lead words and anchors are handled once -----
_PART = (
    r"(?:(?:the\s+)?(?P<part>early|earlier|mid|middle\s+of|later?|beginning\s+of|start\s+of"
    r"|end\s+of|last\s+(?:business\s+|working\s+)?day\s+of|first\s+thing(?:\s+in)?)(?:\s+|-))?"
)
_WDPRE = (
    rf"(?:(?P<weekof>(?:the\s+)?week\s+of\s+)|(?:(?:this|next|coming)\s+)?(?P<pwd>{g.WEEKDAY}),?"
    r"\s+)?"
)
_BY = re.compile(r"\b(?:by|before|prior|until|till|than)\b")
_NEAR = r"(?P<rel>(?:the\s+)?(?:next|last)|this|the)"


@_rule(
    rf"{g.DAY_START}(?P<day>the\s+day\s+after\s+tomorrow|tomorrow|today|tonight"
    rf"|yesterday|later\s+today|this\s+(?:morning|afternoon|evening)){g.TOD}"
    rf"|(?<!\bat\s)(?<!\bat\sthe\s)(?:the\s+)?{g.EODW}"
)
def _relative_day(m: re.Match[str], ctx: _Ctx) -> _Found:
    offset = {"tomorrow": 1, "day after tomorrow": 2, "yesterday": -1}.get(_w(m, "day"), 0)
    return [_day_or_eod(ctx.call + offset * DAY, m)]


@_rule(
    rf"{g.DAY_START}(?:(?P<wk2>this|next)\s+week\s+(?:on\s+)?)?"
    rf"(?:(?P<rel>this\s+coming|this|next|last|coming)\s+)?(?P<wd>{g.WEEKDAY})"
    rf"(?P<after>\s+after\s+next)?(?:,?\s+(?:of\s+)?(?P<wk>this|next|last)\s+week)?{g.TOD}"
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> _Found:
    wd, call = g.weekday(m["wd"]), ctx.call
    which = _w(m, "wk") or _w(m, "wk2") or _w(m, "rel")
    if which in ("next", "last"):
        d = g.monday(call) + (wd + (7 if which == "next" else -7)) * DAY
    elif which == "this":
        d = g.monday(call) + wd * DAY
        d += 7 * DAY if d < call else 0 * DAY
    else:
        d = call + ((wd - call.weekday() - 1) % 7 + 1) * DAY
    return [_day_or_eod(d + (7 * DAY if m["after"] else 0 * DAY), m)]


@_rule(
    r"(?:over\s+)?(?:(?P<we>this|next|the)\s+)?week[\s-]?end",
    accept=lambda m, strict: not strict or bool(m["lead"]) or _w(m, "we") in ("this", "next"),
)
def _weekend(m: re.Match[str], ctx: _Ctx) -> _Found:
    saturday = g.monday(ctx.call) + 5 * DAY
    by = _BY.search(_w(m, "lead"))
    weeks = [1] if _w(m, "we") == "next" else [0, 1]
    return [
        _Period(sat, sat + (-DAY if by else DAY), Precision.WEEK)
        for sat in (saturday + 7 * k * DAY for k in weeks)
    ]


@_rule(
    rf"{_PART}(?:(?P<after>the\s+week\s+after\s+next)|{_NEAR}\s+week|(?P<bare>week)|(?P<eow>eow))",
    accept=lambda m, strict: bool(m["part"]) or not (m["bare"] or _w(m, "rel") == "the"),
)
def _week(m: re.Match[str], ctx: _Ctx) -> _Found:
    shift = 2 if m["after"] else {"next": 1, "last": -1}.get(_w(m, "rel"), 0)
    if shift == 0 and ctx.call.weekday() >= 5:  # said on a weekend: the coming week
        shift = 1
    part = "end of" if m["eow"] else _w(m, "part")
    return [_part(0, g.monday(ctx.call) + 7 * shift * DAY, part)]


@_rule(
    r"(?:(?P<cal>calendar\s+week|cw|kw)|week)\s*(?P<isoweek>\d{1,2})(?!\s+of\b)",
    accept=lambda m, strict: not strict or bool(m["cal"] or m["lead"]),
)
def _iso_week(m: re.Match[str], ctx: _Ctx) -> _Found:
    """ "in calendar week 46", "KW 46": ISO week numbers, as European buyers plan."""
    weeks = []
    for year in (ctx.call.year, ctx.call.year + 1):
        try:
            weeks.append(_part(0, dt.date.fromisocalendar(year, int(m["isoweek"]), 1), ""))
        except ValueError:  # week 53 in a 52-week year
            continue
    return weeks


def _period_ok(m: re.Match[str], strict: bool) -> bool:
    """ "month" / "the month" need a modifier ("end of the month"); in free text "month-end"
    needs a lead word ("by month-end", but not "the month-end close")."""
    if (m["bare"] and not m["end"]) or _w(m, "rel") == "the":
        return bool(m["part"])
    return not (strict and m["bare"]) or bool(m["lead"])


def _month_ok(m: re.Match[str], strict: bool) -> bool:
    named = not (strict and m["name"]) or any(m[k] for k in ("lead", "part", "year", "ny"))
    return _period_ok(m, strict) and named


@_rule(
    rf"{_PART}(?:{_NEAR}\s+month|(?P<bare>month)(?P<end>[\s-]?end)?|(?P<eom>eom)|(?P<name>"
    rf"{g.MONTH})(?:,?\s+(?:of\s+)?(?:(?P<year>{g.YEAR})|(?P<ny>next|this)\s+year))?)",
    accept=_month_ok,
)
def _month(m: re.Match[str], ctx: _Ctx) -> _Found:
    part = "end of" if m["eom"] or m["end"] else _w(m, "part")
    if m["name"]:
        years = g.years(m["year"], _w(m, "ny"), ctx.call.year)
        return [_part(1, dt.date(y, g.month(m["name"]), 1), part) for y in years]
    shift = {"next": 1, "last": -1}.get(_w(m, "rel"), 0)
    return [_part(1, g.add_months(ctx.call.replace(day=1), shift), part)]


@_rule(
    r"(?:the\s+)?(?P<nth>first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+(?:full\s+)?"
    rf"week\s+(?:of|in)\s+(?:(?P<rel>this|next|the)\s+month|(?P<name>{g.MONTH})"
    rf"(?:,?\s+(?P<year>{g.YEAR}))?)"
)
def _nth_week(m: re.Match[str], ctx: _Ctx) -> _Found:
    if m["name"]:
        firsts = [dt.date(y, g.month(m["name"]), 1) for y in g.years(m["year"], "", ctx.call.year)]
    else:
        firsts = [g.add_months(ctx.call.replace(day=1), _w(m, "rel") == "next")]
    nth = g.number(m["nth"])
    fridays = [g.nth_week_friday(first, nth) for first in firsts]
    return [_Period(g.monday(friday), friday, Precision.WEEK) for friday in fridays]


def _numbered(months: int, n: str, m: re.Match[str], ctx: _Ctx) -> list[dt.date]:
    """Starts of the n-th quarter/half of the (fiscal) year named, or of this and next."""
    label = g.fiscal_label(ctx.call, ctx.fy)
    labels = g.years(m["year"] or m["fy"], _w(m, "ny"), label)
    index = g.number(n) or 1
    return [g.add_months(g.fiscal_year_start(y, ctx.fy), months * (index - 1)) for y in labels]


_YEAR_TAIL = (
    rf"(?:,?\s+(?:of\s+)?(?:(?:FY\s*'?)?(?P<year>{g.YEAR})|FY\s*'?(?P<fy>\d\d)"
    r"|(?:the\s+)?(?P<ny>next|this)\s+(?:fiscal\s+)?year))?"
)


@_rule(
    rf"{_PART}(?:{_NEAR}\s+(?:fiscal\s+)?quarter|(?P<bare>quarter)(?P<end>[\s-]?end)?|(?P<eoq>eoq)"
    r"|(?:the\s+)?(?:fiscal\s+)?(?:F?Q\s?(?P<qn>[1-4])|(?P<qo>first|second|third|fourth|1st|2nd"
    rf"|3rd|4th)\s+(?:fiscal\s+)?quarter|quarter\s+(?P<qw>one|two|three|four)){_YEAR_TAIL})",
    accept=_period_ok,
)
def _quarter(m: re.Match[str], ctx: _Ctx) -> _Found:
    part = "end of" if m["eoq"] or m["end"] else _w(m, "part")
    if n := m["qn"] or m["qo"] or m["qw"]:
        return [_part(3, start, part) for start in _numbered(3, n, m, ctx)]
    shift = {"next": 1, "last": -1}.get(_w(m, "rel"), 0)
    return [_part(3, g.add_months(g.period_start(ctx.call, 3, ctx.fy), 3 * shift), part)]


@_rule(
    rf"{_PART}(?:(?P<hn>[12])H|H(?P<hn2>[12])|(?:the\s+)?(?P<ho>first|second|1st|2nd)\s+half"
    r"(?P<of>\s+of\s+(?:the\s+)?(?:(?P<ny>this|next)\s+)?(?:fiscal\s+)?(?:year|(?P<year>"
    rf"{g.YEAR}))?)?)(?:,?\s+(?P<fy>{g.YEAR}))?",
    accept=lambda m, strict: not m["ho"] or bool(m["of"] or m["fy"]),
)
def _half(m: re.Match[str], ctx: _Ctx) -> _Found:
    n = m["hn"] or m["hn2"] or m["ho"]
    return [_part(6, start, _w(m, "part")) for start in _numbered(6, n, m, ctx)]


def _year_ok(m: re.Match[str], strict: bool) -> bool:
    return _period_ok(m, strict) and (not (strict and m["year"]) or bool(m["lead"] or m["part"]))


@_rule(
    rf"{_PART}(?:{_NEAR}\s+(?P<fiscal>fiscal\s+)?year|(?P<fiscal2>fiscal\s+)?(?P<bare>year)"
    r"(?P<end>[\s-]?end)?|(?P<eoy>eoy)|(?P<fye>fye)|FY\s*'?(?P<fy>\d\d(?:\d\d)?)"
    rf"|(?P<year>{g.YEAR}))",
    accept=_year_ok,
)
def _year(m: re.Match[str], ctx: _Ctx) -> _Found:
    part = "end of" if m["eoy"] or m["fye"] or m["end"] else _w(m, "part")
    if m["year"]:
        begin = dt.date(int(m["year"]), 1, 1)
    elif m["fy"]:
        begin = g.fiscal_year_start(g.years(m["fy"], "", 0)[0], ctx.fy)
    else:
        fiscal = m["fiscal"] or m["fiscal2"] or m["fye"]
        base = g.period_start(ctx.call, 12, ctx.fy) if fiscal else ctx.call.replace(month=1, day=1)
        begin = g.add_months(base, 12 * {"next": 1, "last": -1}.get(_w(m, "rel"), 0))
    return [_part(12, begin, part)]


@_rule(rf"(?P<name>{g.HOLIDAY})", accept=_led())
def _holiday(m: re.Match[str], ctx: _Ctx) -> _Found:
    if _w(m, "name") == "new year" and not _BY.search(_w(m, "lead")):
        return None  # "in the new year" is a period, only "by/before the new year" a deadline
    return [_day(g.holiday(m["name"], y)) for y in (ctx.call.year, ctx.call.year + 1)]


def _month_day_ok(m: re.Match[str], strict: bool) -> bool:
    month = g.norm(m["am"] or m["bm"] or "")
    day = m["ad"] or m["bd"]
    spelled = g.norm(day or "") in g.CARDINALS
    if strict and month in ("may", "march") and spelled and not (m["lead"] or m["pwd"]):
        return False  # "we may one day", "march one step"; but "by May one" is a date
    if m["cm"]:
        return 1 <= int(m["cm"]) <= 12 and 1 <= int(m["cd"]) <= 31
    return m["iy"] is not None or 1 <= (g.number(day or "") or 0) <= 31


@_rule(
    rf"{_WDPRE}(?:(?P<am>{g.MONTH})\.?\s+(?:the\s+)?"
    rf"(?:\d\d?\s*[-–]\s*|{g.DAYNUM}\s+(?:to|through|thru)\s+)?"  # "June 5-7": June 7
    rf"(?P<ad>{g.DAYNUM})(?:,?\s+(?P<year>{g.YEAR}))?"
    rf"|(?:the\s+)?(?P<bd>{g.ORDDAY}|\d\d?)\s+(?:of\s+)?(?P<bm>{g.MONTH})"
    rf"(?:,?\s+(?P<by>{g.YEAR}))?"
    r"|(?<![/.\d])(?P<cm>\d\d?)/(?P<cd>\d\d?)(?:/(?P<cy>\d{4}|\d\d))?"
    r"(?![/\d]|[.,]\d|\s+(?:the|of|an?)\b)"  # not "1/2 the price"
    rf"|(?P<iy>{g.YEAR})-(?P<im>\d\d)-(?P<id>\d\d))",
    accept=_month_day_ok,
)
def _month_day(m: re.Match[str], ctx: _Ctx) -> _Found:
    if m["iy"]:
        return _dates([(int(m["iy"]), int(m["im"]), int(m["id"]))], m, ctx.call)
    if m["cm"]:
        month, day, year = int(m["cm"]), int(m["cd"]), m["cy"]
    else:
        month, day = g.month(m["am"] or m["bm"]), g.number(m["ad"] or m["bd"]) or 0
        year = m["year"] or m["by"]
    years: Iterable[int] = range(ctx.call.year, ctx.call.year + 12)
    if year:
        years = g.years(year, "", ctx.call.year)
    return _dates(((y, month, day) for y in years), m, ctx.call)


_CLAUSE_END = re.compile(r"\s*(?:[.;!?]|,?\s*then\b|$)")


def _ends_clause(m: re.Match[str]) -> bool:
    """ "Let's do the 22nd." / "Sure, the 23rd then.": a digit ordinal that ends the clause."""
    said = m.group(0).lower()
    rest = m.string[m.end() :]
    return said.startswith("the ") and said[4:5].isdigit() and bool(_CLAUSE_END.match(rest))


@_rule(
    rf"{_WDPRE}(?:the\s+)?(?P<dd>{g.ORDDAY})(?:\s+of\s+(?P<rel>this|next|the)\s+month|{g.FOLLOW})",
    accept=lambda m, strict: (
        1 <= (g.number(m["dd"]) or 0) <= 31
        and (not strict or any(m[k] for k in ("lead", "pwd", "rel", "weekof")) or _ends_clause(m))
    ),
)
def _day_of_month(m: re.Match[str], ctx: _Ctx) -> _Found:
    rel = _w(m, "rel")
    months = [1] if rel == "next" else [0] if rel == "this" else range(24)
    firsts = [g.add_months(ctx.call.replace(day=1), k) for k in months]
    return _dates(((f.year, f.month, g.number(m["dd"]) or 0) for f in firsts), m, ctx.call)


_DEADLINE = re.compile(r"\b(?:by|before|prior|until|till|than|within|in|next|after)\b")


@_rule(
    rf"{g.offset('o')}(?P<tail>\s+from\s+(?:now|today)|\s+out|'?\s+time)?",
    accept=lambda m, strict: bool(m["tail"] or _DEADLINE.search(_w(m, "lead"))),
)
def _offset(m: re.Match[str], ctx: _Ctx) -> _Found:
    n, unit, business = _count(m, "o")
    d = g.shift(ctx.call, n, unit, business)
    return [_Period(d, d, _UNIT_PRECISION.get(unit, Precision.DAY))]


@_rule(rf"(?P<vague>{g.VAGUE})", accept=lambda m, s: not s or bool(_DEADLINE.search(_w(m, "lead"))))
def _vague(m: re.Match[str], ctx: _Ctx) -> _Found:
    return None


# --- evaluation ----------------------------------------------------------------------------
_BEFORE = re.compile(r"\b(?:before|prior)\b")


def _evaluate(rule: _Rule, m: re.Match[str], ctx: _Ctx) -> tuple[dt.date | None, Precision | None]:
    found = rule.resolve(m, ctx)
    lead = _w(m, "lead")
    if not found or re.search(r"\bafter\b", lead):
        return None, None
    before = bool(_BEFORE.search(lead)) and "or before" not in lead
    shift: tuple[int, str, bool] | None = None
    unit_precision = Precision.DAY
    if rule.anchored:
        n, unit, business = (1, _w(m, "aunit1"), False) if m["athe"] else _count(m, "a")
        shift = (-n if _w(m, "adir") in ("before", "prior to") else n, unit, business)
        the_week = Precision.WEEK if m["athe"] and unit == "week" else Precision.DAY
        unit_precision = _UNIT_PRECISION.get(unit, the_week)
    for i, period in enumerate(found):
        begin, last = period.begin, period.last
        if shift:
            begin = last = g.shift(last, *shift)
        due = begin - DAY if before else last
        if due >= ctx.call or i == len(found) - 1:
            return due, max(period.precision, unit_precision, key=_COARSENESS.index)
    raise AssertionError("unreachable")


def _context(call_date: dt.date, fiscal_year_start_month: int) -> _Ctx:
    if not 1 <= fiscal_year_start_month <= 12:
        raise ValueError(f"fiscal_year_start_month must be 1..12, not {fiscal_year_start_month}")
    return _Ctx(call_date, fiscal_year_start_month)


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
        if m and rule.accept(m, False):
            day, precision = _evaluate(rule, m, ctx)
            return ResolvedDate(date=day, precision=precision, text=phrase, start=start, end=end)
    return ResolvedDate(date=None, precision=None, text=phrase, start=start, end=end)


def find_dates(
    sentence: str, call_date: dt.date, *, fiscal_year_start_month: int = 1
) -> list[ResolvedDate]:
    """Every date mention in free text, left to right, non-overlapping, longest match wins.

    Spans index into `sentence`. Unresolved mentions are vague deadlines after a deadline
    word ("in a few weeks" yes, a bare "ASAP" no: see the module docstring) and "after X".
    """
    ctx = _context(call_date, fiscal_year_start_month)
    starts = [w.start() for w in re.finditer(r"\b\w", sentence)]
    found: list[tuple[int, int, _Rule, re.Match[str]]] = []
    for rule in _RULES:
        for i in starts:
            m = rule.regex.match(sentence, i)
            if m and rule.accept(m, not rule.anchored):
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
