"""The words of spoken dates and the regex fragments the rules are built from.

Fragments are plain regex strings, compiled by the rules with ``re.IGNORECASE``. LEAD, ANCHOR,
offset(), PART, WEEKDAY_PREFIX and NEAR have named groups (each is used once per pattern); the
others can be repeated within one pattern.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable

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
    r"|close\s+of\s+(?:the\s+)?business(?:\s+day)?|close\s+of\s+play)"  # British
)
TOD = rf"(?:\s+(?:morning|afternoon|evening|night|arvo|lunch(?:time)?)|,?\s+{EODW})?"
LEAD = (
    r"(?P<lead>(?:(?:by|before|prior\s+to|until|till|til|no\s+later\s+than|not\s+later\s+than"
    r"|on\s+or\s+before|on|in|within|during|for|due|through|from"
    r"|sometime|some\s+time|around(?!\s+(?:by|before|until|till)\b)|after|at|to"
    r"|starting(?:\s+on)?|(?:at\s+the\s+)?latest"
    r"|inside(?:\s+of)?|while)\s+){1,2})?"
)
# A time of day or "at the latest" may ride along with a date ("by noon Friday", "Friday at
# 3pm ET", "the 14th at the latest"); alone, a time is never a date.
_HOUR = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d\d?)"
_CLOCK = (
    rf"(?:noon|midnight|\d\d?(?::\d\d)?\s*[ap]\.?m\b\.?|\d\d?:\d\d|{_HOUR}\s+o['’]clock)"
    r"(?:\s+(?-i:[ECMP][SD]?T|UTC|GMT))?"
)
TIME_BEFORE = rf"(?:(?:at\s+)?(?:{_CLOCK})\s+(?:on\s+)?)?"
DAY_START = rf"(?:(?:{EODW}|first\s+thing)\s+(?:on\s+)?)?"  # "EOD Friday", "first thing Monday"
TIME_AFTER = (
    rf"(?:,?\s+(?:at|by|before)\s+(?:{_CLOCK}|\d\d?(?![\w.,:])|{_HOUR}(?![\w'’-]))"
    r"|\s+(?:noon|midnight)\b"  # "tomorrow noon"
    r"|,?\s+(?:at\s+the\s+(?:very\s+)?)?latest"
    rf"|,\s+{EODW}"  # "Thursday, end of day"
    r"|,?\s+first\s+thing"  # "Monday, first thing", "tomorrow first thing"
    r"|\s+itself)?"  # Indian and Sri Lankan English: "tomorrow itself", "this week itself"
    r"(?:,?\s+(?:your|my|our)\s+time)?"  # "Thursday, end of day your time"
)
HOLIDAY = (
    r"christmas\s+eve|christmas(?:\s+day)?|xmas|thanksgiving(?:\s+day)?|new\s+year'?s\s+eve"
    r"|new\s+year'?s(?:\s+day)?|the\s+new\s+year|labor\s+day|memorial\s+day"
    r"|independence\s+day|(?:the\s+)?(?:fourth|4th)\s+of\s+july|halloween"
    r"|good\s+friday|easter(?:\s+(?:monday|sunday))?|(?:chinese|lunar)\s+new\s+year|diwali"
    r"|mardi\s+gras|shrove\s+tuesday|pancake\s+day|ascension(?:\s+day)?|pentecost|whitsun"
    r"|whit\s+monday"
    r"|deepavali|(?:st\.?|saint)\s+(?:david|patrick|andrew)['’]?s(?:\s+day)?|canada\s+day"
    r"|boxing\s+day|valentine['’]?s(?:\s+day)?|bastille\s+day"
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
    r"|ok|okay|right|too|also|instead|work|deadline|will|could|myself|ourselves|again"
    # talk written without commas: "by the 19th no promises", "the 3rd hopefully"
    r"|no|yes|yeah|yep|hopefully|probably|maybe|though|max|tops)\b))"
)


def offset(p: str, *, hours: bool = False) -> str:
    """ "two weeks", "2-3 business days", "a day or two" (and "48 hours" if `hours`); groups
    named with prefix `p`."""
    units = "hour|day|week|fortnight|month|year" if hours else "day|week|fortnight|month|year"
    return (
        rf"(?P<{p}n>{NUM})(?:\s*(?:or|to|-|–)\s*(?P<{p}n2>{NUM}))?\s+"
        rf"(?P<{p}biz>business\s+|working\s+)?(?P<{p}unit>{units})s?"
        rf"(?:\s+or\s+(?P<{p}n3>{NUM}))?"
    )


# "2 days before [the board meeting on] <date>", "the day after <date>", "a week from <date>",
# "the Friday after <date>"
ANCHOR = (
    rf"(?:{offset('a')}|(?P<athe>the)\s+(?P<aunit1>day|week)|(?:the\s+)?(?P<awd>{WEEKDAY}))\s+"
    r"(?P<adir>before|after|prior\s+to|from|following)\s+"
    r"(?:(?:[a-z][\w'-]*\s+){1,4}?(?:on|scheduled\s+for|set\s+for|planned\s+for|slated\s+for)"
    r"\s+)?"
)

# Parts of a period: "early", "mid-", "end of", "the last business day of", "first thing in".
# "End August" (British, before a month); "the end of our Q2": whose quarter, not which.
PART = (
    r"(?:(?:the\s+)?(?P<part>early|earlier|mid|middle\s+of|later?|beginning\s+of|start\s+of"
    r"|end\s+of|last\s+(?:business\s+|working\s+)?day\s+of|first\s+thing(?:\s+in)?"
    rf"|end(?=\s+{MONTH}))(?:\s+(?:our|your|their)\b)?(?:\s+|-))?"
)
# Before a calendar date: "the week of", or a weekday that must agree with it ("Friday, May 5").
WEEKDAY_PREFIX = (
    rf"(?:(?P<weekof>(?:the\s+)?week\s+of\s+)|(?:(?:this|next|coming)\s+)?(?P<pwd>{WEEKDAY})"
    r"(?:\s+(?:morning|afternoon|evening))?,?\s+)?"
)
# Which one of a period: "the next", "last", "this", "the".
NEAR = r"(?P<rel>(?:the\s+)?(?:next|last)|this|the)"
