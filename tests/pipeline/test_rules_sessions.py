"""Sessions agreed on the call: a training, demo or workshop proposed with a date and agreed to
is a step of the one who runs it; a meeting is not."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import RulesExtractor, extract
from pipeline.models import Extraction
from tests.builders import BUYER, SELLER, context, transcript


def run(lines: list[tuple[str, str]]) -> Extraction:
    return extract(
        transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(dt.date(2026, 11, 18))
    )


def test_an_agreed_session_is_the_proposers_step() -> None:
    found = run(
        [
            (SELLER.name, "Let's do a refresher for the new hires. How about Tuesday the 8th?"),
            (BUYER.name, "Tuesday the 8th works. Mornings are better."),
        ]
    ).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (SELLER.name, "Run a refresher for the new hires", dt.date(2026, 12, 8))
    ]


def test_the_date_agreed_after_a_counter_proposal_and_the_one_named_to_run_it() -> None:
    found = run(
        [
            (SELLER.name, "Training. I'd like to book admin training at the end of the month."),
            (SELLER.name, "How about the 27th?"),
            (BUYER.name, "The 27th I've got my exam. The 30th?"),
            (SELLER.name, "The 30th works. Sarah will run it."),
        ]
    ).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (BUYER.name, "Run admin training", dt.date(2026, 11, 30))
    ]


def test_a_yes_to_the_date_asked_agrees_it() -> None:
    found = run(
        [
            (SELLER.name, "For the managers, I'd like to do a live webinar. How about the 1st?"),
            (BUYER.name, "That's a Tuesday? Yeah, that works."),
        ]
    ).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (SELLER.name, "Run a live webinar", dt.date(2026, 12, 1))
    ]


def test_a_date_that_is_okay_agrees_to_the_session() -> None:
    found = run(
        [
            (SELLER.name, "And then the first test print. Could we do the test print on the 4th?"),
            (BUYER.name, "The 4th? Everyone's just back, the schedule is chaos that week."),
            (SELLER.name, "Then let's say the 7th."),
            (BUYER.name, "The 7th is okay."),
        ]
    ).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (SELLER.name, "Run the test print", dt.date(2026, 12, 7))
    ]


def test_a_session_the_buyer_asks_for_is_the_sellers_who_answers() -> None:
    found = run(
        [
            (BUYER.name, "What I do want is a proper session with my review team."),
            (SELLER.name, "Absolutely. What about the 1st?"),
            (BUYER.name, "The 1st works."),
        ]
    ).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (SELLER.name, "Run a proper session with my review team", dt.date(2026, 12, 1))
    ]


def test_a_session_with_your_team_is_the_proposers_and_an_agreement_ends_the_search() -> None:
    found = run(
        [
            (SELLER.name, "Can we do a working session with your team? How about the 2nd?"),
            (BUYER.name, "The 2nd I'm in Omaha. The 3rd?"),
            (SELLER.name, "The 3rd works."),
            (BUYER.name, "And can we get back together on the 10th?"),
            (SELLER.name, "The 10th works, I'll send the invite."),
        ]
    ).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (SELLER.name, "Run a working session with your team", dt.date(2026, 12, 3)),
        (SELLER.name, "Send the invite", dt.date(2026, 12, 10)),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        [  # "Perfect." agrees to a recap, not to a date asked before it
            (SELLER.name, "Could we do the demo on the 2nd?"),
            (BUYER.name, "Maybe, I'm not sure yet."),
            (SELLER.name, "So, recap: the pricing from you, demo on the 2nd."),
            (BUYER.name, "Perfect."),
        ],
        [  # a meeting is a key date, not a step
            (SELLER.name, "Can we get back together on the 2nd?"),
            (BUYER.name, "The 2nd works."),
        ],
        [  # the buyer's own session
            (BUYER.name, "We run our own training for the planners. How about the 2nd?"),
            (SELLER.name, "The 2nd works."),
        ],
        [  # a session that happened
            (BUYER.name, "We had a demo from DocuNova last month."),
            (SELLER.name, "Okay. Could we meet on the 2nd?"),
            (BUYER.name, "The 2nd works."),
        ],
    ],
)
def test_what_is_no_session_step(lines: list[tuple[str, str]]) -> None:
    assert run(lines).commitments == ()


def test_a_demo_that_is_the_object_of_another_step_stays_that_step() -> None:
    found = run(
        [
            (SELLER.name, "With that list I will build the demo on your own yard. The 9th?"),
            (BUYER.name, "The 9th works."),
        ]
    ).commitments
    assert [c.action for c in found] == ["Build the demo on your own yard"]


def test_fine_after_a_question_about_the_past_is_no_agreement() -> None:
    found = run(
        [
            (SELLER.name, "How was the Press Gazette thing last week?"),  # a past date
            (BUYER.name, "Terrifying. But fine."),
        ]
    ).commitments
    assert found == ()
