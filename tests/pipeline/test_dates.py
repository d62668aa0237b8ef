"""Table-driven tests for the spoken-date resolver (pipeline.dates).

Every expected date below was worked out by hand from a printed calendar; none is computed.
Call dates used (weekday in brackets):

    SUN   2026-03-08 (Sun, US DST starts)     MON   2026-03-09 (Mon)
    WED   2026-04-15 (Wed)                    FRI   2026-05-29 (Fri)
    QEND  2026-06-30 (Tue, last day of Q2)    SAT   2026-08-15 (Sat)
    NOV1  2026-11-01 (Sun, US DST ends)       DEC28 .. DEC31  2026-12-28 (Mon) .. 12-31 (Thu)
    LEAP  2028-02-28 (Mon, leap year)         LEAPD 2028-02-29 (Tue)
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from pydantic import ValidationError

from pipeline.dates import Precision, ResolvedDate, find_dates, resolve_date
from pipeline.dates.grammar import FAMILIES
from pipeline.dates.resolve import scan
from pipeline.dates.rule import Ctx

D = dt.date
SUN = D(2026, 3, 8)
MON = D(2026, 3, 9)
WED = D(2026, 4, 15)
FRI = D(2026, 5, 29)
QEND = D(2026, 6, 30)
SAT = D(2026, 8, 15)
NOV1 = D(2026, 11, 1)
DEC28, DEC29, DEC30, DEC31 = D(2026, 12, 28), D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31)
LEAP = D(2028, 2, 28)
LEAPD = D(2028, 2, 29)

DAY, WEEK, MONTH, QUARTER = "day", "week", "month", "quarter"

# (said, call date, expected due date, expected precision)
ROWS: list[tuple[str, dt.date, dt.date, str]] = [
    # --- Monday 2026-03-09; its week is Mar 9-15 ------------------------------------------
    ("Friday", MON, D(2026, 3, 13), DAY),
    ("by Friday", MON, D(2026, 3, 13), DAY),
    ("Monday", MON, D(2026, 3, 16), DAY),
    ("this Monday", MON, D(2026, 3, 9), DAY),
    ("next Monday", MON, D(2026, 3, 16), DAY),
    ("Tuesday", MON, D(2026, 3, 10), DAY),
    ("this Tuesday", MON, D(2026, 3, 10), DAY),
    ("next Tuesday", MON, D(2026, 3, 17), DAY),
    ("last Friday", MON, D(2026, 3, 6), DAY),
    ("Friday after next", MON, D(2026, 3, 20), DAY),
    ("Friday next week", MON, D(2026, 3, 20), DAY),
    ("next week Friday", MON, D(2026, 3, 20), DAY),
    ("EOD Friday", MON, D(2026, 3, 13), DAY),
    ("today", MON, D(2026, 3, 9), DAY),
    ("yesterday", MON, D(2026, 3, 8), DAY),
    ("tomorrow", MON, D(2026, 3, 10), DAY),
    ("the day after tomorrow", MON, D(2026, 3, 11), DAY),
    ("in 3 days", MON, D(2026, 3, 12), DAY),
    ("in two weeks", MON, D(2026, 3, 23), DAY),
    ("within 10 business days", MON, D(2026, 3, 23), DAY),
    ("in 5 business days", MON, D(2026, 3, 16), DAY),
    ("this week", MON, D(2026, 3, 13), WEEK),
    ("end of the week", MON, D(2026, 3, 13), WEEK),
    ("next week", MON, D(2026, 3, 20), WEEK),
    ("end of next week", MON, D(2026, 3, 20), WEEK),
    ("early next week", MON, D(2026, 3, 17), WEEK),
    ("mid next week", MON, D(2026, 3, 18), WEEK),
    ("the week after next", MON, D(2026, 3, 27), WEEK),
    ("last week", MON, D(2026, 3, 6), WEEK),
    ("end of the month", MON, D(2026, 3, 31), MONTH),
    ("next month", MON, D(2026, 4, 30), MONTH),
    ("end of the quarter", MON, D(2026, 3, 31), QUARTER),
    ("next quarter", MON, D(2026, 6, 30), QUARTER),
    ("Q1", MON, D(2026, 3, 31), QUARTER),
    ("Q2", MON, D(2026, 6, 30), QUARTER),
    ("the 14th", MON, D(2026, 3, 14), DAY),
    ("the 9th", MON, D(2026, 3, 9), DAY),
    ("the 8th", MON, D(2026, 4, 8), DAY),
    ("the 31st", MON, D(2026, 3, 31), DAY),
    ("mid-March", MON, D(2026, 3, 15), WEEK),
    ("early March", MON, D(2026, 3, 10), WEEK),
    ("early April", MON, D(2026, 4, 10), WEEK),
    ("in April", MON, D(2026, 4, 30), MONTH),
    ("before April", MON, D(2026, 3, 31), MONTH),
    ("first week of April", MON, D(2026, 4, 3), WEEK),
    ("March 14th", MON, D(2026, 3, 14), DAY),
    ("March 1st", MON, D(2027, 3, 1), DAY),
    ("3/14", MON, D(2026, 3, 14), DAY),
    ("by March 20", MON, D(2026, 3, 20), DAY),
    ("before March 20", MON, D(2026, 3, 19), DAY),
    ("end of February", MON, D(2027, 2, 28), MONTH),
    ("end of year", MON, D(2026, 12, 31), QUARTER),
    ("next year", MON, D(2027, 12, 31), QUARTER),
    ("H1", MON, D(2026, 6, 30), QUARTER),
    ("before Thanksgiving", MON, D(2026, 11, 25), DAY),
    ("by Halloween", MON, D(2026, 10, 31), DAY),
    ("before Halloween", MON, D(2026, 10, 30), DAY),
    ("two days before the board meeting on the 15th", MON, D(2026, 3, 13), DAY),
    ("the day after the demo on Tuesday", MON, D(2026, 3, 11), DAY),
    ("a week from Friday", MON, D(2026, 3, 20), DAY),
    ("Friday, March 13", MON, D(2026, 3, 13), DAY),
    ("Monday, March 16", MON, D(2026, 3, 16), DAY),
    ("in 2 months", MON, D(2026, 5, 9), MONTH),
    ("in a month", MON, D(2026, 4, 9), MONTH),
    # --- Sunday 2026-03-08 (DST starts); its week Mar 2-8 is over --------------------------
    ("Friday", SUN, D(2026, 3, 13), DAY),
    ("this Friday", SUN, D(2026, 3, 13), DAY),
    ("next Friday", SUN, D(2026, 3, 13), DAY),
    ("Monday", SUN, D(2026, 3, 9), DAY),
    ("next Monday", SUN, D(2026, 3, 9), DAY),
    ("Monday morning", SUN, D(2026, 3, 9), DAY),
    ("this coming Tuesday", SUN, D(2026, 3, 10), DAY),
    ("Sunday", SUN, D(2026, 3, 15), DAY),
    ("this Sunday", SUN, D(2026, 3, 8), DAY),
    ("this week", SUN, D(2026, 3, 13), WEEK),
    ("end of the week", SUN, D(2026, 3, 13), WEEK),
    ("next week", SUN, D(2026, 3, 13), WEEK),
    ("the week after next", SUN, D(2026, 3, 20), WEEK),
    ("tomorrow", SUN, D(2026, 3, 9), DAY),
    ("EOD", SUN, D(2026, 3, 8), DAY),
    ("in 3 business days", SUN, D(2026, 3, 11), DAY),
    ("within 10 business days", SUN, D(2026, 3, 20), DAY),
    ("over the weekend", SUN, D(2026, 3, 8), WEEK),
    ("next weekend", SUN, D(2026, 3, 15), WEEK),
    ("by the weekend", SUN, D(2026, 3, 13), WEEK),
    ("end of the month", SUN, D(2026, 3, 31), MONTH),
    ("the 8th", SUN, D(2026, 3, 8), DAY),
    ("the 1st", SUN, D(2026, 4, 1), DAY),
    ("mid-March", SUN, D(2026, 3, 15), WEEK),
    ("end of Q1", SUN, D(2026, 3, 31), QUARTER),
    ("in two weeks", SUN, D(2026, 3, 22), DAY),
    # --- Wednesday 2026-04-15; its week is Apr 13-19 ---------------------------------------
    ("Friday", WED, D(2026, 4, 17), DAY),
    ("by Friday", WED, D(2026, 4, 17), DAY),
    ("no later than Friday", WED, D(2026, 4, 17), DAY),
    ("on or before Friday", WED, D(2026, 4, 17), DAY),
    ("until Friday", WED, D(2026, 4, 17), DAY),
    ("before Friday", WED, D(2026, 4, 16), DAY),
    ("next Tuesday", WED, D(2026, 4, 21), DAY),
    ("Tuesday", WED, D(2026, 4, 21), DAY),
    ("this Thursday", WED, D(2026, 4, 16), DAY),
    ("this Tuesday", WED, D(2026, 4, 21), DAY),
    ("Wednesday", WED, D(2026, 4, 22), DAY),
    ("this Wednesday", WED, D(2026, 4, 15), DAY),
    ("next Wednesday", WED, D(2026, 4, 22), DAY),
    ("Thursday this week", WED, D(2026, 4, 16), DAY),
    ("Friday of next week", WED, D(2026, 4, 24), DAY),
    ("Thurs", WED, D(2026, 4, 16), DAY),
    ("tomorrow EOD", WED, D(2026, 4, 16), DAY),
    ("EOD tomorrow", WED, D(2026, 4, 16), DAY),
    ("end of day tomorrow", WED, D(2026, 4, 16), DAY),
    ("end of day", WED, D(2026, 4, 15), DAY),
    ("by close of business", WED, D(2026, 4, 15), DAY),
    ("by close of play", WED, D(2026, 4, 15), DAY),
    ("by lunch", WED, D(2026, 4, 15), DAY),
    ("Thursday week", WED, D(2026, 4, 23), DAY),  # British: a week after the coming Thursday
    ("by Friday week", WED, D(2026, 4, 24), DAY),
    ("a week on Thursday", WED, D(2026, 4, 23), DAY),
    ("before lunchtime", WED, D(2026, 4, 15), DAY),
    ("tomorrow lunchtime", WED, D(2026, 4, 16), DAY),
    ("by close of play tomorrow", WED, D(2026, 4, 16), DAY),
    ("by the end of the day", WED, D(2026, 4, 15), DAY),
    ("COB Friday", WED, D(2026, 4, 17), DAY),
    ("Friday end of day", WED, D(2026, 4, 17), DAY),
    ("in 3 days", WED, D(2026, 4, 18), DAY),
    ("in two weeks", WED, D(2026, 4, 29), DAY),
    ("in ten days", WED, D(2026, 4, 25), DAY),
    ("in fifteen days", WED, D(2026, 4, 30), DAY),
    ("in twenty-one days", WED, D(2026, 5, 6), DAY),
    ("in 21 days", WED, D(2026, 5, 6), DAY),
    ("within 10 business days", WED, D(2026, 4, 29), DAY),
    ("within twenty business days", WED, D(2026, 5, 13), DAY),
    ("two weeks from today", WED, D(2026, 4, 29), DAY),
    ("two weeks from now", WED, D(2026, 4, 29), DAY),
    ("in a couple of weeks", WED, D(2026, 4, 29), DAY),
    ("in a week or two", WED, D(2026, 4, 29), DAY),
    ("in 2-3 weeks", WED, D(2026, 5, 6), DAY),
    ("in a fortnight", WED, D(2026, 4, 29), DAY),
    ("a week from tomorrow", WED, D(2026, 4, 23), DAY),
    ("this week", WED, D(2026, 4, 17), WEEK),
    ("end of the week", WED, D(2026, 4, 17), WEEK),
    ("later this week", WED, D(2026, 4, 17), WEEK),
    ("next week", WED, D(2026, 4, 24), WEEK),
    ("by next week", WED, D(2026, 4, 24), WEEK),
    ("sometime next week", WED, D(2026, 4, 24), WEEK),
    ("end of next week", WED, D(2026, 4, 24), WEEK),
    ("late next week", WED, D(2026, 4, 24), WEEK),
    ("early next week", WED, D(2026, 4, 21), WEEK),
    ("mid next week", WED, D(2026, 4, 22), WEEK),
    ("the middle of next week", WED, D(2026, 4, 22), WEEK),
    ("end of the month", WED, D(2026, 4, 30), MONTH),
    ("EOM", WED, D(2026, 4, 30), MONTH),
    ("by month end", WED, D(2026, 4, 30), MONTH),
    ("before the end of the month", WED, D(2026, 4, 30), MONTH),
    ("end of next month", WED, D(2026, 5, 31), MONTH),
    ("early next month", WED, D(2026, 5, 10), WEEK),
    ("mid next month", WED, D(2026, 5, 15), WEEK),
    ("first week of May", WED, D(2026, 5, 1), WEEK),
    ("the second week of May", WED, D(2026, 5, 8), WEEK),
    ("last week of May", WED, D(2026, 5, 29), WEEK),
    ("last week of April", WED, D(2026, 4, 30), WEEK),
    ("first week of April", WED, D(2027, 4, 2), WEEK),
    ("the first Wednesday of October", WED, D(2026, 10, 7), DAY),
    ("the first Wednesday of April", WED, D(2027, 4, 7), DAY),  # April 1st is over
    ("second Tuesday in June", WED, D(2026, 6, 9), DAY),
    ("the last Friday of the month", WED, D(2026, 4, 24), DAY),
    ("the first Monday of next month", WED, D(2026, 5, 4), DAY),
    ("the first Monday of the month", WED, D(2026, 5, 4), DAY),  # April 6th is over
    ("End August", WED, D(2026, 8, 31), MONTH),
    ("by end August", WED, D(2026, 8, 31), MONTH),
    ("by end of Q2", WED, D(2026, 6, 30), QUARTER),
    ("Q2", WED, D(2026, 6, 30), QUARTER),
    ("end of the second quarter", WED, D(2026, 6, 30), QUARTER),
    ("by the end of this quarter", WED, D(2026, 6, 30), QUARTER),
    ("Q1", WED, D(2027, 3, 31), QUARTER),
    ("Q3", WED, D(2026, 9, 30), QUARTER),
    ("end of Q4", WED, D(2026, 12, 31), QUARTER),
    ("the fourth quarter", WED, D(2026, 12, 31), QUARTER),
    ("Q2 2027", WED, D(2027, 6, 30), QUARTER),
    ("Q4 next year", WED, D(2027, 12, 31), QUARTER),
    ("the second quarter of next year", WED, D(2027, 6, 30), QUARTER),
    ("last quarter", WED, D(2026, 3, 31), QUARTER),
    ("early Q3", WED, D(2026, 7, 31), MONTH),
    ("mid-Q3", WED, D(2026, 8, 15), MONTH),
    ("late Q3", WED, D(2026, 9, 30), MONTH),
    ("the 14th", WED, D(2026, 5, 14), DAY),
    ("the 15th", WED, D(2026, 4, 15), DAY),
    ("the twentieth", WED, D(2026, 4, 20), DAY),
    ("the twenty-first", WED, D(2026, 4, 21), DAY),
    ("the fifteenth", WED, D(2026, 4, 15), DAY),
    ("the 31st", WED, D(2026, 5, 31), DAY),
    ("before the 20th", WED, D(2026, 4, 19), DAY),
    ("March 14th", WED, D(2027, 3, 14), DAY),
    ("March 14", WED, D(2027, 3, 14), DAY),
    ("14 March", WED, D(2027, 3, 14), DAY),
    ("the 14th of March", WED, D(2027, 3, 14), DAY),
    ("3/14", WED, D(2027, 3, 14), DAY),
    ("4/20", WED, D(2026, 4, 20), DAY),
    ("4/20/2026", WED, D(2026, 4, 20), DAY),
    ("2026-05-04", WED, D(2026, 5, 4), DAY),
    ("April 15", WED, D(2026, 4, 15), DAY),
    ("May fifth", WED, D(2026, 5, 5), DAY),
    ("May 5th", WED, D(2026, 5, 5), DAY),
    ("June twenty-first", WED, D(2026, 6, 21), DAY),
    ("the fifteenth of May", WED, D(2026, 5, 15), DAY),
    ("March 21st, 2027", WED, D(2027, 3, 21), DAY),
    ("February 29th", WED, D(2028, 2, 29), DAY),
    ("Friday, April 17", WED, D(2026, 4, 17), DAY),
    ("Monday the 20th", WED, D(2026, 4, 20), DAY),
    ("mid-April", WED, D(2026, 4, 15), WEEK),
    ("early May", WED, D(2026, 5, 10), WEEK),
    ("late June", WED, D(2026, 6, 30), WEEK),
    ("end of June", WED, D(2026, 6, 30), MONTH),
    ("in April", WED, D(2026, 4, 30), MONTH),
    ("by April", WED, D(2026, 4, 30), MONTH),
    ("early April", WED, D(2027, 4, 10), WEEK),
    ("in May", WED, D(2026, 5, 31), MONTH),
    ("before May", WED, D(2026, 4, 30), MONTH),
    ("May 2027", WED, D(2027, 5, 31), MONTH),
    ("end of year", WED, D(2026, 12, 31), QUARTER),
    ("EOY", WED, D(2026, 12, 31), QUARTER),
    ("year end", WED, D(2026, 12, 31), QUARTER),
    ("by year-end", WED, D(2026, 12, 31), QUARTER),
    ("end of the fiscal year", WED, D(2026, 12, 31), QUARTER),
    ("H1", WED, D(2026, 6, 30), QUARTER),
    ("H2", WED, D(2026, 12, 31), QUARTER),
    ("first half of next year", WED, D(2027, 6, 30), QUARTER),
    ("the second half of the year", WED, D(2026, 12, 31), QUARTER),
    ("next year", WED, D(2027, 12, 31), QUARTER),
    ("mid-year", WED, D(2026, 6, 30), QUARTER),
    ("early next year", WED, D(2027, 3, 31), QUARTER),
    ("in 2027", WED, D(2027, 12, 31), QUARTER),
    ("by 2027", WED, D(2027, 12, 31), QUARTER),
    ("before 2027", WED, D(2026, 12, 31), QUARTER),
    ("end of 2026", WED, D(2026, 12, 31), QUARTER),
    ("in a year", WED, D(2027, 4, 15), QUARTER),
    ("in 2 months", WED, D(2026, 6, 15), MONTH),
    ("before Thanksgiving", WED, D(2026, 11, 25), DAY),
    ("before Christmas", WED, D(2026, 12, 24), DAY),
    ("by Christmas", WED, D(2026, 12, 25), DAY),
    ("Christmas Eve", WED, D(2026, 12, 24), DAY),
    ("New Year's", WED, D(2027, 1, 1), DAY),
    ("New Year's Eve", WED, D(2026, 12, 31), DAY),
    ("Memorial Day", WED, D(2026, 5, 25), DAY),
    ("Labor Day", WED, D(2026, 9, 7), DAY),
    ("July 4th", WED, D(2026, 7, 4), DAY),
    ("the Fourth of July", WED, D(2026, 7, 4), DAY),
    ("two days before the board meeting on the 20th", WED, D(2026, 4, 18), DAY),
    ("the day after the demo on Tuesday", WED, D(2026, 4, 22), DAY),
    ("3 business days after the kickoff on Friday", WED, D(2026, 4, 22), DAY),
    ("the week before Thanksgiving", WED, D(2026, 11, 19), WEEK),
    ("the day before Christmas", WED, D(2026, 12, 24), DAY),
    ("two weeks before the end of Q2", WED, D(2026, 6, 16), QUARTER),
    ("a week from Friday", WED, D(2026, 4, 24), DAY),
    ("by the weekend", WED, D(2026, 4, 17), WEEK),
    ("over the weekend", WED, D(2026, 4, 19), WEEK),
    ("this weekend", WED, D(2026, 4, 19), WEEK),
    ("by noon Friday", WED, D(2026, 4, 17), DAY),
    ("Friday at 3pm ET", WED, D(2026, 4, 17), DAY),
    ("at 3pm on Friday", WED, D(2026, 4, 17), DAY),
    ("the 22nd at 10am", WED, D(2026, 4, 22), DAY),
    ("by Friday at the latest", WED, D(2026, 4, 17), DAY),
    ("the end of next week at the latest", WED, D(2026, 4, 24), WEEK),
    ("first thing Monday", WED, D(2026, 4, 20), DAY),
    ("first thing next week", WED, D(2026, 4, 20), WEEK),
    ("the week of the 20th", WED, D(2026, 4, 24), WEEK),
    # ISO calendar weeks (ISO week 17 of 2026 is Mon Apr 20 - Sun Apr 26; week 1 of 2027 starts
    # Mon Jan 4 2027).
    ("in calendar week 17", WED, D(2026, 4, 24), WEEK),
    ("KW 46", WED, D(2026, 11, 13), WEEK),
    ("by CW 2", DEC28, D(2027, 1, 15), WEEK),
    ("calendar week 1", DEC28, D(2027, 1, 8), WEEK),
    ("week of April 27", WED, D(2026, 5, 1), WEEK),
    ("June 5-7", WED, D(2026, 6, 7), DAY),
    ("the last business day of May", WED, D(2026, 5, 29), DAY),
    ("the last day of the month", WED, D(2026, 4, 30), DAY),
    ("before EOD Friday", WED, D(2026, 4, 17), DAY),
    ("before the new year", WED, D(2026, 12, 31), DAY),
    ("next Friday the 24th", WED, D(2026, 4, 24), DAY),
    ("by Monday, April 20th", WED, D(2026, 4, 20), DAY),
    ("around the 20th", WED, D(2026, 4, 20), DAY),
    ("in three weeks' time", WED, D(2026, 5, 6), DAY),
    ("six weeks out", WED, D(2026, 5, 27), DAY),
    ("one month from today", WED, D(2026, 5, 15), MONTH),
    ("ten days after the 1st", WED, D(2026, 5, 11), DAY),
    ("a couple of days before the end of the month", WED, D(2026, 4, 28), MONTH),
    ("Dec. 5", WED, D(2026, 12, 5), DAY),
    ("Sept 3rd", WED, D(2026, 9, 3), DAY),
    ("the thirty-first of March", WED, D(2027, 3, 31), DAY),
    ("by the 3rd week of May", WED, D(2026, 5, 15), WEEK),
    ("Q2 of next year", WED, D(2027, 6, 30), QUARTER),
    ("2nd half of 2027", WED, D(2027, 12, 31), QUARTER),
    # --- Friday 2026-05-29; its week is May 25-31 ------------------------------------------
    ("Friday", FRI, D(2026, 6, 5), DAY),
    ("by Friday", FRI, D(2026, 6, 5), DAY),
    ("this Friday", FRI, D(2026, 5, 29), DAY),
    ("next Friday", FRI, D(2026, 6, 5), DAY),
    ("Monday", FRI, D(2026, 6, 1), DAY),
    ("next Monday", FRI, D(2026, 6, 1), DAY),
    ("Thursday", FRI, D(2026, 6, 4), DAY),
    ("this Thursday", FRI, D(2026, 6, 4), DAY),
    ("last Friday", FRI, D(2026, 5, 22), DAY),
    ("EOD Monday", FRI, D(2026, 6, 1), DAY),
    ("Monday EOD", FRI, D(2026, 6, 1), DAY),
    ("Tuesday morning", FRI, D(2026, 6, 2), DAY),
    ("this coming Monday", FRI, D(2026, 6, 1), DAY),
    ("Friday after next", FRI, D(2026, 6, 12), DAY),
    ("this week", FRI, D(2026, 5, 29), WEEK),
    ("end of the week", FRI, D(2026, 5, 29), WEEK),
    ("EOW", FRI, D(2026, 5, 29), WEEK),
    ("next week", FRI, D(2026, 6, 5), WEEK),
    ("tomorrow", FRI, D(2026, 5, 30), DAY),
    ("in 3 days", FRI, D(2026, 6, 1), DAY),
    ("in 3 business days", FRI, D(2026, 6, 3), DAY),
    ("within 10 business days", FRI, D(2026, 6, 12), DAY),
    ("in two weeks", FRI, D(2026, 6, 12), DAY),
    ("a week from today", FRI, D(2026, 6, 5), DAY),
    ("in a month", FRI, D(2026, 6, 29), MONTH),
    ("end of the month", FRI, D(2026, 5, 31), MONTH),
    ("next month", FRI, D(2026, 6, 30), MONTH),
    ("end of the quarter", FRI, D(2026, 6, 30), QUARTER),
    ("the 1st", FRI, D(2026, 6, 1), DAY),
    ("the first of next month", FRI, D(2026, 6, 1), DAY),
    ("the 29th", FRI, D(2026, 5, 29), DAY),
    ("the 30th", FRI, D(2026, 5, 30), DAY),
    ("June 1st", FRI, D(2026, 6, 1), DAY),
    ("late May", FRI, D(2026, 5, 31), WEEK),
    ("end of May", FRI, D(2026, 5, 31), MONTH),
    ("early June", FRI, D(2026, 6, 10), WEEK),
    ("first week of June", FRI, D(2026, 6, 5), WEEK),
    ("Memorial Day", FRI, D(2027, 5, 31), DAY),
    ("by the weekend", FRI, D(2026, 5, 29), WEEK),
    ("over the weekend", FRI, D(2026, 5, 31), WEEK),
    # --- Tuesday 2026-06-30, the last day of Q2; its week is Jun 29 - Jul 5 ----------------
    ("end of the quarter", QEND, D(2026, 6, 30), QUARTER),
    ("EOQ", QEND, D(2026, 6, 30), QUARTER),
    ("end of Q2", QEND, D(2026, 6, 30), QUARTER),
    ("Q2", QEND, D(2026, 6, 30), QUARTER),
    ("next quarter", QEND, D(2026, 9, 30), QUARTER),
    ("end of next quarter", QEND, D(2026, 9, 30), QUARTER),
    ("Q1", QEND, D(2027, 3, 31), QUARTER),
    ("Q3", QEND, D(2026, 9, 30), QUARTER),
    ("end of the month", QEND, D(2026, 6, 30), MONTH),
    ("next month", QEND, D(2026, 7, 31), MONTH),
    ("H1", QEND, D(2026, 6, 30), QUARTER),
    ("H2", QEND, D(2026, 12, 31), QUARTER),
    ("end of June", QEND, D(2026, 6, 30), MONTH),
    ("late June", QEND, D(2026, 6, 30), WEEK),
    ("mid-June", QEND, D(2027, 6, 15), WEEK),
    ("in July", QEND, D(2026, 7, 31), MONTH),
    ("the 30th", QEND, D(2026, 6, 30), DAY),
    ("the 1st", QEND, D(2026, 7, 1), DAY),
    ("tomorrow", QEND, D(2026, 7, 1), DAY),
    ("Friday", QEND, D(2026, 7, 3), DAY),
    ("this Friday", QEND, D(2026, 7, 3), DAY),
    ("next Friday", QEND, D(2026, 7, 10), DAY),
    ("Independence Day", QEND, D(2026, 7, 4), DAY),
    ("before July 4th", QEND, D(2026, 7, 3), DAY),
    ("within 10 business days", QEND, D(2026, 7, 14), DAY),
    ("in two weeks", QEND, D(2026, 7, 14), DAY),
    ("end of next week", QEND, D(2026, 7, 10), WEEK),
    ("mid-year", QEND, D(2026, 6, 30), QUARTER),
    ("in 90 days", QEND, D(2026, 9, 28), DAY),
    ("in ninety days", QEND, D(2026, 9, 28), DAY),
    ("in 3 months", QEND, D(2026, 9, 30), MONTH),
    ("in a month", QEND, D(2026, 7, 30), MONTH),
    ("two weeks before the end of next quarter", QEND, D(2026, 9, 16), QUARTER),
    # --- Saturday 2026-08-15; its week Aug 10-16 has no working days left -----------------
    ("Friday", SAT, D(2026, 8, 21), DAY),
    ("this Friday", SAT, D(2026, 8, 21), DAY),
    ("next Friday", SAT, D(2026, 8, 21), DAY),
    ("Monday", SAT, D(2026, 8, 17), DAY),
    ("next Monday", SAT, D(2026, 8, 17), DAY),
    ("this coming Tuesday", SAT, D(2026, 8, 18), DAY),
    ("this week", SAT, D(2026, 8, 21), WEEK),
    ("end of the week", SAT, D(2026, 8, 21), WEEK),
    ("next week", SAT, D(2026, 8, 21), WEEK),
    ("end of next week", SAT, D(2026, 8, 21), WEEK),
    ("early next week", SAT, D(2026, 8, 18), WEEK),
    ("the week after next", SAT, D(2026, 8, 28), WEEK),
    ("this weekend", SAT, D(2026, 8, 16), WEEK),
    ("by the weekend", SAT, D(2026, 8, 21), WEEK),
    ("tomorrow", SAT, D(2026, 8, 16), DAY),
    ("within 10 business days", SAT, D(2026, 8, 28), DAY),
    ("in 5 business days", SAT, D(2026, 8, 21), DAY),
    ("in two weeks", SAT, D(2026, 8, 29), DAY),
    ("end of the month", SAT, D(2026, 8, 31), MONTH),
    ("Labor Day", SAT, D(2026, 9, 7), DAY),
    ("before Labor Day", SAT, D(2026, 9, 6), DAY),
    ("the 15th", SAT, D(2026, 8, 15), DAY),
    ("the 14th", SAT, D(2026, 9, 14), DAY),
    ("mid-August", SAT, D(2026, 8, 15), WEEK),
    ("late August", SAT, D(2026, 8, 31), WEEK),
    ("early September", SAT, D(2026, 9, 10), WEEK),
    ("Q3", SAT, D(2026, 9, 30), QUARTER),
    ("Q4", SAT, D(2026, 12, 31), QUARTER),
    ("end of Q2", SAT, D(2027, 6, 30), QUARTER),
    ("H1", SAT, D(2027, 6, 30), QUARTER),
    ("H2", SAT, D(2026, 12, 31), QUARTER),
    ("two weeks from Monday", SAT, D(2026, 8, 31), DAY),
    ("Monday, August 17", SAT, D(2026, 8, 17), DAY),
    ("Friday the 21st", SAT, D(2026, 8, 21), DAY),
    # --- Sunday 2026-11-01 (DST ends); its week is Oct 26 - Nov 1 --------------------------
    ("Friday", NOV1, D(2026, 11, 6), DAY),
    ("next Friday", NOV1, D(2026, 11, 6), DAY),
    ("Tuesday", NOV1, D(2026, 11, 3), DAY),
    ("next Tuesday", NOV1, D(2026, 11, 3), DAY),
    ("this week", NOV1, D(2026, 11, 6), WEEK),
    ("end of the week", NOV1, D(2026, 11, 6), WEEK),
    ("next week", NOV1, D(2026, 11, 6), WEEK),
    ("end of the month", NOV1, D(2026, 11, 30), MONTH),
    ("Thanksgiving", NOV1, D(2026, 11, 26), DAY),
    ("before Thanksgiving", NOV1, D(2026, 11, 25), DAY),
    ("the day after Thanksgiving", NOV1, D(2026, 11, 27), DAY),
    ("two days before Thanksgiving", NOV1, D(2026, 11, 24), DAY),
    ("by Christmas", NOV1, D(2026, 12, 25), DAY),
    ("before Christmas", NOV1, D(2026, 12, 24), DAY),
    ("before Halloween", NOV1, D(2027, 10, 30), DAY),  # this year's was yesterday
    ("this arvo", NOV1, D(2026, 11, 1), DAY),  # Australian "this afternoon"
    ("end of year", NOV1, D(2026, 12, 31), QUARTER),
    ("EOQ", NOV1, D(2026, 12, 31), QUARTER),
    ("Q4", NOV1, D(2026, 12, 31), QUARTER),
    ("Q1", NOV1, D(2027, 3, 31), QUARTER),
    ("tomorrow", NOV1, D(2026, 11, 2), DAY),
    ("within 10 business days", NOV1, D(2026, 11, 13), DAY),
    ("in 2 weeks", NOV1, D(2026, 11, 15), DAY),
    ("first week of December", NOV1, D(2026, 12, 4), WEEK),
    ("last week of November", NOV1, D(2026, 11, 30), WEEK),
    ("mid-November", NOV1, D(2026, 11, 15), WEEK),
    ("early December", NOV1, D(2026, 12, 10), WEEK),
    ("the 1st", NOV1, D(2026, 11, 1), DAY),
    ("the 2nd", NOV1, D(2026, 11, 2), DAY),
    ("12/1", NOV1, D(2026, 12, 1), DAY),
    ("11/30/2026", NOV1, D(2026, 11, 30), DAY),
    ("November 2nd", NOV1, D(2026, 11, 2), DAY),
    ("October 30", NOV1, D(2027, 10, 30), DAY),
    # --- Dec 28-31 2026 (Mon-Thu): the year boundary; that week is Dec 28 - Jan 3 ----------
    ("next Tuesday", DEC28, D(2027, 1, 5), DAY),
    ("Tuesday", DEC28, D(2026, 12, 29), DAY),
    ("Friday", DEC28, D(2027, 1, 1), DAY),
    ("this Friday", DEC28, D(2027, 1, 1), DAY),
    ("next Friday", DEC28, D(2027, 1, 8), DAY),
    ("end of Q1", DEC28, D(2027, 3, 31), QUARTER),
    ("January 5th", DEC28, D(2027, 1, 5), DAY),
    ("the 5th", DEC28, D(2027, 1, 5), DAY),
    ("end of the month", DEC28, D(2026, 12, 31), MONTH),
    ("next month", DEC28, D(2027, 1, 31), MONTH),
    ("end of next month", DEC28, D(2027, 1, 31), MONTH),
    ("this week", DEC28, D(2027, 1, 1), WEEK),
    ("next week", DEC28, D(2027, 1, 8), WEEK),
    ("end of the year", DEC28, D(2026, 12, 31), QUARTER),
    ("next year", DEC28, D(2027, 12, 31), QUARTER),
    ("early next year", DEC28, D(2027, 3, 31), QUARTER),
    ("in two weeks", DEC28, D(2027, 1, 11), DAY),
    ("within 10 business days", DEC28, D(2027, 1, 11), DAY),
    ("New Year's Day", DEC28, D(2027, 1, 1), DAY),
    ("Christmas", DEC28, D(2027, 12, 25), DAY),
    ("Q1", DEC28, D(2027, 3, 31), QUARTER),
    ("Q4", DEC28, D(2026, 12, 31), QUARTER),
    ("end of the quarter", DEC28, D(2026, 12, 31), QUARTER),
    ("next quarter", DEC28, D(2027, 3, 31), QUARTER),
    ("in January", DEC28, D(2027, 1, 31), MONTH),
    ("mid-January", DEC28, D(2027, 1, 15), WEEK),
    ("first week of January", DEC28, D(2027, 1, 1), WEEK),
    ("1/5", DEC28, D(2027, 1, 5), DAY),
    ("12/31", DEC28, D(2026, 12, 31), DAY),
    ("H1", DEC28, D(2027, 6, 30), QUARTER),
    ("the 31st", DEC28, D(2026, 12, 31), DAY),
    ("Wednesday", DEC29, D(2026, 12, 30), DAY),
    ("this Thursday", DEC29, D(2026, 12, 31), DAY),
    ("next Thursday", DEC29, D(2027, 1, 7), DAY),
    ("in a week", DEC29, D(2027, 1, 5), DAY),
    ("January 5th", DEC29, D(2027, 1, 5), DAY),
    ("end of next week", DEC30, D(2027, 1, 8), WEEK),
    ("tomorrow", DEC30, D(2026, 12, 31), DAY),
    ("the day after tomorrow", DEC30, D(2027, 1, 1), DAY),
    ("3 days from now", DEC30, D(2027, 1, 2), DAY),
    ("in 10 days", DEC30, D(2027, 1, 9), DAY),
    ("tomorrow", DEC31, D(2027, 1, 1), DAY),
    ("end of the month", DEC31, D(2026, 12, 31), MONTH),
    ("next month", DEC31, D(2027, 1, 31), MONTH),
    ("end of the year", DEC31, D(2026, 12, 31), QUARTER),
    ("EOY", DEC31, D(2026, 12, 31), QUARTER),
    ("next Tuesday", DEC31, D(2027, 1, 5), DAY),
    ("Friday", DEC31, D(2027, 1, 1), DAY),
    ("next week", DEC31, D(2027, 1, 8), WEEK),
    ("in 3 days", DEC31, D(2027, 1, 3), DAY),
    ("in 5 business days", DEC31, D(2027, 1, 7), DAY),
    ("New Year's Eve", DEC31, D(2026, 12, 31), DAY),
    ("before New Year's", DEC31, D(2026, 12, 31), DAY),
    ("the 1st", DEC31, D(2027, 1, 1), DAY),
    ("Q4", DEC31, D(2026, 12, 31), QUARTER),
    ("end of Q1", DEC31, D(2027, 3, 31), QUARTER),
    ("early January", DEC31, D(2027, 1, 10), WEEK),
    # --- Monday 2028-02-28 and Tuesday 2028-02-29 (leap year) ------------------------------
    ("end of February", LEAP, D(2028, 2, 29), MONTH),
    ("end of the month", LEAP, D(2028, 2, 29), MONTH),
    ("tomorrow", LEAP, D(2028, 2, 29), DAY),
    ("the 29th", LEAP, D(2028, 2, 29), DAY),
    ("February 29", LEAP, D(2028, 2, 29), DAY),
    ("the 30th", LEAP, D(2028, 3, 30), DAY),
    ("in a year", LEAP, D(2029, 2, 28), QUARTER),
    ("in two weeks", LEAP, D(2028, 3, 13), DAY),
    ("in 3 days", LEAP, D(2028, 3, 2), DAY),
    ("Friday", LEAP, D(2028, 3, 3), DAY),
    ("next Tuesday", LEAP, D(2028, 3, 7), DAY),
    ("this Tuesday", LEAP, D(2028, 2, 29), DAY),
    ("within 10 business days", LEAP, D(2028, 3, 13), DAY),
    ("next month", LEAP, D(2028, 3, 31), MONTH),
    ("end of Q1", LEAP, D(2028, 3, 31), QUARTER),
    ("in a month", LEAP, D(2028, 3, 28), MONTH),
    ("mid-March", LEAP, D(2028, 3, 15), WEEK),
    ("first week of March", LEAP, D(2028, 3, 3), WEEK),
    ("in a year", LEAPD, D(2029, 2, 28), QUARTER),
    ("a year from today", LEAPD, D(2029, 2, 28), QUARTER),
    ("in 12 months", LEAPD, D(2029, 2, 28), MONTH),
    ("in a month", LEAPD, D(2028, 3, 29), MONTH),
    ("tomorrow", LEAPD, D(2028, 3, 1), DAY),
    ("February 29", LEAPD, D(2028, 2, 29), DAY),
    ("end of the month", LEAPD, D(2028, 2, 29), MONTH),
    ("next Monday", LEAPD, D(2028, 3, 6), DAY),
    # --- spans with "the next": in / within / over the next <unit> is a span from the call --
    ("in the next day or two", WED, D(2026, 4, 17), DAY),  # Apr 15 + 2
    ("within the next day or two", FRI, D(2026, 5, 31), DAY),  # May 29 + 2
    ("over the next day or two", DEC31, D(2027, 1, 2), DAY),  # Dec 31 + 2
    ("in the next week", WED, D(2026, 4, 22), DAY),  # + 7, not next week's Friday (Apr 24)
    ("within the next week", SAT, D(2026, 8, 22), DAY),  # Aug 15 + 7
    ("in the next week or two", MON, D(2026, 3, 23), DAY),  # Mar 9 + 14
    ("in the coming week", FRI, D(2026, 6, 5), DAY),  # May 29 + 7
    ("within the next month", LEAPD, D(2028, 3, 29), MONTH),  # Feb 29 + 1 month
    ("in the next month", DEC31, D(2027, 1, 31), MONTH),  # Dec 31 + 1 month
    ("within the next year", LEAPD, D(2029, 2, 28), QUARTER),  # Feb 29 2028 + 12 months
    ("in the next couple of days", WED, D(2026, 4, 17), DAY),
    ("over the next two weeks", DEC28, D(2027, 1, 11), DAY),  # Dec 28 + 14
    ("in the next 30 days", QEND, D(2026, 7, 30), DAY),  # Jun 30 + 30
    ("in a week or so", WED, D(2026, 4, 22), DAY),
    ("in the next quarter", WED, D(2026, 9, 30), QUARTER),  # the calendar quarter after Q2
    ("in the next fiscal year", WED, D(2027, 12, 31), QUARTER),
    # --- the next business day: Monday to Friday, public holidays not known -----------------
    ("the next business day", WED, D(2026, 4, 16), DAY),  # Wed -> Thu
    ("next business day", FRI, D(2026, 6, 1), DAY),  # Fri May 29 -> Mon Jun 1
    ("by the next working day", SAT, D(2026, 8, 17), DAY),  # Sat Aug 15 -> Mon Aug 17
    ("on the next business day", DEC31, D(2027, 1, 1), DAY),  # Thu Dec 31 -> Fri Jan 1
    # --- hours: up to 8 stay on the call's day; whole days of hours are days ----------------
    ("in the next hour", WED, D(2026, 4, 15), DAY),
    ("within the hour", FRI, D(2026, 5, 29), DAY),
    ("in an hour", MON, D(2026, 3, 9), DAY),
    ("in two hours", DEC31, D(2026, 12, 31), DAY),
    ("in a couple of hours", SAT, D(2026, 8, 15), DAY),
    ("in the next hour or two", QEND, D(2026, 6, 30), DAY),
    ("within 24 hours", WED, D(2026, 4, 16), DAY),
    ("within 48 hours", FRI, D(2026, 5, 31), DAY),
    ("in 72 hours", DEC31, D(2027, 1, 3), DAY),
    # --- now ------------------------------------------------------------------------------
    ("right now", WED, D(2026, 4, 15), DAY),
    ("now", FRI, D(2026, 5, 29), DAY),
    ("right away", SAT, D(2026, 8, 15), DAY),
    ("immediately", DEC31, D(2026, 12, 31), DAY),
    ("straight away", MON, D(2026, 3, 9), DAY),
    # --- a weekday counted from another date ---------------------------------------------
    ("the Friday after Thanksgiving", WED, D(2026, 11, 27), DAY),  # Thanksgiving: Thu Nov 26
    ("the Monday before Christmas", WED, D(2026, 12, 21), DAY),  # Christmas: Fri Dec 25
    ("the Tuesday after Labor Day", WED, D(2026, 9, 8), DAY),  # Labor Day: Mon Sep 7
    ("the Friday after March 14", WED, D(2027, 3, 19), DAY),  # next Mar 14: Sun 2027-03-14
    ("Thursday before the 30th", WED, D(2026, 4, 23), DAY),  # Apr 30 is a Thursday: Apr 23
    ("at the end of June", WED, D(2026, 6, 30), MONTH),
    ("at the end of the month", WED, D(2026, 4, 30), MONTH),
    ("starting the 20th", WED, D(2026, 4, 20), DAY),  # a Monday
    ("starting on Monday", WED, D(2026, 4, 20), DAY),
]

# Fiscal years: (said, call date, fiscal year start month, expected, precision)
FISCAL_ROWS: list[tuple[str, dt.date, int, dt.date, str]] = [
    # FY starting Feb: FY2027 = Feb 2026 - Jan 2027; FQ1 Feb-Apr, FQ2 May-Jul, FQ4 Nov-Jan
    ("Q1", WED, 2, D(2026, 4, 30), QUARTER),
    ("end of Q2", WED, 2, D(2026, 7, 31), QUARTER),
    ("by the end of our Q2", WED, 2, D(2026, 7, 31), QUARTER),
    ("the end of our Q2", WED, 8, D(2027, 1, 31), QUARTER),  # FQ2 Nov-Jan: this one is over
    ("in our Q2", WED, 10, D(2027, 3, 31), QUARTER),  # FQ2 Jan-Mar: this one is over
    ("Q4", WED, 2, D(2027, 1, 31), QUARTER),
    ("end of the quarter", WED, 2, D(2026, 4, 30), QUARTER),
    ("next quarter", WED, 2, D(2026, 7, 31), QUARTER),
    ("H1", WED, 2, D(2026, 7, 31), QUARTER),
    ("H2", WED, 2, D(2027, 1, 31), QUARTER),
    ("fiscal year end", WED, 2, D(2027, 1, 31), QUARTER),
    ("end of the year", WED, 2, D(2026, 12, 31), QUARTER),
    ("FY27", WED, 2, D(2027, 1, 31), QUARTER),
    ("Q2 FY27", WED, 2, D(2026, 7, 31), QUARTER),
    # FY starting Oct: FY2026 = Oct 2025 - Sep 2026; Q3 = Apr-Jun 2026
    ("Q3", WED, 10, D(2026, 6, 30), QUARTER),
    ("Q2", WED, 10, D(2027, 3, 31), QUARTER),
    ("Q1", WED, 10, D(2026, 12, 31), QUARTER),
    ("end of the quarter", WED, 10, D(2026, 6, 30), QUARTER),
    ("fiscal year end", WED, 10, D(2026, 9, 30), QUARTER),
    # FY starting Jul, said on Jun 30: FY2026 = Jul 2025 - Jun 2026
    ("Q4", QEND, 7, D(2026, 6, 30), QUARTER),
    ("end of the quarter", QEND, 7, D(2026, 6, 30), QUARTER),
    ("next quarter", QEND, 7, D(2026, 9, 30), QUARTER),
    ("Q1", QEND, 7, D(2026, 9, 30), QUARTER),
    ("end of the fiscal year", QEND, 7, D(2026, 6, 30), QUARTER),
    ("next fiscal year", QEND, 7, D(2027, 6, 30), QUARTER),
    ("in the next fiscal year", QEND, 7, D(2027, 6, 30), QUARTER),  # FY Jul 2026 - Jun 2027
    ("in the next fiscal year", WED, 10, D(2027, 9, 30), QUARTER),  # FY Oct 2026 - Sep 2027
    # "financial year" is the British "fiscal year"
    ("this financial year", WED, 10, D(2026, 9, 30), QUARTER),  # FY Oct 2025 - Sep 2026
    ("end of the financial year", QEND, 7, D(2026, 6, 30), QUARTER),
    ("next financial year", QEND, 7, D(2027, 6, 30), QUARTER),
    ("to the end of Q2", WED, 10, D(2027, 3, 31), QUARTER),  # "defer the invoice to ..."
]

UNRESOLVED: list[tuple[str, dt.date]] = [
    ("soon", WED),
    ("shortly", WED),
    ("in a bit", WED),
    ("ASAP", WED),
    ("as soon as possible", MON),
    ("at some point", FRI),
    ("after the holidays", DEC28),
    ("after Friday", WED),
    ("in a few days", WED),
    ("in the coming weeks", SAT),
    ("sometime", WED),
    ("later", WED),
    ("TBD", WED),
    ("in the near future", WED),
    ("before the holidays", NOV1),
    ("in the new year", NOV1),
    ("two weeks", WED),  # a duration, not a deadline
    ("February 30th", WED),
    ("April 31", WED),
    ("13/45", WED),
    ("Monday, March 14", WED),  # next March 14 is a Sunday: contradiction
    ("Tuesday, August 17", SAT),
    ("Friday the 13th", SAT),  # the next 13th (Sep 13) is a Sunday
    ("at the end of the day", WED),  # idiom, not a deadline
    ("at 3pm", WED),  # a time alone
    ("at the latest", WED),
    ("the month", WED),
    ("first half", WED),
    ("whenever works", WED),
    ("next", WED),
    ("", WED),
    ("by now", WED),  # looks back
    ("in 12 hours", WED),  # today or tomorrow: the call's time of day is not known
    ("within 36 hours", WED),
    ("the following Monday", WED),  # counted from something said before, not the call
    ("the week after", WED),
    ("the Friday after", WED),
    ("the day after", WED),
    ("within ten business days of getting it", WED),  # counted from a day not said
    ("within 30 days of receipt", WED),
    ("in two weeks from kickoff", WED),
]


@pytest.mark.parametrize(("said", "call", "expected", "precision"), ROWS)
def test_resolve_date(said: str, call: dt.date, expected: dt.date, precision: str) -> None:
    got = resolve_date(said, call)
    assert (got.date, got.precision) == (expected, Precision(precision))
    assert got.resolved
    assert (got.text, got.start, got.end) == (said, 0, len(said))


@pytest.mark.parametrize(("said", "call", "fy_start", "expected", "precision"), FISCAL_ROWS)
def test_resolve_date_fiscal(
    said: str, call: dt.date, fy_start: int, expected: dt.date, precision: str
) -> None:
    got = resolve_date(said, call, fiscal_year_start_month=fy_start)
    assert (got.date, got.precision) == (expected, Precision(precision))


@pytest.mark.parametrize(("said", "call"), UNRESOLVED)
def test_unresolved(said: str, call: dt.date) -> None:
    got = resolve_date(said, call)
    assert (got.date, got.precision, got.resolved) == (None, None, False)
    assert got.text == said


def test_case_and_surrounding_punctuation() -> None:
    got = resolve_date("  BY FRIDAY. ", WED)
    assert (got.date, got.text, got.start, got.end) == (D(2026, 4, 17), "BY FRIDAY", 2, 11)
    assert resolve_date("end of q2", WED).date == D(2026, 6, 30)


def test_fiscal_month_is_validated() -> None:
    with pytest.raises(ValueError, match="fiscal_year_start_month"):
        resolve_date("Q1", WED, fiscal_year_start_month=13)


def test_resolved_date_is_frozen_and_consistent() -> None:
    got = resolve_date("Friday", WED)
    with pytest.raises(ValidationError):
        got.text = "Monday"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        ResolvedDate(date=D(2026, 1, 1), precision=None, text="x", start=0, end=1)


# --- find_dates: (sentence, call date, [(text, date, precision), ...]) ----------------------
SENTENCES: list[tuple[str, dt.date, list[tuple[str, dt.date | None, str | None]]]] = [
    ("The 20th works, I'll send the invite.", WED, [("The 20th", D(2026, 4, 20), DAY)]),
    (
        "I'll send the SOW over by Friday and we can sign next month.",
        WED,
        [("by Friday", D(2026, 4, 17), DAY), ("next month", D(2026, 5, 31), MONTH)],
    ),
    (
        "Legal will review it within 10 business days, so let's target end of Q2 for go-live.",
        WED,
        [("within 10 business days", D(2026, 4, 29), DAY), ("end of Q2", D(2026, 6, 30), QUARTER)],
    ),
    (
        "Two days before the board meeting on the 15th of May we need the deck.",
        WED,
        [("Two days before the board meeting on the 15th of May", D(2026, 5, 13), DAY)],
    ),
    (
        "Can you get me pricing EOD tomorrow, and the redlines early next week?",
        WED,
        [("EOD tomorrow", D(2026, 4, 16), DAY), ("early next week", D(2026, 4, 21), WEEK)],
    ),
    (
        "We're closed after the holidays, but could do a kickoff in early May or mid-May.",
        WED,
        [
            ("after the holidays", None, None),
            ("in early May", D(2026, 5, 10), WEEK),
            ("mid-May", D(2026, 5, 15), WEEK),
        ],
    ),
    (
        "Send it over ASAP, ideally before Thanksgiving.",
        WED,
        [("before Thanksgiving", D(2026, 11, 25), DAY)],
    ),
    (
        "We need this soon, in a few weeks at most, no later than the 30th.",
        WED,
        [("in a few weeks", None, None), ("no later than the 30th", D(2026, 4, 30), DAY)],
    ),
    ("The 14th floor team meets on the 14th.", WED, [("on the 14th", D(2026, 5, 14), DAY)]),
    (
        "We'll run the pilot for two weeks and decide in two weeks.",
        WED,
        [("in two weeks", D(2026, 4, 29), DAY)],
    ),
    (
        "Procurement closes the books at the end of the quarter, usually the last week of June.",
        WED,
        [
            ("at the end of the quarter", D(2026, 6, 30), QUARTER),
            ("the last week of June", D(2026, 6, 30), WEEK),
        ],
    ),
    (
        "Give me a call Friday at 3pm or Monday morning.",
        WED,
        [("Friday at 3pm", D(2026, 4, 17), DAY), ("Monday morning", D(2026, 4, 20), DAY)],
    ),
    (
        "Can we do 3/14 or March 21st, 2027?",
        WED,
        [("3/14", D(2027, 3, 14), DAY), ("March 21st, 2027", D(2027, 3, 21), DAY)],
    ),
    (
        "I'm out until the 20th, then back Tuesday the 21st.",
        WED,
        [("until the 20th", D(2026, 4, 20), DAY), ("Tuesday the 21st", D(2026, 4, 21), DAY)],
    ),
    (
        "We should sign in May, maybe by the end of May at the latest.",
        WED,
        [
            ("in May", D(2026, 5, 31), MONTH),
            ("by the end of May at the latest", D(2026, 5, 31), MONTH),
        ],
    ),
    (
        "In two to three weeks we'll know; I'll ping you in a bit.",
        WED,
        [("In two to three weeks", D(2026, 5, 6), DAY), ("in a bit", None, None)],
    ),
    (
        "we'll have the contract back on the twenty-first and sign by the thirtieth",
        WED,
        [("on the twenty-first", D(2026, 4, 21), DAY), ("by the thirtieth", D(2026, 4, 30), DAY)],
    ),
    (
        "the first step is a demo, and the second call is Friday",
        WED,
        [("Friday", D(2026, 4, 17), DAY)],
    ),
    (
        "Let's regroup after Friday and close by EOM.",
        WED,
        [("after Friday", None, None), ("by EOM", D(2026, 4, 30), MONTH)],
    ),
    (
        "We're targeting Q3 go-live, with the first half of next year for phase two.",
        WED,
        [("Q3", D(2026, 9, 30), QUARTER), ("the first half of next year", D(2027, 6, 30), QUARTER)],
    ),
    (
        "Jan said we'd be done in January, maybe mid-Jan.",
        DEC28,
        [("in January", D(2027, 1, 31), MONTH), ("mid-Jan", D(2027, 1, 15), WEEK)],
    ),
    (
        "Wait a second, I'll get back to you in a day or two, or by Friday at the latest.",
        WED,
        [
            ("in a day or two", D(2026, 4, 17), DAY),
            ("by Friday at the latest", D(2026, 4, 17), DAY),
        ],
    ),
    (
        "Security review is done, so the day after tomorrow, EOD, works.",
        WED,
        [("the day after tomorrow, EOD", D(2026, 4, 17), DAY)],
    ),
    (
        "We'll have it this week and sign next Tuesday.",
        SUN,
        [("this week", D(2026, 3, 13), WEEK), ("next Tuesday", D(2026, 3, 10), DAY)],
    ),
    (
        "Let's sign by March fourteen, or on May fifth.",
        WED,
        [("by March fourteen", D(2027, 3, 14), DAY), ("on May fifth", D(2026, 5, 5), DAY)],
    ),
    (
        "Maybe Tuesday or Wednesday next week, at 10 am PT.",
        WED,
        [
            ("Tuesday", D(2026, 4, 21), DAY),
            ("Wednesday next week, at 10 am PT", D(2026, 4, 22), DAY),
        ],
    ),
    (
        "Realistically it slips into Q1, so let's say by January 5th.",
        DEC28,
        [("Q1", D(2027, 3, 31), QUARTER), ("by January 5th", D(2027, 1, 5), DAY)],
    ),
    (
        "I'll send the order form in the next hour, and the SOW over the next day or two.",
        WED,
        [
            ("in the next hour", D(2026, 4, 15), DAY),
            ("over the next day or two", D(2026, 4, 17), DAY),
        ],
    ),
    (
        "We're off the Friday after Thanksgiving, so let's say by the following Monday.",
        WED,
        [
            ("the Friday after Thanksgiving", D(2026, 11, 27), DAY),
            ("by the following Monday", None, None),
        ],
    ),
    (
        "The next two weeks are busy; we'll decide within the next week.",
        WED,
        [("within the next week", D(2026, 4, 22), DAY)],
    ),
    (
        "Our goal is to cut spend in the next fiscal year, over the next few days we plan.",
        WED,
        [
            ("in the next fiscal year", D(2027, 12, 31), QUARTER),
            ("over the next few days", None, None),
        ],
    ),
]

DISTRACTORS = [
    "We may need approval from procurement.",
    "We end August with the harvest party.",
    "Let's grab lunch after this, and we have lunch at noon.",
    "The call is at 3 pm, or maybe at 3.",
    "The budget is $50k, maybe 50k more.",
    "Let's march forward together.",
    "We're on version 2.14 of the platform.",
    "May I ask who signs?",
    "At the end of the day, it's about ROI.",
    "We have 14 seats and want 2027 seats eventually.",
    "It's 24/7 support, 99.9% uptime and 1/2 the price.",
    "For the second time, on second thought, in the first place: the 14th floor.",
    "We need two weeks for legal and a day or two for security.",
    "Soon, shortly, ASAP, at some point.",
    "We may one day expand; we march on.",
    "We are in week 3 of the rollout.",
    "Our 21st customer sat down with us.",
    "Our goal is to cut month-end close from ten days to five.",
    "The year-end audit and the quarter-end crunch are painful.",
    "Right now, we run it on spreadsheets.",
    "Right now we use Excel, but I'll send the export right away.",  # a phrase, not free text
    "We are off the Friday after the launch, and the following Monday too.",
    "Can we push it by two weeks? The deadline already moved by a month.",
    "It syncs immediately, and we are busy right now.",
    "For the next 12 months we run both systems; the next two weeks are busy.",
]


@pytest.mark.parametrize(("sentence", "call", "expected"), SENTENCES)
def test_find_dates(
    sentence: str, call: dt.date, expected: list[tuple[str, dt.date | None, str | None]]
) -> None:
    found = find_dates(sentence, call)
    assert [(m.text, m.date, m.precision) for m in found] == [
        (text, day, Precision(p) if p else None) for text, day, p in expected
    ]
    for m in found:
        assert sentence[m.start : m.end] == m.text
    spans = [(m.start, m.end) for m in found]
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


@pytest.mark.parametrize("sentence", DISTRACTORS)
def test_find_dates_ignores_distractors(sentence: str) -> None:
    assert find_dates(sentence, WED) == []


def test_find_dates_spans_are_exact_offsets() -> None:
    sentence = "Ok. So by Friday, then next week."
    found = find_dates(sentence, WED)
    assert [(m.start, m.end) for m in found] == [(7, 16), (23, 32)]


def test_find_dates_uses_fiscal_year() -> None:
    (found,) = find_dates("We close in Q1.", WED, fiscal_year_start_month=2)
    assert (found.text, found.date) == ("in Q1", D(2026, 4, 30))


def test_table_sizes() -> None:
    assert len(ROWS) + len(FISCAL_ROWS) + len(UNRESOLVED) >= 250


# --- the gates: a speed-up that must never change an answer --------------------------------
def _gate_corpus() -> list[str]:
    phrases = [row[0] for row in ROWS] + [row[0] for row in FISCAL_ROWS]
    phrases += [row[0] for row in UNRESOLVED]
    wrapped = [f"We said {p} for it." for p in phrases] + [f"{p}, then." for p in phrases]
    return wrapped + [s for s, _, _ in SENTENCES] + DISTRACTORS


@pytest.mark.parametrize("call", [WED, DEC31, LEAPD])
def test_gates_change_no_answer(call: dt.date) -> None:
    ctx = Ctx(call, 4)
    for sentence in _gate_corpus():
        assert scan(sentence, ctx) == scan(sentence, ctx, gated=False), sentence


def test_every_family_is_gated_by_its_own_words() -> None:
    """Each family's gate holds wherever the family matches a row of the tables."""
    for said, *_ in [*ROWS, *FISCAL_ROWS]:
        for family in FAMILIES:
            for regex in (family.plain, family.anchored):
                if regex.fullmatch(said):
                    assert family.gate.search(said.lower()), (family.name, said)
