"""Calendar arithmetic for the rules: months, weeks, business days, holidays, fiscal years."""

from __future__ import annotations

import calendar
import datetime as dt

from pipeline.dates.lexicon import norm

DAY = dt.timedelta(days=1)


def month_end(year: int, month_: int) -> dt.date:
    return dt.date(year, month_, calendar.monthrange(year, month_)[1])


def add_months(d: dt.date, n: int) -> dt.date:
    """Same day of the month `n` months later, clamped to the month's end (Feb 29 -> Feb 28)."""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def monday(d: dt.date) -> dt.date:
    return d - d.weekday() * DAY


def add_business_days(d: dt.date, n: int) -> dt.date:
    """`n` Monday-to-Friday days after `d` (before it if negative); no public holidays."""
    step, left = (DAY if n >= 0 else -DAY), abs(n)
    while left:
        d += step
        left -= d.weekday() < 5
    return d


def weekday_after(d: dt.date, wd: int) -> dt.date:
    """The first `wd` (0 = Monday) strictly after `d`."""
    return d + ((wd - d.weekday() - 1) % 7 + 1) * DAY


def weekday_before(d: dt.date, wd: int) -> dt.date:
    """The last `wd` (0 = Monday) strictly before `d`."""
    return d - ((d.weekday() - wd - 1) % 7 + 1) * DAY


def nth_weekday(year: int, month_: int, wd: int, n: int) -> dt.date:
    """The n-th `wd` (0 = Monday) of the month; n = -1 is the last one."""
    if n < 0:
        end = month_end(year, month_)
        return end - ((end.weekday() - wd) % 7) * DAY
    first = dt.date(year, month_, 1)
    return first + ((wd - first.weekday()) % 7 + 7 * (n - 1)) * DAY


# Holidays that move with a lunar calendar, for the years they are known here (outside these
# years the words stay unresolved rather than guessed). Lunar New Year: the first day of the
# Chinese calendar year; Diwali: the day of Lakshmi Puja as observed in India.
_LUNAR_NEW_YEAR = {
    2025: (1, 29),
    2026: (2, 17),
    2027: (2, 6),
    2028: (1, 26),
    2029: (2, 13),
    2030: (2, 3),
}
_DIWALI = {2026: (11, 8), 2027: (10, 29), 2028: (10, 17), 2029: (11, 5), 2030: (10, 26)}
# Fixed days other than the US federal ones: (month, day).
_FIXED = {
    "valentine": (2, 14),
    "david": (3, 1),
    "patrick": (3, 17),
    "canada": (7, 1),
    "bastille": (7, 14),
    "andrew": (11, 30),
    "boxing": (12, 26),
}


