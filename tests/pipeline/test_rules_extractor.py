"""The offline extractor on the sample call's script and on the forms it must tell apart."""

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


# --- revisions -----------------------------------------------------------------------------
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


# --- what a pronoun points to --------------------------------------------------------------
def test_a_fronted_topic_replaces_the_pronoun() -> None:
    result = run(
        [
            (
                "Daniel Brooks",
                "And the three alerts with predict_linear, I'll re-tune those by Friday.",
            )
        ]
    )
    (commitment,) = result.commitments
    assert commitment.action == "Re-tune the three alerts with predict_linear"


def test_him_is_the_person_just_named() -> None:
    result = run(
        [
            ("Sarah Mitchell", "Our registrar, Martin Okafor, owns the student data."),
            ("Sarah Mitchell", "I'll loop him in this week."),
        ]
    )
    (commitment,) = result.commitments
    assert "Martin Okafor" in commitment.action


def test_they_is_the_group_the_speaker_just_named() -> None:
    result = run(
        [
            ("Daniel Brooks", "Where are we on the due diligence?"),
            ("Sarah Mitchell", "Our risk team will complete the due diligence by the 15th."),
            ("Sarah Mitchell", "They'll send you the questionnaire by December 4th."),
        ]
    )
    diligence, questionnaire = result.commitments
    assert diligence.owner_role == "risk team" and diligence.due_date == dt.date(2026, 12, 15)
    assert questionnaire.owner is None and questionnaire.owner_role == "risk team"
    assert questionnaire.owner_side == Side.BUYER
    assert questionnaire.due_date == dt.date(2026, 12, 4)
    assert questionnaire.action == "Send Daniel the questionnaire"


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


def test_a_reply_repeating_the_request_is_its_acceptance() -> None:
    result = run(
        [
            ("Sarah Mitchell", "Can you send me the list of customers who did that?"),
            ("Daniel Brooks", "I'll send you what I can share."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.owner == "Daniel Brooks" and "list of customers" in commitment.action


def test_a_clause_after_a_comma_is_not_part_of_the_action() -> None:
    result = run([("Daniel Brooks", "I'll ask today, no promises.")])
    (commitment,) = result.commitments
    assert commitment.action == "Ask"
    assert commitment.status == CommitmentStatus.TENTATIVE


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("Siemens has been pitching us pretty hard, I won't lie.", RiskKind.COMPETITOR),
        ("Our CTO keeps saying we could build it ourselves.", RiskKind.COMPETITOR),
        ("Grafana Cloud is the other finalist.", RiskKind.COMPETITOR),
        ("They've offered us a big discount to stay.", RiskKind.COMPETITOR),
        ("We budgeted flat for next year.", RiskKind.BUDGET),
        ("We're capped at six hundred thousand.", RiskKind.BUDGET),
        ("I won't put a date on that.", RiskKind.NO_DATE_COMMITMENT),
        (
            "I'm not going to give you a go-live date until Brian signs off.",
            RiskKind.NO_DATE_COMMITMENT,
        ),
        (
            "Honestly, I'm not sure whether the president signs or the board.",
            RiskKind.UNKNOWN_SIGNER,
        ),
        ("I'm not going to rush this for your quarter end.", RiskKind.TIMELINE),
        ("Student data is the thing that could kill this deal.", RiskKind.LEGAL),
        ("Between us, I'm leaving the company in March.", RiskKind.CHAMPION_LEAVING),
    ],
)
def test_risks_said_in_many_ways(said: str, kind: RiskKind) -> None:
    found = run([(BUYER.name, said)]).risks
    assert [r.kind for r in found] == [kind]


@pytest.mark.parametrize(
    "said",
    [
        "Let's get through it, I'm leaving early for the lake.",
        "Today is the last day of our quarter.",
        "We looked at the budget numbers together last week.",
    ],
)
def test_talk_that_sounds_like_a_risk_is_not_one(said: str) -> None:
    assert run([(BUYER.name, said)]).risks == ()


@pytest.mark.parametrize(
    ("said", "kind", "date"),
    [
        (
            "Ridgeway Motors is auditing us on April 15th.",
            KeyDateKind.COMPELLING_EVENT,
            "2027-04-15",
        ),
        (
            "We open two new hotels in Mallorca on April 1st.",
            KeyDateKind.COMPELLING_EVENT,
            "2027-04-01",
        ),
        (
            "Our contract with Heartland ends on March 31st.",
            KeyDateKind.COMPELLING_EVENT,
            "2027-03-31",
        ),
        (
            "Our current provider's contract ends on December 31st.",
            KeyDateKind.COMPELLING_EVENT,
            "2026-12-31",
        ),
        ("And the council adopts the budget on January 22nd.", KeyDateKind.BUDGET, "2027-01-22"),
        (
            "Capital requests have to be in by the end of February.",
            KeyDateKind.BUDGET,
            "2027-02-28",
        ),
        ("The board votes on December 15th.", KeyDateKind.MEETING, "2026-12-15"),
        ("We have to give notice by December 31st.", KeyDateKind.OTHER, "2026-12-31"),
        ("Your contract renews on January 31st.", KeyDateKind.RENEWAL, "2027-01-31"),
    ],
)
def test_key_dates_said_in_many_ways(said: str, kind: KeyDateKind, date: str) -> None:
    found = run([(BUYER.name, said)]).key_dates
    assert [(k.kind, k.date) for k in found] == [(kind, dt.date.fromisoformat(date))]


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
    ],
)
def test_promises_said_other_ways(
    lines: list[tuple[str, str]], owner: str, action: str, due: str
) -> None:
    found = run(lines).commitments
    assert [(c.owner, c.action, c.due_date) for c in found] == [
        (owner, action, dt.date.fromisoformat(due))
    ]


