"""Lexicon, regex fragments and calendar arithmetic behind :mod:`pipeline.dates` (private).

Fragments are plain regex strings, compiled by pipeline.dates with ``re.IGNORECASE``. Only
LEAD, ANCHOR and offset() have named groups (each is used once per pattern); the others can
be repeated within one pattern.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

DAY = dt.timedelta(days=1)

# --- lexicon -------------------------------------------------------------------------------
_ONES = re.findall(
    r"\w+",
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen",
)
_TENS = re.findall(r"\w+", "twenty thirty forty fifty sixty seventy eighty ninety")
_NTHS = re.findall(
    r"\w+",
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth",
)

CARDINALS: dict[str, int] = {w: i for i, w in enumerate(_ONES, start=1)}
for _t, _ten in enumerate(_TENS, start=2):
    CARDINALS[_ten] = 10 * _t
    CARDINALS.update({f"{_ten} {w}": 10 * _t + i for i, w in enumerate(_ONES[:9], start=1)})
ORDINALS: dict[str, int] = {w: i for i, w in enumerate(_NTHS, start=1)}
ORDINALS.update({"twentieth": 20, "thirtieth": 30, "thirty first": 31})
ORDINALS.update({f"twenty {w}": 20 + i for i, w in enumerate(_NTHS[:9], start=1)})

MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.month_name) if i}
MONTHS.update({f[:3]: i for f, i in list(MONTHS.items())} | {"sept": 9})
WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4}
WEEKDAYS.update(_WEEKDAY_ABBR)


def norm(token: str) -> str:
    """Lower case, hyphens and runs of spaces as one space, no trailing dot."""
    return re.sub(r"[\s-]+", " ", token.lower()).strip().rstrip(".")


def words(options: Iterable[str]) -> str:
    """An alternation of phrases, longest first; a space also matches a hyphen."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"[\s-]+") for w in sorted(options, key=len, reverse=True)
    )


def number(token: str) -> int | None:
    """ "two" / "2" / "2nd" / "second" / "twenty-first" / "a" / "a couple of" -> int."""
    t = norm(token)
    if digits := re.match(r"\d+", t):
        return int(digits.group())
    if "couple" in t:
        return 2
    if t in ("a", "an"):
        return 1
    return CARDINALS.get(t) or ORDINALS.get(t)


def month(token: str) -> int:
    return MONTHS[norm(token)]


def weekday(token: str) -> int:
    return WEEKDAYS[norm(token)]


