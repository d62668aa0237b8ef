"""Later words that move, restate or correct a step promised earlier in the call."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import RulesExtractor, extract
from pipeline.models import Extraction
from tests.builders import BUYER, SELLER, context, transcript


def run(lines: list[tuple[str, str]], call_date: dt.date = dt.date(2026, 11, 18)) -> Extraction:
    return extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(call_date))


def test_a_later_revision_replaces_the_earlier_date() -> None:
    result = run(
        [
            ("Daniel Brooks", "I'll send the order form by Friday."),
            ("Sarah Mitchell", "Could we do Monday instead?"),
            ("Daniel Brooks", "Actually, let's make that Monday."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.due_date == dt.date(2026, 11, 23)


def test_restated_commitment_is_not_duplicated() -> None:
    result = run(
        [
            ("Daniel Brooks", "I'll send the security questionnaire by Friday."),
            ("Daniel Brooks", "So again, I'll send the security questionnaire by Friday."),
        ]
    )
    assert len(result.commitments) == 1


def test_instead_of_is_a_comparison_not_a_revision() -> None:
    result = run(
        [
            ("Daniel Brooks", "I'll send the order form by Friday."),
            ("Sarah Mitchell", "We want to close the books in five days instead of twelve."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.due_date == dt.date(2026, 11, 20)


def test_an_order_with_the_commitments_verb_moves_its_date() -> None:
    result = run(
        [
            ("Daniel Brooks", "We can have the pilot terminals shipped by December 30th."),
            ("Sarah Mitchell", "No, please don't. Nobody's at the dock that week."),
            ("Sarah Mitchell", "Ship them on January 5th."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.owner == "Daniel Brooks"
    assert commitment.due_date == dt.date(2027, 1, 5)
    assert commitment.evidence[-1].quote == "Ship them on January 5th."


def test_a_revision_naming_another_step_is_that_step() -> None:
    result = run(
        [
            ("Daniel Brooks", "I'll send the renewal quote by Friday."),
            ("Daniel Brooks", "Then let's do the upgrade on December 7th."),
        ]
    )
    quote, upgrade = result.commitments
    assert quote.due_date == dt.date(2026, 11, 20)
    assert "upgrade" in upgrade.action.lower() and upgrade.due_date == dt.date(2026, 12, 7)


def test_moving_a_step_that_is_no_commitment_changes_nothing() -> None:
    result = run(
        [
            ("Sarah Mitchell", "Could you send the contract list?"),
            ("Daniel Brooks", "Yes, within two weeks."),
            ("Sarah Mitchell", "Let's move user training to the week of December 7th."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.due_date == dt.date(2026, 12, 2)  # Nov 18 + 14, not the training's week


def test_a_revision_naming_nothing_refers_only_to_what_was_just_said() -> None:
    filler = [("Sarah Mitchell", f"Point number {n} is about the rollout.") for n in range(8)]
    result = run(
        [
            ("Daniel Brooks", "I'll run the tuning session in January."),
            *filler,
            ("Daniel Brooks", "Then let's do it on February 8th."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.due_date == dt.date(2027, 1, 31)


def test_a_reworded_step_of_the_speakers_own_is_moved() -> None:
    result = run(
        [
            ("Sarah Mitchell", "I'll walk the lines and tag the sensors this Friday."),
            ("Daniel Brooks", "Great, thank you."),
            ("Sarah Mitchell", "Oh wait, I'll do the walkdown Monday instead."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.due_date == dt.date(2026, 11, 23)


def test_actually_make_that_moves_the_step_just_promised_not_another() -> None:
    result = run(
        [
            ("Sarah Mitchell", "Let's make sure the rollout plan covers both sites."),
            ("Daniel Brooks", "I'll make the rollout plan a priority for Monday."),
            (
                "Daniel Brooks",
                "I'll write up the results by Thursday. Actually, make that Friday, "
                "I'm in Munich on the Thursday.",
            ),
        ]
    )
    dates = {c.action: c.due_date for c in result.commitments}
    assert dates["Write up the results"] == dt.date(2026, 11, 20)


def test_a_date_said_alone_after_catching_oneself_moves_the_step() -> None:
    result = run(
        [
            (
                "Daniel Brooks",
                "I owe you a usage breakdown. You'll have it Friday. No, wait, we're closed "
                "Friday. Monday.",
            )
        ]
    )
    assert [(c.action, c.due_date) for c in result.commitments] == [
        ("Send a usage breakdown", dt.date(2026, 11, 23))
    ]


def test_a_new_date_asked_for_and_agreed_moves_the_step() -> None:
    result = run(
        [
            ("Sarah Mitchell", "I'll sign off the criteria by Thursday."),
            ("Daniel Brooks", "Great."),
            ("Sarah Mitchell", "Oh, wait, can I sign off Monday the 23rd instead?"),
            ("Daniel Brooks", "Monday the 23rd is fine."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.due_date == dt.date(2026, 11, 23)


def test_a_new_date_asked_for_and_refused_moves_nothing() -> None:
    result = run(
        [
            ("Sarah Mitchell", "I'll sign off the criteria by Thursday."),
            ("Sarah Mitchell", "Can I sign off Monday the 23rd instead?"),
            ("Daniel Brooks", "No, we need it this week."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.due_date == dt.date(2026, 11, 19)


def test_the_next_sentence_dates_the_step_it_points_back_to() -> None:
    result = run(
        [
            (
                "Daniel Brooks",
                "I'll put together an ROI model for your sites. We'll aim to have it to you "
                "by Friday.",
            )
        ]
    )
    assert [(c.action, c.due_date) for c in result.commitments] == [
        ("Put together an ROI model for your sites", dt.date(2026, 11, 20))
    ]


def test_the_next_sentence_dates_the_step_just_promised() -> None:
    found = run(
        [
            (
                SELLER.name,
                "I'll write up the success criteria. I'll circulate them by end of day tomorrow.",
            ),
            (
                BUYER.name,
                "I'll pull the list of renewals. Let me take that away and come back to you by "
                "Friday.",
            ),
        ]
    ).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (SELLER.name, "Write up the success criteria", dt.date(2026, 11, 19)),
        (BUYER.name, "Pull the list of renewals", dt.date(2026, 11, 20)),
    ]


def test_the_date_in_the_reply_wins() -> None:
    found = run(
        [
            (SELLER.name, "Can you send the export by the end of next week?"),
            (BUYER.name, "Yep, by Thursday."),
        ]
    ).commitments
    assert [(c.owner, c.due_date) for c in found] == [(BUYER.name, dt.date(2026, 11, 19))]


def test_a_date_said_as_an_afterthought_is_the_deadline() -> None:
    found = run(
        [(BUYER.name, "And I'll get you the truck counts by site. Next week, though, I'm swamped.")]
    ).commitments
    assert [(c.action, c.due_date) for c in found] == [
        ("Get you the truck counts by site", dt.date(2026, 11, 27))  # nobody else spoke
    ]


@pytest.mark.parametrize(
    "lines",
    [
        [(BUYER.name, "I'll pull the file layout. Realistically that's next Friday, I'm out.")],
        [(BUYER.name, "I'll pull the file layout. End of next week, given the holiday.")],
        [  # the other side asks when
            (BUYER.name, "I'll pull the file layout for you."),
            (SELLER.name, "When would I have it?"),
            (BUYER.name, "End of next week."),
        ],
        [  # ... after a word of thanks
            (BUYER.name, "I'll pull the file layout for you."),
            (SELLER.name, "No problem at all. When should we look out for it?"),
            (BUYER.name, "Realistically, end of next week. We're moving offices."),
        ],
    ],
)
def test_the_date_said_next_for_the_step_just_promised(lines: list[tuple[str, str]]) -> None:
    (commitment,) = run(lines).commitments
    assert commitment.due_date == dt.date(2026, 11, 27)


def test_a_date_in_another_statement_next_is_not_the_steps() -> None:
    found = run(
        [(BUYER.name, "I'll pull the file layout. Next Friday the team is off, I think.")]
    ).commitments
    assert [c.due_date for c in found] == [None]


def test_the_one_handed_a_step_dates_it() -> None:
    found = run(
        [
            (SELLER.name, "I'll have Arjun Mehta write up the success criteria."),
            ("Arjun Mehta", "I'll circulate them by end of day tomorrow."),
        ]
    ).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        ("Arjun Mehta", "Write up the success criteria", dt.date(2026, 11, 19))
    ]


def test_by_then_is_a_deadline_not_a_revision() -> None:
    found = run(
        [
            (BUYER.name, "I'll get Greg on a call with you before the 15th."),
            (SELLER.name, "Our budget for 2027 locks on the 11th, so it has to be in by then."),
        ]
    ).commitments
    assert [(c.action, c.due_date) for c in found] == [
        ("Get Greg on a call with Daniel", dt.date(2026, 12, 14))
    ]


def test_the_date_the_asker_adds_or_the_one_asked_gives() -> None:
    found = run(
        [
            (
                BUYER.name,
                "Could you get us a sample report? Like, the PDF? By Wednesday, if possible.",
            ),
            (SELLER.name, "Yeah, for sure."),
            (SELLER.name, "Would you be able to send the licence numbers?"),
            (BUYER.name, "Yeah, no bother. Give me till the end of the week."),
        ]
    ).commitments
    assert [c.due_date for c in found] == [dt.date(2026, 11, 25), dt.date(2026, 11, 20)]


def test_a_date_then_opening_a_sentence_moves_the_step() -> None:
    found = run(
        [
            (SELLER.name, "So I'll get a pilot proposal to you by Friday."),
            (BUYER.name, "Friday's the holiday, nobody reads email."),
            (SELLER.name, "Ha, fair. Monday then, pilot proposal in your inbox, first thing."),
        ]
    ).commitments
    assert [(c.action, c.due_date) for c in found] == [
        ("Get a pilot proposal to Sarah", dt.date(2026, 11, 23))
    ]


def test_a_step_named_with_that_is_a_step_of_its_own_not_a_restatement() -> None:
    found = run(
        [
            (SELLER.name, "Could you send the licence numbers?"),
            (BUYER.name, "Yeah, no bother. Give me till the end of the week."),
            (BUYER.name, "And I'll send that letter before the end of December."),
        ]
    ).commitments
    assert [(c.action, c.due_date) for c in found] == [
        ("Send the licence numbers", dt.date(2026, 11, 20)),
        ("Send that letter", dt.date(2026, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("lines", "action", "due"),
    [
        (  # the date corrected within the sentence
            [
                (
                    SELLER.name,
                    "And I'll send the steering deck Thursday, actually no, make it Monday.",
                )
            ],
            "Send the steering deck",
            dt.date(2026, 11, 23),
        ),
        (  # "Actually no, ..." then the date alone
            [
                (BUYER.name, "Let me take the terms to treasury and come back to you by Friday."),
                (BUYER.name, "Actually no, Friday's a holiday here. Monday."),
            ],
            "Take the terms to treasury and come back to you",
            dt.date(2026, 11, 23),
        ),
        (  # "instead" moves the speaker's own step whatever the verb
            [
                (SELLER.name, "I'll send you a sample of the event schema by Thursday."),
                (BUYER.name, "Great. And I'll present the results to the board on the 8th."),
                (SELLER.name, "Sarah, Thursday's tight. I'll get it to you Monday instead."),
            ],
            "Send Sarah a sample of the event schema",
            dt.date(2026, 11, 23),
        ),
        (  # a day said with what it is for
            [
                (SELLER.name, "Then we can have the SNMP collector tested by end of next week."),
                (SELLER.name, "Actually, let's say the 13th for the SNMP test, to be safe."),
            ],
            "Test the SNMP collector",
            dt.date(2026, 12, 13),
        ),
    ],
)
def test_a_date_said_again_moves_the_step(
    lines: list[tuple[str, str]], action: str, due: dt.date
) -> None:
    moved = next(c for c in run(lines).commitments if c.action == action)
    assert moved.due_date == due
    assert [c.action for c in run(lines).commitments].count(action) == 1


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [(BUYER.name, "The partners meet on the 25th. I'll put the proposal to them then.")],
            [(BUYER.name, "Put the proposal to them then", dt.date(2026, 11, 25))],
        ),
        (
            [
                (
                    BUYER.name,
                    "Phase two goes to the budget meeting on the 25th. I'll make the case for "
                    "phase two at that meeting.",
                )
            ],
            [(BUYER.name, "Make the case for phase two at that meeting", dt.date(2026, 11, 25))],
        ),
        (  # the occasion must be the speaker's, just before
            [
                (SELLER.name, "The partners meet on the 18th."),
                (BUYER.name, "I'll make the case then."),
            ],
            [],
        ),
    ],
)
def test_a_promise_for_the_occasion_just_named_takes_its_day(
    lines: list[tuple[str, str]], expected: list[tuple[str, str, dt.date]]
) -> None:
    assert [(c.owner, c.action, c.due_date) for c in run(lines).commitments] == expected
