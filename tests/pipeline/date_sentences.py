"""Sentences the spoken-date resolver must find dates in (pipeline.dates.find_dates), and
sentences it must find none in. Every expected date was worked out by hand, like the phrases of
`date_table`, whose call dates and precisions these rows use."""

from __future__ import annotations

import datetime as dt

from tests.pipeline.date_table import DAY, DEC28, MONTH, QUARTER, SUN, WED, WEEK, D

# --- find_dates: (sentence, call date, [(text, date, precision), ...]) ----------------------
SENTENCES: list[tuple[str, dt.date, list[tuple[str, dt.date | None, str | None]]]] = [
    (  # a day with what it is for; "around" before "by" is no lead of the date
        "Actually, let's say the 13th for the SNMP test. We'll turn those around by the 20th.",
        WED,
        [("the 13th", D(2026, 5, 13), DAY), ("by the 20th", D(2026, 4, 20), DAY)],
    ),
    ("The 20th works, I'll send the invite.", WED, [("The 20th", D(2026, 4, 20), DAY)]),
    (  # talk written without commas: a reply word after the day ends the clause
        "uh i might be able to get the sync running by the 19th no promises",
        WED,
        [("by the 19th", D(2026, 4, 19), DAY)],
    ),
    ("yep on the 22nd hopefully", WED, [("on the 22nd", D(2026, 4, 22), DAY)]),
    ("I'll have it to you Monday first thing.", WED, [("Monday first thing", D(2026, 4, 20), DAY)]),
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
