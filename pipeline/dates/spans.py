"""Spans from the call date: "in two weeks", "within 10 business days", "in the next day or
two", "within the hour", "the next business day"; vague deadlines that fix no date ("soon", "in a
few weeks"); and days counted from something unsaid ("the following Monday"). A count from
another day than the call's ("within 30 days of receipt", "two weeks from kickoff") fixes no
date."""

from __future__ import annotations

import re

from pipeline.dates import calendar_math as cal
from pipeline.dates import lexicon as lx
from pipeline.dates.model import Precision
from pipeline.dates.rule import (
    DEADLINE,
    UNIT_PRECISION,
    Ctx,
    Found,
    Period,
    count,
    family,
    led,
    words,
)

# Hours: a call happens in working hours, so a few hours from it is still the call's day; whole
# days of hours ("48 hours") are days. Other counts ("in 15 hours") may fall either side of
# midnight, and the call's time of day is not known: unresolved.
_SAME_DAY_HOURS = 8


def _after(ctx: Ctx, n: int, unit: str, business: bool) -> Found:
    """`n` units after the call, as a period of one day (None: hours that fix no day)."""
    if unit == "hour":
        if n % 24 and n > _SAME_DAY_HOURS:
            return None
        n, unit = n // 24, "day"
    d = cal.shift(ctx.call, n, unit, business)
    return [Period(d, d, UNIT_PRECISION.get(unit, Precision.DAY))]


def _offset(m: re.Match[str], ctx: Ctx) -> Found:
    return _after(ctx, *count(m, "o"))


# "push it by two weeks", "the deadline moved by a month": an amount, not a deadline.
_AMOUNT = re.compile(
    r"\b(?:move|moved|moving|push|pushed|pushing|delay|delayed|extend|extended|slip|slipped|slips"
    r"|postpone|postponed|shift|shifted|bump|bumped)\b(?:\s+[\w'-]+){0,4}\s*$",
    re.IGNORECASE,
)


# After a count, what it is counted from when that is not the call: "of receipt", "from
# kickoff", "after signing".
_FROM_ELSEWHERE = re.compile(r"\s+(?:of|from|after)\s+(?!now\b|today\b|this\b)", re.IGNORECASE)


def _offset_ok(m: re.Match[str], strict: bool) -> bool:
    """A count is a deadline after a deadline word ("in two weeks", "over the next two weeks")
    or with "from now" / "out" / "time"; alone it is a duration ("for two weeks"), and after
    "push it by" an amount."""
    if strict and words(m, "lead") == "by" and _AMOUNT.search(m.string[: m.start()]):
        return False
    if _FROM_ELSEWHERE.match(m.string, m.end()):
        return False  # "within ten business days of getting it": counted from an unknown day
    over = words(m, "onext").startswith("over")
    return bool(m["tail"] or DEADLINE.search(words(m, "lead")) or over)


OFFSET = family(
    rf"(?:(?P<onext>(?:over\s+)?(?:the\s+)?(?:next|coming))\s+)?{lx.offset('o', hours=True)}"
    r"(?P<tail>\s+from\s+(?:now|today)|\s+out|'?\s+time)?(?:\s+or\s+so)?",
    _offset,
    gate="hour|day|week|fortnight|month|year",
    accept=_offset_ok,
)


def _next_span(m: re.Match[str], ctx: Ctx) -> Found:
    if m["xbiz"]:
        return _after(ctx, 1, "day", True)
    if m["xhour"]:
        return _after(ctx, 1, "hour", False)
    return _after(ctx, max(1, lx.number(m["xn3"] or "") or 0), words(m, "xunit"), False)


def _next_span_ok(m: re.Match[str], strict: bool) -> bool:
    """ "the next business day" is one day however it is said; "the next week" is a span only
    after in / within / over ("by next week" is the calendar week: `days.WEEK`)."""
    return bool(m["xbiz"] or m["xover"] or re.search(r"\b(?:in|within|inside)\b", words(m, "lead")))


# Before weeks, months and years in the grammar: "within the next week" is 7 days from the
# call, "by next week" that week's Friday.
NEXT_SPAN = family(
    r"(?P<xbiz>(?:the\s+)?next\s+(?:business|working)\s+day)|(?P<xover>over\s+)?(?:(?P<xhour>"
    rf"the\s+hour)|(?:the\s+)?(?:next|coming)\s+(?P<xunit>hour|day|week|month|year)(?:\s+or\s+"
    rf"(?P<xn3>{lx.NUM}))?)",
    _next_span,
    gate="next|coming|hour",
    accept=_next_span_ok,
)


def _vague(m: re.Match[str], ctx: Ctx) -> Found:
    return None


VAGUE = family(
    rf"(?P<over>over\s+(?=the\s+(?:next|coming)\s))?(?P<vague>{lx.VAGUE})",
    _vague,
    gate="soon|asap|shortly|eventually|tbd|later|some|bit|while|course|future|holiday|few"
    "|several|coming",
    accept=lambda m, strict: not strict or bool(m["over"] or DEADLINE.search(words(m, "lead"))),
)


def _unanchored(m: re.Match[str], ctx: Ctx) -> Found:
    return None


# "The following Monday", "the Friday after", "the week after": counted from something said
# earlier, not from the call. Unresolved; in free text a mention only after a lead word ("by the
# following Monday"), and `days.WEEKDAY` does not read the weekday inside it.
UNANCHORED = family(
    rf"the\s+following\s+(?:{lx.WEEKDAY}|day|week|month|quarter|year)"
    rf"|(?:the\s+)?{lx.WEEKDAY}\s+after(?!\s+next)|the\s+(?:day|week|month)\s+after"
    r"(?!\s+(?:next|tomorrow))",
    _unanchored,
    gate="following|after",
    accept=led(),
)
