"""The offline extractor on the sample call's script and on the forms of a commitment it must tell
apart. Revisions, pronouns, recaps, people and risks/key dates have test files of their own."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from pipeline.extract import RulesExtractor, extract
from pipeline.ingest import ingest
from pipeline.models import (
    CommitmentStatus,
    Extraction,
    KeyDateKind,
    RiskKind,
    Role,
    Side,
    Transcript,
)
from pipeline.speakers import attribute_speakers
from tests.builders import BUYER, SAMPLE, SELLER, context, transcript

EXPECTED: dict[str, Any] = json.loads((SAMPLE / "expected.json").read_text("utf-8"))


def run(lines: list[tuple[str, str]], call_date: dt.date = dt.date(2026, 11, 18)) -> Extraction:
    return extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(call_date))


@pytest.fixture(scope="module")
def sample() -> Extraction:
    script = ingest(SAMPLE / "script.txt")
    assert isinstance(script, Transcript)
    ctx = context()
    return extract(attribute_speakers(script, ctx.participants), RulesExtractor(), ctx)


def test_sample_script_commitments_match_the_answer_key(sample: Extraction) -> None:
    committed = [c for c in sample.commitments if c.status == CommitmentStatus.COMMITTED]
    expected = [c for c in EXPECTED["commitments"] if c["status"] == "committed"]
    assert len(committed) == len(expected)
    for gold in expected:
        hits = [
            c
            for c in committed
            if all(k.lower() in c.action.lower() for k in gold["action_keywords"])
        ]
        assert len(hits) == 1, f"{gold['action_keywords']} not found once in {committed}"
        found = hits[0]
        assert found.owner == gold["owner"]
        assert found.owner_side == gold["owner_side"]
        assert found.due_date == dt.date.fromisoformat(gold["due_date"]), gold
        assert found.due_precision == gold["due_precision"], gold


def test_sample_script_tentative_offer_and_refusal(sample: Extraction) -> None:
    tentative = [c for c in sample.commitments if c.status == CommitmentStatus.TENTATIVE]
    assert [c.owner for c in tentative] == ["Daniel Brooks"]
    assert "reference call" in tentative[0].action
    refusals = [r for r in sample.risks if r.kind == RiskKind.NO_DATE_COMMITMENT]
    assert len(refusals) == 1 and "legal review" in refusals[0].evidence[0].quote


def test_sample_script_stakeholders_outcome_and_key_dates(sample: Extraction) -> None:
    by_name = {s.name: s for s in sample.stakeholders}
    for gold in EXPECTED["stakeholders"]:
        assert gold["name"] in by_name, gold
        assert by_name[gold["name"]].side == gold["side"]
    assert by_name["Karen Patel"].role == Role.ECONOMIC_BUYER
    assert by_name["Tom Baker"].role == Role.SECURITY
    outcome = sample.outcomes[0]
    assert "month-end close" in outcome.statement and outcome.stated_by == "Sarah Mitchell"
    assert outcome.metric == "from ten days to five"
    assert outcome.target_date == dt.date(2027, 9, 30)
    dates = {(k.kind, k.date) for k in sample.key_dates}
    assert (KeyDateKind.GO_LIVE, dt.date(2027, 6, 1)) in dates
    assert (KeyDateKind.COMPELLING_EVENT, dt.date(2027, 6, 30)) in dates


def test_every_quote_is_the_transcripts_own_words(sample: Extraction) -> None:
    script = (SAMPLE / "script.txt").read_text("utf-8")
    items = [
        *sample.outcomes,
        *sample.stakeholders,
        *sample.commitments,
        *sample.key_dates,
        *sample.risks,
    ]
    assert items
    for item in items:
        for evidence in item.evidence:
            assert evidence.quote in script
    assert sample.grounding.dropped == 0


def test_request_accepted_by_the_other_party_belongs_to_who_accepted() -> None:
    result = run(
        [
            ("Sarah Mitchell", "Can you send me the pricing proposal by next Tuesday?"),
            ("Daniel Brooks", "Sure, no problem."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.owner == "Daniel Brooks" and commitment.owner_side == Side.SELLER
    assert commitment.due_date == dt.date(2026, 11, 24)
    assert "pricing proposal" in commitment.action
    assert len(commitment.evidence) == 2


def test_declined_request_is_not_a_commitment() -> None:
    result = run(
        [
            ("Sarah Mitchell", "Can you send me the pricing proposal by next Tuesday?"),
            ("Daniel Brooks", "I can't do that before December, sorry."),
        ]
    )
    assert result.commitments == ()


def test_past_events_vague_offers_and_questions_are_not_commitments() -> None:
    result = run(
        [
            ("Sarah Mitchell", "We did a demo with another vendor last week."),
            ("Daniel Brooks", "We can come back to that later."),
            ("Daniel Brooks", "Will you be at the conference in March?"),
            ("Sarah Mitchell", "I think we'll see how it goes."),
        ]
    )
    assert result.commitments == ()


def test_role_owner_is_kept_as_a_role_and_flagged() -> None:
    result = run([("Sarah Mitchell", "Our legal team will review the MSA by December 4th.")])
    (commitment,) = result.commitments
    assert commitment.owner is None and commitment.owner_role == "legal team"
    assert commitment.owner_side == Side.BUYER
    assert commitment.due_date == dt.date(2026, 12, 4)


def test_third_person_needs_a_known_person() -> None:
    result = run(
        [
            ("Sarah Mitchell", "Tom Baker is our director of IT security."),
            ("Sarah Mitchell", "Tom will review the questionnaire by Monday."),
            ("Sarah Mitchell", "Everything will change by Monday."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.owner == "Tom Baker" and commitment.owner_side == Side.BUYER
    assert commitment.due_date == dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("said", "action"),
    [
        ("I'll ask if they'd take a reference call.", "Ask if they'd take a reference call"),
        ("I can check with our quality team.", "Check with our quality team"),
    ],
)
def test_asking_around_is_owed_without_a_date(said: str, action: str) -> None:
    result = run([("Daniel Brooks", said)])
    assert [c.action for c in result.commitments] == [action]


@pytest.mark.parametrize(
    "said",
    [
        "I'll hold you to that.",
        "Okay, I'll let you go, enjoy the long weekend!",
        "That's faster than the whiteboard, I'll give you that.",
        "Carmen's going to take over as project lead.",
        "Sure, that's on me.",
    ],
)
def test_sayings_that_sound_like_promises_are_not_steps(said: str) -> None:
    assert not run([("Daniel Brooks", said)]).commitments


def test_a_hedge_said_after_the_offer_keeps_it_tentative() -> None:
    said = "I could probably get our data lead on the demo too, let me see if I can."
    (offer,) = run([("Daniel Brooks", said)]).commitments
    assert offer.action == "Get our data lead on the demo too"
    assert offer.status == CommitmentStatus.TENTATIVE


def test_a_department_at_the_start_of_a_sentence_owns_its_step() -> None:
    said = "And procurement will issue the PO once Gordon signs the change order."
    (step,) = run([("Sarah Mitchell", said)]).commitments
    assert (step.owner, step.owner_role, step.action) == (None, "procurement", "Issue the PO")


def test_a_result_someone_else_brings_about_keeps_its_words() -> None:
    result = run([("Sarah Mitchell", "I'll have the DPA signed before the 25th.")])
    assert [c.action for c in result.commitments] == ["Have the DPA signed"]


def test_an_offer_the_speaker_then_takes_on_is_a_commitment() -> None:
    said = "Let me mock up how we'd handle the compact check for you. Leave it with me."
    found = run([("Daniel Brooks", said)]).commitments
    assert [c.action for c in found] == ["Mock up how we'd handle the compact check for you"]


def test_gonna_is_a_promise_as_speech_to_text_writes_it() -> None:
    result = run([("Daniel Brooks", "I'm gonna send the revised proposal by Friday.")])
    assert [(c.action, c.due_date) for c in result.commitments] == [
        ("Send the revised proposal", dt.date(2026, 11, 20))
    ]


# --- talk, not commitments -----------------------------------------------------------------
def test_a_place_is_not_a_person() -> None:
    result = run(
        [("Sarah Mitchell", "Our migration team in Lisbon will read the minutes on Friday.")]
    )
    assert all(c.owner != "Lisbon" for c in result.commitments)


def test_wishes_bare_verbs_and_in_call_requests_are_not_commitments() -> None:
    result = run(
        [
            ("Daniel Brooks", "Then let's make sure the new system gives you a quieter year."),
            ("Sarah Mitchell", "Send me the spec and I'll start."),
            ("Daniel Brooks", "Sarah, could you give me the two-minute version of your setup?"),
            ("Sarah Mitchell", "Sure."),
            ("Daniel Brooks", "I'll walk you through it."),
        ]
    )
    assert result.commitments == ()


def test_let_me_check_is_a_follow_up_owed() -> None:
    result = run(
        [
            ("Daniel Brooks", "You can bring your own key, some customers do."),
            ("Sarah Mitchell", "We might. Let me check what our contracts say."),
            ("Daniel Brooks", "I might be able to waive the fee. Let me check with finance."),
        ]
    )
    check, waive = result.commitments
    assert check.owner == "Sarah Mitchell" and check.action == "Check what our contracts say"
    assert waive.status == CommitmentStatus.TENTATIVE  # its check is part of the offer


def test_what_the_step_comes_with_stays_in_the_action() -> None:
    said = "And I'll get the proposal over by Wednesday, with pricing for the full fleet."
    (step,) = run([("Daniel Brooks", said)]).commitments
    assert step.action == "Get the proposal over, with pricing for the full fleet"


def test_the_reason_after_so_is_not_part_of_the_action() -> None:
    (step,) = run([("Sarah Mitchell", "I'll loop Doug in so he's not surprised.")]).commitments
    assert step.action == "Loop Doug in"


@pytest.mark.parametrize(
    "said",
    [
        "I'll get our security team to send over the pen test summary by Friday.",
        "The pen test summary will be sent over by our security team by Friday.",
    ],
)
def test_a_team_the_speaker_hands_a_step_to_owns_it(said: str) -> None:
    (step,) = run([("Daniel Brooks", said)]).commitments
    assert (step.owner, step.owner_role, step.owner_side) == (None, "security team", Side.SELLER)
    assert step.due_date == dt.date(2026, 11, 20)


def test_a_year_said_as_a_possessive_is_no_deadline() -> None:
    said = "I could probably hold this year's rate card if you sign."
    (offer,) = run([("Daniel Brooks", said)]).commitments
    assert (offer.action, offer.due_date) == ("Hold this year's rate card", None)


def test_asking_someone_is_the_speakers_step_not_theirs() -> None:
    found = run([("Sarah Mitchell", "I'll ask Marty this week.")]).commitments
    assert [(c.owner, c.action) for c in found] == [("Sarah Mitchell", "Ask Marty")]


def test_a_delegate_named_with_their_role_owns_the_step() -> None:
    said = "I'll get Grace, our DPO, to look at your DPA by Friday."
    found = run([("Sarah Mitchell", said)]).commitments
    assert [(c.owner, c.action) for c in found] == [("Grace", "Look at your DPA")]


def test_a_clause_after_a_comma_is_not_part_of_the_action() -> None:
    result = run([("Daniel Brooks", "I'll ask finance today, no promises.")])
    (commitment,) = result.commitments
    assert commitment.action == "Ask finance"
    assert commitment.status == CommitmentStatus.TENTATIVE


def test_an_undated_we_promise_names_what_is_owed() -> None:
    found = run(
        [
            (SELLER.name, "Great, we'll add the new trading desks to the surveillance scope."),
            (BUYER.name, "Good. We'll go from there."),
            (SELLER.name, "We'll talk about it in the weekly review."),
        ]
    ).commitments
    assert [(c.owner, c.action) for c in found] == [
        (SELLER.name, "Add the new trading desks to the surveillance scope")
    ]


def test_a_question_to_the_room_and_a_condition_are_not_commitments() -> None:
    found = run(
        [
            (SELLER.name, "Can you guys hear me?"),
            (BUYER.name, "Yes, loud and clear."),
            (SELLER.name, "If we're going to introduce a new tier, we should price it."),
            (BUYER.name, "Can you all send the tier sheet by Friday?"),
            (SELLER.name, "Sure."),
        ]
    ).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (SELLER.name, "Send the tier sheet", dt.date(2026, 11, 20))
    ]


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


@pytest.mark.parametrize(
    "said",
    [
        "Ja, I will try for next week.",  # one verb that names no step
        "Then the collector install, we'll do on the 7th. Sure.",
        "Charlotte asked me to join so we can actually close things today.",  # a purpose
    ],
)
def test_words_that_name_no_step_are_no_commitment(said: str) -> None:
    assert [
        c.action for c in run([(BUYER.name, said)]).commitments if len(c.action.split()) < 2
    ] == []
    assert all(
        "close things" not in c.action.lower() for c in run([(BUYER.name, said)]).commitments
    )


def test_so_opening_a_sentence_is_no_purpose() -> None:
    said = "So we'll have the interface spec for the mapping done in two weeks."
    (commitment,) = run([(SELLER.name, said)]).commitments
    assert (commitment.action, commitment.due_date) == (
        "Finish the interface spec for the mapping",
        dt.date(2026, 12, 2),
    )


def test_one_word_that_is_a_whole_step_stands_with_a_date() -> None:
    (commitment,) = run(
        [(BUYER.name, "If the committee approves, I can sign on the 23rd.")]
    ).commitments
    assert (commitment.action, commitment.due_date) == ("Sign", dt.date(2026, 11, 23))


def test_a_passive_of_a_verb_that_delivers_nothing_is_not_a_commitment() -> None:
    assert run([(BUYER.name, "The go-live will be delayed by two weeks.")]).commitments == ()


def test_a_date_in_a_clause_about_someone_else_is_not_the_deadline() -> None:
    found = run(
        [
            (
                BUYER.name,
                "I'll send the deck to Samuel, but he travels a lot in December. No promises.",
            )
        ]
    ).commitments
    assert [(c.action, c.due_date, c.status) for c in found] == [
        ("Send the deck to Samuel", None, CommitmentStatus.TENTATIVE)
    ]


def test_a_request_another_person_accepted_is_not_this_speakers_answer() -> None:
    found = run(
        [
            (BUYER.name, "Can you also send me your SOC 2 report?"),
            ("Amira Haddad", "Sure, that's on me."),
            (SELLER.name, "We have a mutual NDA template. I'll send that over this afternoon."),
        ]
    ).commitments
    assert (SELLER.name, "Send a mutual NDA template", dt.date(2026, 11, 18)) in [
        (c.owner, c.action, c.due_date) for c in found
    ]


def test_a_department_named_bare_owns_its_step() -> None:
    found = run(
        [(BUYER.name, "Realistically, legal will review the MSA in a week or two.")]
    ).commitments
    assert [(c.owner, c.owner_role, c.owner_side, c.action, c.due_date) for c in found] == [
        (None, "legal", Side.BUYER, "Review the MSA", dt.date(2026, 12, 2))
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
    ],
)
def test_who_takes_it_on(lines: list[tuple[str, str]], expected: tuple[str, str, str]) -> None:
    found = run(lines).commitments
    assert [(c.owner, c.action, c.due_date.isoformat() if c.due_date else None) for c in found] == [
        expected
    ]


def test_a_date_before_another_clause_is_not_its_deadline() -> None:
    found = run(
        [(SELLER.name, "You'll have the case study from me by Friday, and I'll send the deck too.")]
    ).commitments
    assert sorted((c.action, c.due_date or dt.date.max) for c in found) == [
        ("Send the case study", dt.date(2026, 11, 20)),
        ("Send the deck too", dt.date.max),  # no date
    ]


def test_i_will_see_you_have_it() -> None:
    found = run(
        [(SELLER.name, "And the hypercare rota, I'll see you have it by tomorrow.")]
    ).commitments
    assert [(c.action, c.due_date) for c in found] == [
        ("Send the hypercare rota", dt.date(2026, 11, 19))
    ]
