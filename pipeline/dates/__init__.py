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
"Friday after next", "Friday week",   "Friday" + 7                                   day
 "a week on Friday" (British)
"today", "EOD", "COB", "tonight",     the call date                                  day
 "this afternoon" (or "arvo"), "by
 lunch", "close of play"
"tomorrow", "EOD tomorrow"            call date + 1 ("the day after tomorrow": + 2)  day
"in 3 days / two weeks / a fortnight" call date + 3 / 14 / 14 ("2-3 weeks", "a week  day
 "two weeks from now", "2 weeks out"  or two": the larger count)
"within 10 business days"             the 10th Monday-to-Friday after the call       day
"in / within / over the next week",   call date + 7 / + 14 / + 2 / + 1 month ("by    day;
 "the next week or two", "the next     next week" is the calendar week, below)        month
 day or two", "in the next month"
"the next business day"               the first Monday-to-Friday after the call      day
"in 2 hours", "within the hour",      the call date when 8 hours or fewer; 24, 48,   day
 "within 48 hours"                    72 hours: + 1, 2, 3 days; else unresolved
"right now", "right away", "now"      the call date (not "by now")                   day
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
 April", "End April", "next month"    over, then next year's)
"early / mid / late April"            April 10 / April 15 / April 30                 week
"first week of April"                 the month's 1st..4th Friday; "last week of":   week
                                      its last Friday, or its last day if Mon-Thu
"the first Wednesday of October",     that day (this year's unless it is over);      day
 "the last Friday of the month"       "of the month": this month's, else next's
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
 "New Year's", "Labor Day", "July 4", ("in the new year": unresolved); Easter by
 "Halloween", "Easter", "Good         the computus; Lunar New Year and Diwali from
 Friday", "St David's / Patrick's     a table of 2025-2030 (later years:
 Day", "Canada Day", "Boxing Day",    unresolved, never guessed); Mardi Gras,
 "Lunar / Chinese New Year", "Diwali" Ascension, Pentecost and Whit Monday
 "Mardi Gras", "Ascension", ...       counted from Easter
"before X"                            the day before X begins ("before April" =      as X
                                      Mar 31); "before the end of X" = end of X
"after X", "after the holidays"       unresolved: it sets a start, not a deadline
"2 days before X", "the day after     X's due date moved by the offset ("the week    coarser of
 X", "a week from Friday"             before X": X - 7, week precision)              X, offset
"the Friday after X", "the Monday     the first Friday after X / the last Monday     coarser of
 before X"                            before it                                      X, day
"the following Monday", "the week     unresolved: counted from something said
 after", "the Friday after"           before, not from the call
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
In free text "now", "right now", "right away" and "immediately" are never mentions: they
mostly mean "currently" or say how something happens; they resolve only as a phrase given as a
deadline. "The following Monday" and "the Friday after" are mentions only after a lead word
("by the following Monday", unresolved), and their weekday is not read alone.

The package, read in this order (only the names below are public):

    model           Precision, ResolvedDate
    lexicon         number words, months, weekdays, holidays; the regex fragments
    calendar_math   months, weeks, business days, holidays, fiscal years
    rule            what a rule family is (core pattern, resolver, gate), shared helpers
    days            today / EOD, weekdays, weekends, weeks, ISO weeks
    periods         months, the n-th week of a month, quarters, halves, years
    calendar_dates  holidays, month and day ("March 14", "3/14"), "the 14th"
    spans           "in two weeks", "within 10 business days"; vague words (unresolved)
    grammar         the families in the order they are tried
    resolve         resolve_date, find_dates
"""

from pipeline.dates.calendar_math import add_business_days
from pipeline.dates.model import Precision, ResolvedDate
from pipeline.dates.resolve import find_dates, resolve_date

__all__ = ["Precision", "ResolvedDate", "add_business_days", "find_dates", "resolve_date"]