# --- regex fragments -----------------------------------------------------------------------
CARD_WORD = words(CARDINALS)
ORD_WORD = words(ORDINALS)
NUM = rf"(?:\d{{1,3}}(?![\d,.]\d)|(?:a\s+)?couple(?:\s+of)?|an?|{CARD_WORD})"
ORDDAY = rf"(?:\d\d?(?:st|nd|rd|th)|{ORD_WORD})"
DAYNUM = rf"(?:{ORDDAY}|\d\d?(?![\w:])|{CARD_WORD})"
MONTH = rf"(?:{words(MONTHS)})\b"
WEEKDAY = (
    rf"(?:{words(n for n in WEEKDAYS if n not in _WEEKDAY_ABBR)}"
    r"|(?-i:Mon|Tues?|Wed|Thu(?:rs?)?|Fri)\b)"
)
YEAR = r"(?:19|20)\d\d(?!\d)"
EODW = (
    r"(?:eod|cob|eob|end\s+of\s+(?:the\s+)?(?:business\s+|working\s+)?day|end\s+of\s+business"
    r"|close\s+of\s+(?:the\s+)?business(?:\s+day)?)"
)
TOD = rf"(?:\s+(?:morning|afternoon|evening|night)|,?\s+{EODW})?"
LEAD = (
    r"(?P<lead>(?:(?:by|before|prior\s+to|until|till|til|no\s+later\s+than|not\s+later\s+than"
    r"|on\s+or\s+before|on|(?:in|within|over)\s+the\s+next|in|within|during|for|due|through"
    r"|sometime|some\s+time|around|after)\s+){1,2})?"
)
# A time of day or "at the latest" may ride along with a date ("by noon Friday", "Friday at
# 3pm ET", "the 14th at the latest"); alone, a time is never a date.
_CLOCK = (
    r"(?:noon|midnight|\d\d?(?::\d\d)?\s*[ap]\.?m\b\.?|\d\d?:\d\d)"
    r"(?:\s+(?-i:[ECMP][SD]?T|UTC|GMT))?"
)
TIME_BEFORE = rf"(?:(?:at\s+)?(?:{_CLOCK})\s+(?:on\s+)?)?"
DAY_START = rf"(?:(?:{EODW}|first\s+thing)\s+(?:on\s+)?)?"  # "EOD Friday", "first thing Monday"
TIME_AFTER = (
    rf"(?:,?\s+(?:at|by|before)\s+(?:{_CLOCK}|\d\d?(?![\w.,:]))"
    r"|,?\s+at\s+the\s+(?:very\s+)?latest)?"
)
HOLIDAY = (
    r"christmas\s+eve|christmas(?:\s+day)?|xmas|thanksgiving(?:\s+day)?|new\s+year'?s\s+eve"
    r"|new\s+year'?s(?:\s+day)?|the\s+new\s+year|labor\s+day|memorial\s+day"
    r"|independence\s+day|(?:the\s+)?(?:fourth|4th)\s+of\s+july"
)
VAGUE = (
    r"as\s+soon\s+as\s+possible|asap|soon|shortly|eventually|tbd|later|some\s*time"
    r"|(?:at\s+)?some\s+point(?:\s+soon)?|a\s+(?:little\s+)?(?:bit|while)|due\s+course"
    r"|the\s+(?:near|not[\s-]+too[\s-]+distant)\s+future|the\s+holidays(?:\s+season)?"
    r"|the\s+holiday\s+(?:season|break)|(?:a|the\s+next|the\s+coming)\s+(?:few|several)"
    r"\s+(?:days|weeks|months)|the\s+coming\s+(?:days|weeks|months)|(?:few|several)\s+"
    r"(?:days|weeks|months)"
)
# A bare day of the month ("on the 14th") must be followed by the end of the clause or a
# function word, so "the 14th floor" or "the first step" are not dates.
FOLLOW = (
    r"(?=\s*(?:$|[,.;:!?)\-–—]|(?:and|or|at|to|so|if|then|but|please|we|i|you|they|is|works"
    r"|would|should|for|when|because|as|latest|the|this|that|which|it|our|your|by|eod|cob"
    r"|ok|okay|right|too|also|instead|work|deadline|will|could)\b))"
)


def offset(p: str) -> str:
    """ "two weeks", "2-3 business days", "a day or two"; groups named with prefix `p`."""
    return (
        rf"(?P<{p}n>{NUM})(?:\s*(?:or|to|-|–)\s*(?P<{p}n2>{NUM}))?\s+"
        rf"(?P<{p}biz>business\s+|working\s+)?(?P<{p}unit>day|week|fortnight|month|year)s?"
        rf"(?:\s+or\s+(?P<{p}n3>{NUM}))?"
    )


# "2 days before [the board meeting on] <date>", "the day after <date>", "a week from <date>"
ANCHOR = (
    rf"(?:{offset('a')}|(?P<athe>the)\s+(?P<aunit1>day|week))\s+"
    r"(?P<adir>before|after|prior\s+to|from|following)\s+"
    r"(?:(?:[a-z][\w'-]*\s+){1,4}?(?:on|scheduled\s+for|set\s+for|planned\s+for|slated\s+for)"
    r"\s+)?"
)


# --- calendar arithmetic -------------------------------------------------------------------
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


def nth_weekday(year: int, month_: int, wd: int, n: int) -> dt.date:
    """The n-th `wd` (0 = Monday) of the month; n = -1 is the last one."""
    if n < 0:
        end = month_end(year, month_)
        return end - ((end.weekday() - wd) % 7) * DAY
    first = dt.date(year, month_, 1)
    return first + ((wd - first.weekday()) % 7 + 7 * (n - 1)) * DAY


def holiday(name: str, year: int) -> dt.date:
    """US holiday dates in calendar year `year` (names as matched by HOLIDAY)."""
    n = norm(name)
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
