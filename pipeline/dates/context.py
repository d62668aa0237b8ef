"""A day of the month said without its month, read in the month the talk just named.

"How about the 12th of January?" ... "The 19th works." means January 19th, not the first 19th
after the call (a Saturday, said in December). The resolver reads one phrase, so the rules
(sentence by sentence) and the normaliser (from an item's evidence) give it the words said
just before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from pipeline.dates.model import ResolvedDate
from pipeline.dates.resolve import find_dates

# "the 19th", "on the 26th", "The 10th": a day of the month with no month said.
_BARE_DAY = re.compile(r"^(?:(?:on|by|before|until)\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)$", re.I)
_MONTH = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b",
    re.IGNORECASE,
)


def is_bare_day(text: str) -> bool:
    return bool(_BARE_DAY.match(text.strip()))


def names_a_month(said: ResolvedDate) -> bool:
    """ "the 12th of January", "in November", "the second week of February"."""
    return said.date is not None and bool(_MONTH.search(said.text))


def month_named(
    earlier: Sequence[str], call_date: dt.date, fiscal_year_start_month: int = 1
) -> dt.date | None:
    """A date in the month named last in `earlier` (oldest first), or None."""
    for text in reversed(earlier):
        found = find_dates(text, call_date, fiscal_year_start_month=fiscal_year_start_month)
        named = [d.date for d in found if d.date is not None and names_a_month(d)]
        if named:
            return named[-1]
    return None


def in_month(said: ResolvedDate, month: dt.date | None, call_date: dt.date) -> ResolvedDate:
    """`said` moved into `month` when it is a bare day that, read alone, falls on a weekend
    and in that month is a working day still to come. Only then: a month named a few turns
    back is often about something else ("the audit in February ... send it by the 15th")."""
    bare = _BARE_DAY.match(said.text.strip())
    if bare is None or month is None or said.date is None or said.date.weekday() < 5:
        return said
    try:
        day = month.replace(day=int(bare[1]))
    except ValueError:  # the 31st of a 30-day month
        return said
    return said.model_copy(update={"date": day}) if day >= call_date and day.weekday() < 5 else said
