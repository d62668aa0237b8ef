"""The offline extractor on the many ways a commitment is said: third person, "you'll have it",
handed to someone else, steps listed in order, colleagues by department, rough transcripts.
(Requests and who takes them on: test_rules_requests.py.)"""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import RulesExtractor, extract
from pipeline.models import Extraction
from tests.builders import BUYER, SELLER, context, steps, transcript


def run(lines: list[tuple[str, str]], call_date: dt.date = dt.date(2026, 11, 18)) -> Extraction:
    return extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(call_date))


@pytest.mark.parametrize(
    ("lines", "owner", "action", "due"),
    [
        (
            [(BUYER.name, "Expect the redlines from us early next week.")],
            BUYER.name,
            "Send the redlines",
            "2026-11-24",  # call Wed 2026-11-18: early next week is its Tuesday
        ),
        (
            [(BUYER.name, "Count me in for the workshop on the 9th.")],
            BUYER.name,
            "Attend the workshop",
            "2026-12-09",
        ),
        (
            [(SELLER.name, "Our plan is to kick off the pilot on December 7th.")],
            SELLER.name,
            "Kick off the pilot",
            "2026-12-07",
        ),
        (
            [(SELLER.name, "And the SOW will be sent over by the 20th.")],
            SELLER.name,
            "Send over the SOW",
            "2026-11-20",
        ),
        (
            [(BUYER.name, "Raj from our IT team will provision the SSO by Friday.")],
            "Raj",
            "Provision the SSO",
            "2026-11-20",
        ),
        (
            [
                (
                    BUYER.name,
                    "Our contact there, Hugo Marchand, said he'll enable the keys by the 30th.",
                )
            ],
            "Hugo Marchand",
            "Enable the keys",
            "2026-11-30",
        ),
        (
            [
                (SELLER.name, "Could we get the ticket file layout?"),
                (BUYER.name, "Leave it to me, I'll make sure you have it by Friday."),
            ],
            BUYER.name,
            "Send the ticket file layout",
            "2026-11-20",
        ),
        (
            [
                (BUYER.name, "And the insurance certificates, for vendor onboarding."),
                (SELLER.name, "Yes, I'll send them this week."),
            ],
            SELLER.name,
            "Send the insurance certificates for vendor onboarding",
            "2026-11-20",
        ),
        (  # owed, and said twice in one sentence: one step, the date of the second
            [
                (
                    SELLER.name,
                    "I owe you the case study from the Ohio chain, I'll get that over to you "
                    "today.",
                )
            ],
            SELLER.name,
            "Send the case study from the Ohio chain",
            "2026-11-18",
        ),
        (  # an order the other side takes on
            [
                (BUYER.name, "Send me the revised order form this afternoon."),
                (SELLER.name, "Can do."),
            ],
            SELLER.name,
            "Send Sarah the revised order form",
            "2026-11-18",
        ),
        (  # who the owner is, between commas
            [(BUYER.name, "Sam from Bytewise, our IT contractor, will do the SSO setup Friday.")],
            "Sam",
            "Do the SSO setup",
            "2026-11-20",
        ),
        (  # what the speaker named first is theirs to send; its date follows
            [(SELLER.name, "Battery data for reefers, that's on me. Thursday.")],
            SELLER.name,
            "Send battery data for reefers",
            "2026-11-19",
        ),
        (
            [(SELLER.name, "Action item for me: steering invites go out this week.")],
            SELLER.name,
            "Steering invites go out",
            "2026-11-20",
        ),
        (  # asked for with no article; "Can." takes it on
            [(SELLER.name, "Could you share a sample?"), (BUYER.name, "Can. Tomorrow.")],
            BUYER.name,
            "Share a sample",
            "2026-11-19",
        ),
        (
            [
                (BUYER.name, "Can we see seat usage broken out by lab?"),
                (SELLER.name, "Sure, leave it with me, you'll have it Monday."),
            ],
            SELLER.name,
            "Send seat usage broken out by lab",
            "2026-11-23",
        ),
        (  # the present for the future, with a date; its object is what was asked for
            [
                (SELLER.name, "Can we get the full list of ticket types?"),
                (BUYER.name, "Yes, I send you by end of the week."),
            ],
            BUYER.name,
            "Send the full list of ticket types",
            "2026-11-20",
        ),
        (
            [
                (SELLER.name, "Our vendor file needs an updated W-9."),
                (BUYER.name, "Yep. I'll have finance send it over tomorrow."),
            ],
            None,
            "Send an updated W-9",
            "2026-11-19",
        ),
        (  # what the speaker recalls was asked for
            [(SELLER.name, "Sarah, you'd asked for references. I'll send those Thursday.")],
            SELLER.name,
            "Send references",
            "2026-11-19",
        ),
        (  # a tentative offer said as "let me see if I can"
            [
                (BUYER.name, "We can't do anything without a sandbox."),
                (SELLER.name, "Let me see if I can get you sandbox access by Friday."),
            ],
            SELLER.name,
            "Get Sarah sandbox access",
            "2026-11-20",
        ),
        (  # the speaker's own step said as its result
            [(BUYER.name, "And SSO, I'll have Okta configured by Friday.")],
            BUYER.name,
            "Configure Okta",
            "2026-11-20",
        ),
        (  # what the other side offered help with
            [
                (SELLER.name, "Do you want help with the business case?"),
                (BUYER.name, "I'm going to write it over the weekend, by Monday."),
            ],
            BUYER.name,
            "Write the business case over the weekend",
            "2026-11-23",
        ),
        (  # what was asked for ends where its reason begins
            [
                (BUYER.name, "On my side, I need your SOC 2 Type II before I start the review."),
                (SELLER.name, "You'll have it Monday."),
            ],
            SELLER.name,
            "Send the SOC 2 Type II",
            "2026-11-23",
        ),
        (  # "that" as the object survives the trimming, to be resolved
            [
                (SELLER.name, "We'll need a full export from DonorBase."),
                (BUYER.name, "Sure. I can have that by Friday."),
            ],
            BUYER.name,
            "Have a full export from DonorBase",
            "2026-11-20",
        ),
        (
            [
                (SELLER.name, "I'd need an export of your codes to map it properly."),
                (BUYER.name, "Yeah, I'll get that over to you first thing Monday."),
            ],
            BUYER.name,
            "Get an export of the codes over to Daniel",
            "2026-11-23",
        ),
    ],
)
def test_promises_said_other_ways(
    lines: list[tuple[str, str]], owner: str | None, action: str, due: str
) -> None:
    found = run(lines).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (owner, action, dt.date.fromisoformat(due))
    ]


