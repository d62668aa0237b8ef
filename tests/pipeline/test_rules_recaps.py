"""Recaps read out near the end of a call: they confirm, re-date and complete the steps."""

from __future__ import annotations

import datetime as dt

from pipeline.extract import RulesExtractor, extract
from pipeline.models import Extraction
from tests.builders import BUYER, SELLER, context, transcript

CALL_DATE = dt.date(2026, 11, 18)  # a Wednesday


def run(lines: list[tuple[str, str]]) -> Extraction:
    return extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(CALL_DATE))


def steps(result: Extraction) -> list[tuple[str | None, str, dt.date | None]]:
    return [(c.owner, c.action, c.due_date) for c in result.commitments]


def test_a_recap_item_gives_the_step_its_final_date() -> None:
    result = run(
        [
            (SELLER.name, "I'll send the proposal by Friday."),
            (BUYER.name, "Friday we're at the offsite, nobody will read it."),
            (SELLER.name, "Okay, recap. Me, the proposal on the 24th. Sarah, the user list."),
        ]
    )
    assert steps(result) == [(SELLER.name, "Send the proposal", dt.date(2026, 11, 24))]


def test_a_recap_item_with_the_same_date_keeps_the_words_first_said() -> None:
    result = run(
        [
            (SELLER.name, "I'll send the proposal this afternoon."),
            (SELLER.name, "So, recap: I send the proposal today."),
        ]
    )
    (step,) = result.commitments
    assert step.due_text == "this afternoon"


def test_a_recap_clause_names_a_step_the_call_had_not_held() -> None:
    result = run(
        [
            (SELLER.name, "I'll send the order form today."),
            (
                SELLER.name,
                "So, recap: Sarah sends the security questionnaire by the 25th, "
                "and I send the order form today.",
            ),
        ]
    )
    assert steps(result) == [
        (SELLER.name, "Send the order form", CALL_DATE),
        (BUYER.name, "Send the security questionnaire", dt.date(2026, 11, 25)),
    ]


def test_what_a_recap_cannot_hold_anyone_to_is_not_a_step() -> None:
    result = run(
        [
            (SELLER.name, "I'll send the order form by Friday."),
            (
                SELLER.name,
                "Recap: demo on the 28th, Sarah turns them Monday, Sarah talks to finance, "
                "Kubernetes and cardinality and cost.",
            ),
        ]
    )
    assert steps(result) == [(SELLER.name, "Send the order form", dt.date(2026, 11, 20))]


def test_an_item_with_two_dates_does_not_move_the_step() -> None:
    result = run(
        [
            (BUYER.name, "I'll turn the order form by Monday and the schedule by the 27th."),
            (
                SELLER.name,
                "Let me recap. Sarah turns the order form by Monday and the schedule by the 27th.",
            ),
        ]
    )
    assert [c.due_date for c in result.commitments] == [dt.date(2026, 11, 23)]