def easter(year: int) -> dt.date:
    """Western Easter Sunday: the Gregorian computus (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month_, day_ = divmod(h + weekday_shift - 7 * m + 114, 31)
    return dt.date(year, month_, day_ + 1)


# Days a fixed number of days from Easter Sunday: Mardi Gras (Shrove Tuesday, Pancake Day) 47
# before, Ascension 39 after, Pentecost (Whitsun) 49 after, Whit Monday 50 after.
_FROM_EASTER = {
    "mardi": -47,
    "shrove": -47,
    "pancake": -47,
    "ascension": 39,
    "pentecost": 49,
    "whitsun": 49,
    "whit": 50,
}


def holiday(name: str, year: int) -> dt.date | None:
    """A holiday's date in calendar year `year` (names as matched by HOLIDAY); None when it
    moves with a calendar not known for that year."""
    n = norm(name)
    if "good friday" in n:
        return easter(year) - 2 * DAY
    if "easter monday" in n:
        return easter(year) + DAY
    if moved := _FROM_EASTER.get(n.split()[0]):  # "mardi gras", "ascension day", "whit monday"
        return easter(year) + moved * DAY
    if "easter" in n:
        return easter(year)
    if "lunar" in n or "chinese" in n:
        known = _LUNAR_NEW_YEAR.get(year)
        return dt.date(year, *known) if known else None
    if "diwali" in n or "deepavali" in n:
        known = _DIWALI.get(year)
        return dt.date(year, *known) if known else None
    if fixed := next((md for word, md in _FIXED.items() if word in n), None):
        return dt.date(year, *fixed)
    if "eve" in n:
        return dt.date(year, 12, 24 if "christmas" in n else 31)
    if "christmas" in n or "xmas" in n:
        return dt.date(year, 12, 25)
    if "thanksgiving" in n:
        return nth_weekday(year, 11, 3, 4)
    if "labor" in n:
        return nth_weekday(year, 9, 0, 1)
    if "memorial" in n:
        return nth_weekday(year, 5, 0, -1)
    if "new year" in n:
        return dt.date(year, 1, 1)
    if "halloween" in n:
        return dt.date(year, 10, 31)
    return dt.date(year, 7, 4)


def period_start(d: dt.date, months: int, fy_start: int) -> dt.date:
    """First day of the `months`-long fiscal period (3 quarter, 6 half, 12 year) holding `d`."""
    into = (d.month - fy_start) % 12 // months * months
    m0 = (fy_start - 1 + into) % 12 + 1
    return dt.date(d.year if m0 <= d.month else d.year - 1, m0, 1)


def fiscal_label(d: dt.date, fy_start: int) -> int:
    """The fiscal year holding `d`, named by the calendar year in which it ends."""
    return d.year + (fy_start > 1 and d.month >= fy_start)


def fiscal_year_start(label: int, fy_start: int) -> dt.date:
    return dt.date(label - (fy_start > 1), fy_start, 1)


def years(explicit: str | None, relative: str, year: int) -> list[int]:
    """The year(s) a phrase may mean: as said ("27" = 2027), "this"/"next" year, or both."""
    if explicit:
        return [int(explicit) + (2000 if len(explicit) == 2 else 0)]
    if relative:
        return [year + (relative == "next")]
    return [year, year + 1]


def shift(d: dt.date, n: int, unit: str, business: bool) -> dt.date:
    """`d` moved by `n` days / weeks / fortnights / months / years (business days or weeks)."""
    if business:
        return add_business_days(d, n * (5 if unit == "week" else 1))
    if unit in ("month", "year"):
        return add_months(d, n * (12 if unit == "year" else 1))
    return d + n * {"day": 1, "week": 7, "fortnight": 14}[unit] * DAY


def nth_week_friday(first: dt.date, n: int | None) -> dt.date:
    """Due day of the n-th week of `first`'s month: its n-th Friday. n=None, the last week:
    the week holding the month's last weekday, cut at the month's end."""
    if n is not None:
        return nth_weekday(first.year, first.month, 4, n)
    end = month_end(first.year, first.month)
    return min(end, monday(end - max(0, end.weekday() - 4) * DAY) + 4 * DAY)


_PARTS = {
    "earlier": "early",
    "beginning of": "early",
    "start of": "early",
    "middle of": "mid",
    "later": "late",
    "end": "end of",
    "last day of": "end of",
    "last business day of": "end of",
    "last working day of": "end of",
    "first thing in": "first thing",
}


def sub_period(months: int, begin: dt.date, part: str) -> tuple[dt.date, dt.date, bool]:
    """(first day, due day, is-a-part) of a week (months=0), month, quarter, half or year
    starting `begin`, or of its early / mid / late part or its end ("end of": first day is
    the day after, so "before the end of X" is X's last day).

    Weeks: early Tue, mid Wed, late/end Fri. Months: early 1-10, mid 15, late 21-end.
    Longer: early = end of first quarter of it (>= 1 month), mid = its middle, late = its end.
    "First thing" is the first day.
    """
    p = _PARTS.get(part, part)
    if p == "first thing":
        return begin, begin, True
    if months == 0:
        last = begin + {"early": 1, "mid": 2}.get(p, 4) * DAY
        return {"mid": last, "late": last - DAY, "end of": last + DAY}.get(p, begin), last, False
    end = add_months(begin, months) - DAY
    if p in ("", "end of"):
        return (end + DAY if p else begin), end, False
    if months == 1:
        first, last_day = {"mid": (15, 15), "late": (21, end.day)}.get(p, (1, 10))
        return begin.replace(day=first), begin.replace(day=last_day), True
    quarter = max(1, months // 4)
    if p == "mid":
        mid = add_months(begin, months // 2) + (14 if months % 2 else -1) * DAY
        return mid, mid, True
    if p == "late":
        return add_months(begin, months - quarter), end, True
    return begin, add_months(begin, quarter) - DAY, True
