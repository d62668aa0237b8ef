"""The grammar: every family of date phrases, in the order they are tried.

Order matters twice. `resolve_date` takes the first family whose pattern covers the whole
phrase; `find_dates` keeps the longest mention at each place in a sentence and, between mentions
of the same length, the family listed first. Each family is tried plain, then anchored on
another date ("two days before ..."). Keep specific forms before the general ones they overlap
(weekdays before weeks, months before their days).
"""

from __future__ import annotations

from pipeline.dates import calendar_dates, days, periods, spans
from pipeline.dates.rule import Family

FAMILIES: tuple[Family, ...] = (
    days.RELATIVE_DAY,  # today, tomorrow, EOD, tonight
    days.NOW,  # right now, right away, immediately
    spans.NEXT_SPAN,  # within the next week (7 days, before WEEK's "next week"), next business day
    periods.NTH_WEEKDAY,  # the first Wednesday of October (before WEEKDAY's "Wednesday")
    days.WEEKDAY,  # Friday, next Tuesday, Thursday this week
    days.WEEKEND,  # over the weekend, by the weekend
    days.WEEK,  # this week, end of next week, EOW
    days.ISO_WEEK,  # calendar week 46, KW 46
    periods.MONTH,  # end of the month, mid-April, next month
    periods.NTH_WEEK,  # the first week of April
    periods.QUARTER,  # end of Q2, next quarter
    periods.HALF,  # H2, the first half of next year
    periods.YEAR,  # year end, FY27, in 2027
    calendar_dates.HOLIDAY,  # Thanksgiving, before Christmas
    calendar_dates.MONTH_DAY,  # March 14, 14 March, 3/14, 2027-03-14
    calendar_dates.DAY_OF_MONTH,  # the 14th
    spans.OFFSET,  # in two weeks, within 10 business days
    spans.VAGUE,  # soon, ASAP, in a few weeks: unresolved
    spans.UNANCHORED,  # the following Monday, the week after: unresolved
)
