"""Plans and terms the speaker states without "I'll": "the plan is I run the training the
week of the 15th", "I was planning to send the proposal by Monday" (and, asked to move it, the
reply moves it), "We can even put the seasonality in the contract"; and a date taken back
within the sentence ("After the call, well, in the next day or two")."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import RulesExtractor, extract
from pipeline.models import Extraction
from tests.builders import BUYER, SELLER, context, steps, transcript


def run(lines: list[tuple[str, str]], call_date: dt.date = dt.date(2026, 11, 18)) -> Extraction:
    return extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(call_date))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [(SELLER.name, "We can even put the seasonality in the contract, so nobody worries.")],
            "Put the seasonality in the contract",
        ),
        (  # "that" is the term just named, alone, in the same turn
            [
                (BUYER.name, "Price protection on renewal?"),
                (
                    SELLER.name,
                    "A cap on the increase, typically five percent. I can put that in the SOW.",
                ),
            ],
            "Put a cap on the increase in the SOW",
        ),
        (  # nothing named alone: "that" stays
            [(SELLER.name, "All EU, Frankfurt region. I can put that in writing.")],
            "Put that in writing",
        ),
    ],
)
def test_a_term_put_in_the_paper_is_a_step(lines: list[tuple[str, str]], expected: str) -> None:
    assert steps(run(lines).commitments) == [(SELLER.name, expected, None)]


def test_putting_someone_in_touch_is_no_term() -> None:
    assert run([(SELLER.name, "I'll put you in touch with our CFO.")]).commitments == ()


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "the plan is I run front-of-house training myself the week of the 15th of February",
            "Run front-of-house training",
        ),
        ("The plan is that we kick off the pilot on the 3rd.", "Kick off the pilot"),
        ("I was planning to send the proposal by Monday.", "Send the proposal"),
    ],
)
def test_a_plan_the_speaker_states_with_a_date(said: str, expected: str) -> None:
    assert [c.action for c in run([(SELLER.name, said)]).commitments] == [expected]


def test_a_plan_with_have_is_no_step() -> None:
    assert run([(SELLER.name, "The plan is we have the deck by Friday.")]).commitments == ()


@pytest.mark.parametrize(
    ("ask", "reply", "due"),
    [
        (
            "Monday? Can you prepone it?",
            "Okay, no problem. I'll send it by Thursday.",
            "2026-11-19",
        ),
        (
            "Could you bring it forward? The board sits Friday.",
            "Sure, I'll send it Thursday.",
            "2026-11-19",
        ),
        ("Any chance of getting it sooner?", "Sure. I'll send it by Thursday.", "2026-11-19"),
        ("Could you push it back a week?", "Sure, the 30th works.", "2026-11-30"),
    ],
)
def test_asked_to_move_a_step_the_reply_moves_it(ask: str, reply: str, due: str) -> None:
    lines = [
        (SELLER.name, "I'll send the proposal by Monday."),
        (BUYER.name, ask),
        (SELLER.name, reply),
    ]
    assert steps(run(lines).commitments) == [(SELLER.name, "Send the proposal", due)]


def test_a_plan_the_speaker_was_making_is_their_step() -> None:
    lines = [
        (SELLER.name, "On the commercials, I was planning to send the proposal by Monday."),
        (BUYER.name, "Monday? Can you prepone it? I want to show it to the MD on Monday."),
        (SELLER.name, "Okay, no problem. I'll send it by tomorrow EOD itself."),
    ]
    assert steps(run(lines).commitments) == [(SELLER.name, "Send the proposal", "2026-11-19")]


def test_well_between_two_dates_takes_the_first_back() -> None:
    said = "After the call, well, in the next day or two, I'll send the deck."
    assert steps(run([(SELLER.name, said)]).commitments) == [
        (SELLER.name, "Send the deck", "2026-11-20")
    ]


def test_a_term_put_in_the_paper_before_is_no_step() -> None:
    said = "I put the discount in the contract last week."
    assert run([(SELLER.name, said)]).commitments == ()
