"""Requests and who takes them on: "Who'd be best to ...?" + "Mine.", "Could we get the specs?",
a request a colleague hands on, and the many ways a reply says yes."""

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
            [
                (SELLER.name, "Who'd be best to get Dalia that field list?"),
                (BUYER.name, "Mine. End of next week, realistically."),
            ],
            (BUYER.name, "Get Dalia that field list", "2026-11-27"),
        ),
        (
            [
                (
                    SELLER.name,
                    "Someone on your side needs to whitelist our IP ranges for the sandbox.",
                ),
                (BUYER.name, "Yeah, that one's mine. Tomorrow."),
            ],
            (BUYER.name, "Whitelist our IP ranges for the sandbox", "2026-11-19"),
        ),
        (
            [
                (SELLER.name, "The 20th works, I'll send the invite."),
            ],
            (SELLER.name, "Send the invite", "2026-11-20"),
        ),
        (  # asked for a thing: the one who takes it on sends it, dated as weighed up
            [
                (SELLER.name, "Sarah, could we get the message specs and a test endpoint?"),
                (BUYER.name, "Leave it with me. Realistically after the audit, so next Tuesday."),
            ],
            (BUYER.name, "Send the message specs and a test endpoint", "2026-11-24"),
        ),
        (  # handed on by a colleague to the one who takes it
            [
                (BUYER.name, "Could we have a copy of the code mappings?"),
                ("Oliver Pennant", "Daniel, that's one for you really, isn't it?"),
                (SELLER.name, "It is. Tomorrow."),
            ],
            (SELLER.name, "Send a copy of the code mappings", "2026-11-19"),
        ),
        (  # asking when is no request: the answer is the promise
            [
                (BUYER.name, "When can I have the new version, with the twelve percent?"),
                (SELLER.name, "I'll send the revised order form by Friday."),
            ],
            (SELLER.name, "Send the revised order form", "2026-11-20"),
        ),
    ],
)
def test_who_takes_it_on(lines: list[tuple[str, str]], expected: tuple[str, str, str]) -> None:
    found = run(lines).commitments
    assert [(c.owner, c.action, c.due_date.isoformat() if c.due_date else None) for c in found] == [
        expected
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                (BUYER.name, "Can you defer the first invoice to the end of Q1?"),
                (SELLER.name, "We can do that."),
            ],
            [(SELLER.name, "Defer the first invoice", "2027-03-31")],
        ),
        (
            [
                (SELLER.name, "Could you send the floor plans by Friday?"),
                (BUYER.name, "Aye, no bother."),
            ],
            [(BUYER.name, "Send the floor plans", "2026-11-20")],
        ),
        (
            [
                (SELLER.name, "Could you send the floor plans by Friday?"),
                (BUYER.name, "Leave that with me."),
            ],
            [(BUYER.name, "Send the floor plans", "2026-11-20")],
        ),
        (
            [
                (SELLER.name, "Sarah, can you share the duty schedules by the 9th?"),
                (BUYER.name, "No wahala, I'll send it."),
            ],
            [(BUYER.name, "Share the duty schedules", "2026-12-09")],
        ),
    ],
)
def test_ways_to_say_yes_to_a_request(
    lines: list[tuple[str, str]], expected: list[tuple[str, str, str | None]]
) -> None:
    assert steps(run(lines).commitments) == expected


def test_asking_to_get_a_person_involved_asks_for_nothing_to_send() -> None:
    found = run(
        [
            (SELLER.name, "Could we get your planning lead involved?"),
            (BUYER.name, "Sure."),
        ]
    ).commitments
    assert found == ()


@pytest.mark.parametrize(
    "reply", ["We'll see.", "I'll think about it.", "Deal with that after the call, please."]
)
def test_a_reply_that_takes_nothing_on_is_no_commitment(reply: str) -> None:
    found = run(
        [
            (SELLER.name, "Can you send the pen test report by Friday?"),
            (BUYER.name, reply),
        ]
    ).commitments
    assert found == ()


def test_the_asker_going_on_does_not_use_up_the_replies() -> None:
    lines = [
        (
            BUYER.name,
            "Could we have a copy of the standard code mappings? LEDES, UTBMS, that sort of "
            "thing. Our insurance clients are terribly fussy.",
        ),
        ("Oliver Pennant", "Daniel, that's one for you really, isn't it?"),
        (SELLER.name, "It is. Tomorrow."),
    ]
    assert steps(run(lines).commitments) == [
        (SELLER.name, "Send a copy of the standard code mappings", "2026-11-19")
    ]


def test_you_will_have_it_accepts_the_request_once() -> None:
    lines = [
        (BUYER.name, "Could you mock up one of our tiered bills?"),
        (SELLER.name, "Yep, you'll have it Tuesday."),
    ]
    assert steps(run(lines).commitments) == [
        (SELLER.name, "Mock up one of our tiered bills", "2026-11-24")
    ]


def test_a_step_handed_on_after_a_request_is_the_colleagues() -> None:
    lines = [
        (BUYER.name, "Our vendor file needs an updated W-9."),
        (SELLER.name, "Tariq, can you chase finance on that?"),
        ("Tariq Aziz", "Yep. I'll have finance send it over tomorrow."),
    ]
    assert [c.owner_role for c in run(lines).commitments if c.owner is None] == ["finance"]


def test_a_request_written_without_a_question_mark_is_one() -> None:
    """Speech to text that writes no capitals writes no "?" either: the words ask."""
    lines = [
        (SELLER.name, "sarah could you send us a sample of your invoices"),
        (BUYER.name, "yah i can do that tomorrow"),
    ]
    assert steps(run(lines).commitments) == [
        (BUYER.name, "Send Daniel a sample of your invoices", "2026-11-19")
    ]
    # With capitals, the same words without "?" are a statement, as written.
    said = [(SELLER.name, "Could you imagine. We never got there."), (BUYER.name, "Sure.")]
    assert run(said).commitments == ()


@pytest.mark.parametrize("punctuated", [True, False])
def test_a_hedge_instead_of_a_yes_is_the_tentative_step(punctuated: bool) -> None:
    asked = "Sam, can you also get the nightly sync running before move in?"
    hedged = "Uh, I might be able to get the nightly sync running by the 19th, no promises."
    if not punctuated:
        asked, hedged = (s.lower().replace("?", "").replace(",", "") for s in (asked, hedged))
    found = run([(SELLER.name, asked), (BUYER.name, hedged)]).commitments
    assert [(c.owner, c.due_date, c.status.value) for c in found] == [
        (BUYER.name, dt.date(2026, 11, 19), "tentative")
    ]
    # A yes first: the request holds the step, committed, and the hedge adds none.
    sure = "Sure. I might be able to get it running by the 19th."
    yes = run([(SELLER.name, asked), (BUYER.name, sure)])
    assert [c.status.value for c in yes.commitments] == ["committed"]
