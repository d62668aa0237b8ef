"""Days and weeks: "tomorrow", "EOD", "next Tuesday", "over the weekend", "end of next week",
"calendar week 46"."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.dates import calendar_math as cal
from pipeline.dates import lexicon as lx
from pipeline.dates.calendar_math import DAY
from pipeline.dates.model import Precision
from pipeline.dates.rule import BY, Ctx, Found, Period, day_or_eod, family, part, words


def _relative_day(m: re.Match[str], ctx: Ctx) -> Found:
    said = "tomorrow" if words(m, "day") == "morra" else words(m, "day")  # Scots: "the morra"
    offset = {"tomorrow": 1, "day after tomorrow": 2, "yesterday": -1}.get(said, 0)
    return [day_or_eod(ctx.call + offset * DAY, m)]


RELATIVE_DAY = family(
    rf"{lx.DAY_START}(?P<day>the\s+day\s+after\s+tomorrow|tomorrow|the\s+morra|today|tonight"
    rf"|yesterday|later\s+today|this\s+(?:morning|afternoon|evening|arvo)"
    # said on the call: "I'll send it after the call", "right after this", "after lunch"
    r"|(?:right\s+|straight\s+)?after\s+(?:this|the|our)\s+call|(?:right|straight)\s+after\s+this"
    rf"|after\s+lunch|before\s+I\s+log\s+off(?:\s+today)?){lx.TOD}"
    rf"|(?<!\bat\s)(?<!\bat\sthe\s)(?:the\s+)?{lx.EODW}|(?<!after\s)(?P<lunch>lunch(?:time)?)",
    _relative_day,
    gate=r"day|tonight|tomorrow|morra|morning|afternoon|evening|arvo|eod|cob|eob|business|play|"
    r"lunch|after|log off",
    # "by lunch" is today; "grab lunch" is no date
    accept=lambda m, strict: not (strict and m["lunch"] and not m["lead"]),
)


def _weekday(m: re.Match[str], ctx: Ctx) -> Found:
    wd, call = lx.weekday(m["wd"]), ctx.call
    which = words(m, "wk") or words(m, "wk2") or words(m, "rel")
    if which in ("next", "last"):
        d = cal.monday(call) + (wd + (7 if which == "next" else -7)) * DAY
    elif which == "this":
        d = cal.monday(call) + wd * DAY
        d += 7 * DAY if d < call else 0 * DAY
    else:
        d = cal.weekday_after(call, wd)
    return [day_or_eod(d + (7 * DAY if m["after"] or m["aweek"] else 0 * DAY), m)]


WEEKDAY = family(
    rf"{lx.DAY_START}(?:(?P<wk2>this|next)\s+week\s+(?:on\s+)?|(?P<aweek>a\s+week\s+on\s+))?"
    rf"(?:(?P<rel>this\s+coming|this|next|last|coming)\s+)?(?<!\bfollowing\s)(?P<wd>{lx.WEEKDAY})"
    r"(?!\s+after\b(?!\s+next\b))"  # "the Friday after (the launch)": not from the call
    # "Friday after next"; British "Thursday week" and "a week on Thursday": a week later
    r"(?P<after>\s+after\s+next|\s+week(?![\s-]*(?:end|ends|s|long|of)\b))?"
    rf"(?:,?\s+(?:of\s+)?(?P<wk>this|next|last)\s+week)?{lx.TOD}",
    _weekday,
    gate=r"mon|tue|wed|thu|fri|sat|sun",
)


def _weekend(m: re.Match[str], ctx: Ctx) -> Found:
    saturday = cal.monday(ctx.call) + 5 * DAY
    by = BY.search(words(m, "lead"))
    weeks = [1] if words(m, "we") == "next" else [0, 1]
    return [
        Period(sat, sat + (-DAY if by else DAY), Precision.WEEK)
        for sat in (saturday + 7 * k * DAY for k in weeks)
    ]


WEEKEND = family(
    r"(?:over\s+)?(?:(?P<we>this|next|the)\s+)?week[\s-]?end",
    _weekend,
    gate="week",
    accept=lambda m, strict: not strict or bool(m["lead"]) or words(m, "we") in ("this", "next"),
)


def _week(m: re.Match[str], ctx: Ctx) -> Found:
    shift = 2 if m["after"] else {"next": 1, "last": -1}.get(words(m, "rel"), 0)
    if shift == 0 and ctx.call.weekday() >= 5:  # said on a weekend: the coming week
        shift = 1
    part_ = "end of" if m["eow"] else words(m, "part")
    return [part(0, cal.monday(ctx.call) + 7 * shift * DAY, part_)]


WEEK = family(
    rf"{lx.PART}(?:(?P<after>the\s+week\s+after\s+next)|{lx.NEAR}\s+week|(?P<bare>week)"
    r"|(?P<eow>eow))",
    _week,
    gate="week|eow",
    accept=lambda m, strict: bool(m["part"]) or not (m["bare"] or words(m, "rel") == "the"),
)


def _iso_week(m: re.Match[str], ctx: Ctx) -> Found:
    """ "in calendar week 46", "KW 46": ISO week numbers, as European buyers plan."""
    weeks = []
    for year in (ctx.call.year, ctx.call.year + 1):
        try:
            weeks.append(part(0, dt.date.fromisocalendar(year, int(m["isoweek"]), 1), ""))
        except ValueError:  # week 53 in a 52-week year
            continue
    return weeks


ISO_WEEK = family(
    r"(?:(?P<cal>calendar\s+week|cw|kw)|week)\s*(?P<isoweek>\d{1,2})(?!\s+of\b)",
    _iso_week,
    gate="week|cw|kw",
    accept=lambda m, strict: not strict or bool(m["cal"] or m["lead"]),
)


def _now_ok(m: re.Match[str], strict: bool) -> bool:
    return not m["lead"]  # "by now" looks back


def _now(m: re.Match[str], ctx: Ctx) -> Found:
    return [day_or_eod(ctx.call, m)]


# In free text "now" and "right now" mostly mean "currently" ("right now we use Excel"),
# "immediately" how something happens ("it syncs immediately"), and even "right away" is often
# no deadline ("you get the benefit right away"): these resolve only as a phrase given as a
# deadline (an LLM's `due_text`), never in free text.
NOW = family(
    r"right\s+now|now|immediately|right\s+away|straight\s+away",
    _now,
    gate="now|away|immediately",
    accept=_now_ok,
    in_free_text=False,
)