def test_steps_listed_in_order_with_their_dates() -> None:
    found = run(
        [
            (SELLER.name, "Then the migration dry run before Christmas."),
            (SELLER.name, "And then the QBR on January 14th."),
            (BUYER.name, "Then the board meets, I suppose."),
        ]
    ).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (SELLER.name, "Migration dry run", dt.date(2026, 12, 24)),
        (SELLER.name, "QBR", dt.date(2027, 1, 14)),
    ]


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        ("I'd also like to set up a QBR on January 7th.", "Set up the QBR"),
        (
            "We'd like to upgrade you to version nine on January 7th.",
            "Upgrade Sarah to version nine",
        ),
    ],
)
def test_a_step_listed_in_order_keeps_the_verb_it_was_named_with(
    earlier: str, expected: str
) -> None:
    step = "QBR" if "QBR" in earlier else "upgrade"
    found = run(
        [
            (SELLER.name, earlier),
            (BUYER.name, "I'm on vacation that week."),
            (SELLER.name, f"Okay. Then let's do the {step} on January 14th."),
        ]
    ).commitments
    assert [(c.action, c.due_date) for c in found] == [(expected, dt.date(2027, 1, 14))]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [(SELLER.name, "You'll have the case study from me by Wednesday.")],
            [(SELLER.name, "Send the case study", "2026-11-25", "committed")],
        ),
        (
            [
                (
                    BUYER.name,
                    "I'll have Gemma from procurement send over the onboarding pack by Friday.",
                )
            ],
            [("Gemma", "Send over the onboarding pack", "2026-11-20", "committed")],
        ),
        (
            [
                (SELLER.name, "Can you own the wafer map export?"),
                (BUYER.name, "Yes. By the 27th."),
            ],
            [(BUYER.name, "Own the wafer map export", "2026-11-27", "committed")],
        ),
        (
            [
                (BUYER.name, "Lena is going to own the data mapping, right Lena?"),
                ("Lena Fischer", "Yep, by the 29th."),
            ],
            [("Lena", "Own the data mapping", "2026-11-29", "committed")],
        ),
        (
            [(BUYER.name, "I'll open the firewall ports for the test server, hopefully Thursday.")],
            [
                (
                    BUYER.name,
                    "Open the firewall ports for the test server",
                    "2026-11-19",
                    "tentative",
                )
            ],
        ),
        (
            [(SELLER.name, "I'll drop my notes in the chat by tomorrow.")],
            [],
        ),
        ([(BUYER.name, "And I'll flag now, they won't sign an uncapped indemnity.")], []),
        ([(BUYER.name, "That's the kitchen, sorry. I'll shut the door. Better?")], []),
        ([(SELLER.name, "Sarah's going to join in about ten minutes.")], []),
        ([(BUYER.name, "I'll share the link here. And I'll begin with my update.")], []),
    ],
)
def test_more_ways_to_promise(
    lines: list[tuple[str, str]], expected: list[tuple[str, str, str, str]]
) -> None:
    found = run(lines).commitments
    assert [
        (c.owner, c.action, c.due_date.isoformat() if c.due_date else None, c.status.value)
        for c in found
    ] == expected


