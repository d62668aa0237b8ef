"""A day of the month said alone, read in the month the talk just named."""

from __future__ import annotations

import datetime as dt

from pipeline.dates import resolve_date
from pipeline.dates.context import in_month, month_named
from pipeline.extract import RulesExtractor, extract
from tests.builders import BUYER, SELLER, context, transcript

THURSDAY = dt.date(2026, 12, 17)  # "the 19th" read alone: Saturday, December 19th


def test_a_weekend_day_moves_into_the_month_just_named() -> None:
    said = resolve_date("The 19th", THURSDAY)
    month = month_named(["How about the 12th of January?", "The 12th I'm out."], THURSDAY)
    assert in_month(said, month, THURSDAY).date == dt.date(2027, 1, 19)


def test_a_working_day_stays_the_first_after_the_call() -> None:
    said = resolve_date("the 18th", THURSDAY)  # Friday, December 18th
    month = month_named(["The audit is in February."], THURSDAY)
    assert in_month(said, month, THURSDAY).date == dt.date(2026, 12, 18)


def test_no_month_named_changes_nothing() -> None:
    said = resolve_date("The 19th", THURSDAY)
    assert in_month(said, month_named(["Sounds good."], THURSDAY), THURSDAY) == said


def test_the_drafted_step_and_meeting_take_the_month_from_the_talk() -> None:
    lines = [
        (SELLER.name, "How about the 12th of January for the kickoff workshop?"),
        (BUYER.name, "The 12th I'm out. The 19th?"),
        (SELLER.name, "The 19th works. I'll send the agenda by the 19th."),
    ]
    draft = extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(THURSDAY))
    assert [c.due_date for c in draft.commitments] == [dt.date(2027, 1, 19)]
    assert dt.date(2027, 1, 19) in [k.date for k in draft.key_dates]
