"""Tentative or committed: a hedge said after the offer, a condition someone else decides,
and the check that is part of an offer ("let me check with finance"); and the call's own agenda,
which is no step at all."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import RulesExtractor, extract
from pipeline.models import CommitmentStatus, Extraction
from tests.builders import BUYER, SELLER, context, transcript


def run(lines: list[tuple[str, str]], call_date: dt.date = dt.date(2026, 11, 18)) -> Extraction:
    return extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(call_date))


def test_a_hedge_said_after_the_offer_keeps_it_tentative() -> None:
    said = "I could probably get our data lead on the demo too, let me see if I can."
    (offer,) = run([("Daniel Brooks", said)]).commitments
    assert offer.action == "Get our data lead on the demo too"
    assert offer.status == CommitmentStatus.TENTATIVE


@pytest.mark.parametrize(
    "said",
    [
        "I'll send the signed renewal by the 17th if walt's happy.",
        "I'll sign the order form Wednesday if the paper's clean.",
        "I'll sign the order form by Friday if the risk committee approves.",
    ],
)
def test_a_promise_on_a_condition_someone_else_decides_is_tentative(said: str) -> None:
    (step,) = run([("Sarah Mitchell", said)]).commitments
    assert step.status == CommitmentStatus.TENTATIVE


def test_let_me_check_is_a_follow_up_owed() -> None:
    result = run(
        [
            ("Daniel Brooks", "You can bring your own key, some customers do."),
            ("Sarah Mitchell", "We might. Let me check what our contracts say."),
            ("Daniel Brooks", "I might be able to waive the fee. Let me check with finance."),
            ("Daniel Brooks", "I might give you a month free, let me check with my CFO first."),
        ]
    )
    check, waive, free = result.commitments
    assert check.owner == "Sarah Mitchell" and check.action == "Check what our contracts say"
    assert waive.status == CommitmentStatus.TENTATIVE  # its check is part of the offer
    assert free.action == "Give Sarah a month free"  # so is a check in the same sentence


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Katrin will go through the integration and the audit trail.", []),
        ("So today, Olu's going to walk through the live monitoring.", []),
        ("I will watch the data live from here.", []),
        ("I'll go through your API docs next week.", ["Go through your API docs"]),
        # nor is talk shaped like a promise
        ("Ha, I'll take that as a good sign, Henrik.", []),
        ("If the system is down, we can lose a commission in one day.", []),
        ("Let me check and confirm.", []),
        ("It's just so Jonas and I can check our notes after.", []),
    ],
)
def test_the_calls_own_agenda_is_no_step(said: str, expected: list[str]) -> None:
    assert [c.action for c in run([(SELLER.name, said)]).commitments] == expected


@pytest.mark.parametrize(
    ("said", "due"),
    [
        # what a hedged offer gives is no deadline
        ("I could maybe push the start of billing to the first of February.", None),
        ("I might be able to get you a free sandbox through March.", None),
        # a firm one keeps it
        ("Okay, I can hold the price until December 23rd.", dt.date(2026, 12, 23)),
        # when something happened is no deadline
        ("I'll forward it to whoever handles contracts, our legal head left in December.", None),
    ],
)
def test_a_date_that_is_no_deadline(said: str, due: dt.date | None) -> None:
    (step,) = run([(SELLER.name, "Anything else?"), (BUYER.name, said)]).commitments
    assert step.due_date == due


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Maybe I can get our firmware team to add the SMS fallback.", CommitmentStatus.TENTATIVE),
        ("Maybe I can frame it this way.", None),  # talk, not an offer
    ],
)
def test_maybe_before_i_can_offers_what_is_delivered(
    said: str, expected: CommitmentStatus | None
) -> None:
    found = run([(SELLER.name, said)]).commitments
    assert [c.status for c in found] == ([expected] if expected else [])