def test_i_will_see_you_have_it() -> None:
    found = run(
        [(SELLER.name, "And the hypercare rota, I'll see you have it by tomorrow.")]
    ).commitments
    assert [(c.action, c.due_date) for c in found] == [
        ("Send the hypercare rota", dt.date(2026, 11, 19))
    ]


def test_a_passive_of_a_verb_that_delivers_nothing_is_not_a_commitment() -> None:
    assert run([(BUYER.name, "The go-live will be delayed by two weeks.")]).commitments == ()


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [(BUYER.name, "Sharon in finance'll pull the card fees by the end of the month.")],
            [("Sharon", "Pull the card fees", "2026-11-30")],
        ),
        (
            [(BUYER.name, "Bisi from procurement will send the vendor forms on Monday.")],
            [("Bisi", "Send the vendor forms", "2026-11-23")],
        ),
        (
            [(BUYER.name, "Huw there said he'll look at the single sign-on next week.")],
            [("Huw", "Look at the single sign-on", "2026-11-27")],
        ),
        (
            [
                (
                    BUYER.name,
                    "Nathalie Bélanger, our controller, will confirm the budget next Tuesday.",
                )
            ],
            [("Nathalie Bélanger", "Confirm the budget", "2026-11-24")],
        ),
        (  # speech-to-text without apostrophes
            [(SELLER.name, "and ill set up a call with our tucson customer this week")],
            [(SELLER.name, "Set up a call with our tucson customer", "2026-11-20")],
        ),
        (  # ... after a yes
            [(SELLER.name, "yeah ill set up a sandbox with your case types by friday")],
            [(SELLER.name, "Set up a sandbox with your case types", "2026-11-20")],
        ),
        ([(BUYER.name, "I was ill last week, sorry.")], []),
        ([(BUYER.name, "Yeah, ill health kept him out.")], []),
        (  # people brought to a session
            [
                (SELLER.name, "Let's do the alert migration workshop on the 14th."),
                (BUYER.name, "The 14th works. I'll get the leads there."),
            ],
            [
                (SELLER.name, "Do the alert migration workshop", "2026-12-14"),
                (BUYER.name, "Bring the leads to the workshop", None),
            ],
        ),
        (
            [(BUYER.name, "Tom's taking over ops. I'll get Tom on the kickoff.")],
            [(BUYER.name, "Bring Tom to the kickoff", None)],
        ),
        (  # a word that opens the sentence is no part of the name
            [(BUYER.name, "He's off today. But Ravi will send you the list by Friday.")],
            [("Ravi", "Send you the list", "2026-11-20")],
        ),
        (
            [(BUYER.name, "I'll get the board approval after the CNY break.")],
            [(BUYER.name, "Get the board approval after the CNY break", None)],
        ),
    ],
)
def test_colleagues_by_department_names_with_accents_and_rough_transcripts(
    lines: list[tuple[str, str]], expected: list[tuple[str, str, str | None]]
) -> None:
    assert steps(run(lines).commitments) == expected