def test_a_passive_of_a_verb_that_delivers_nothing_is_not_a_commitment() -> None:
    assert run([(BUYER.name, "The go-live will be delayed by two weeks.")]).commitments == ()


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        (
            "We had GrainBridge in last month, and we also got a quote from QMSuite.",
            RiskKind.COMPETITOR,
        ),
        ("Corporate froze all software spend increases for the second half.", RiskKind.BUDGET),
        ("Our data has to stay in Singapore.", RiskKind.SECURITY),
        ("Our lawyers won't accept uncapped liability.", RiskKind.LEGAL),
        ("Honestly, March 1st feels tight.", RiskKind.TIMELINE),
        ("Nobody owns that.", RiskKind.UNNAMED_OWNER),
    ],
)
def test_more_risks(said: str, kind: RiskKind) -> None:
    assert [r.kind for r in run([(BUYER.name, said)]).risks] == [kind]


def test_a_key_date_takes_the_date_said_next_to_its_words() -> None:
    found = run(
        [(BUYER.name, "After the demo on the 20th, we file with the regulator on January 8th.")]
    ).key_dates
    assert [(k.kind, k.date) for k in found] == [
        (KeyDateKind.COMPELLING_EVENT, dt.date(2027, 1, 8))
    ]


def test_a_goal_said_in_the_first_person_with_a_metric_is_an_outcome() -> None:
    found = run([(BUYER.name, "I want that down to three days by the end of Q1.")]).outcomes
    assert [(o.metric, o.target_date) for o in found] == [
        ("down to three days", dt.date(2027, 3, 31))
    ]


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
    assert (SELLER.name, "Send a mutual NDA template over", dt.date(2026, 11, 18)) in [
        (c.owner, c.action, c.due_date) for c in found
    ]


def test_a_department_named_bare_owns_its_step() -> None:
    found = run(
        [(BUYER.name, "Realistically, legal will review the MSA in a week or two.")]
    ).commitments
    assert [(c.owner, c.owner_role, c.owner_side, c.action, c.due_date) for c in found] == [
        (None, "legal", Side.BUYER, "Review the MSA", dt.date(2026, 12, 2))
    ]


def test_a_date_said_as_an_afterthought_is_the_deadline() -> None:
    found = run(
        [(BUYER.name, "And I'll get you the truck counts by site. Next week, though, I'm swamped.")]
    ).commitments
    assert [(c.action, c.due_date) for c in found] == [
        ("Get you the truck counts by site", dt.date(2026, 11, 27))  # nobody else spoke
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


def test_a_date_before_another_clause_is_not_its_deadline() -> None:
    found = run(
        [(SELLER.name, "You'll have the case study from me by Friday, and I'll send the deck too.")]
    ).commitments
    assert sorted((c.action, c.due_date or dt.date.max) for c in found) == [
        ("Send the case study", dt.date(2026, 11, 20)),
        ("Send the deck too", dt.date.max),  # no date
    ]


def test_the_date_in_the_reply_wins() -> None:
    found = run(
        [
            (SELLER.name, "Can you send the export by the end of next week?"),
            (BUYER.name, "Yep, by Thursday."),
        ]
    ).commitments
    assert [(c.owner, c.due_date) for c in found] == [(BUYER.name, dt.date(2026, 11, 19))]


def test_i_will_see_you_have_it() -> None:
    found = run(
        [(SELLER.name, "And the hypercare rota, I'll see you have it by tomorrow.")]
    ).commitments
    assert [(c.action, c.due_date) for c in found] == [
        ("Send the hypercare rota", dt.date(2026, 11, 19))
    ]
