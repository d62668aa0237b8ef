"""What a pronoun or a bare reply in a commitment points to, when the call says it plainly."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import RulesExtractor, extract
from pipeline.models import Extraction, Side
from tests.builders import BUYER, SELLER, context, steps, transcript


def run(lines: list[tuple[str, str]], call_date: dt.date = dt.date(2026, 11, 18)) -> Extraction:
    return extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(call_date))


@pytest.mark.parametrize(
    ("said", "action"),
    [
        (
            "And the three alerts with predict_linear, I'll re-tune those by Friday.",
            "Re-tune the three alerts with predict_linear",
        ),
        (  # no determiner, but what it is for
            "Great. Then training for the dispatchers, I'll schedule that for the week of the 7th.",
            "Schedule training for the dispatchers",
        ),
        ("Good question, I'll check that by Friday.", "Check that"),  # a reply, not a topic
    ],
)
def test_a_fronted_topic_replaces_the_pronoun(said: str, action: str) -> None:
    (commitment,) = run([("Daniel Brooks", said)]).commitments
    assert commitment.action == action


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


def test_another_persons_it_is_what_the_step_before_is_about() -> None:
    result = run(
        [
            ("Daniel Brooks", "I'll draft the success criteria document and send it tomorrow."),
            ("Sarah Mitchell", "Then I'll sign off on it by next Thursday."),
        ]
    )
    assert [(c.owner, c.action) for c in result.commitments] == [
        ("Daniel Brooks", "Draft the success criteria document and send it"),
        ("Sarah Mitchell", "Sign off on the success criteria document"),
    ]


def test_a_demonstrative_before_a_noun_is_no_pronoun() -> None:
    found = run(
        [
            (BUYER.name, "We'll need an isolated tenant for the pen test."),
            (SELLER.name, "We can have that tenant up the week of the 30th."),
        ]
    ).commitments
    assert [c.action for c in found] == ["Have that tenant up"]


def test_a_reply_repeating_the_request_is_its_acceptance() -> None:
    result = run(
        [
            ("Sarah Mitchell", "Can you send me the list of customers who did that?"),
            ("Daniel Brooks", "I'll send you what I can share."),
        ]
    )
    (commitment,) = result.commitments
    assert commitment.owner == "Daniel Brooks" and "list of customers" in commitment.action


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (  # a date alone accepts the request
            [
                (SELLER.name, "Can you send us the pen test scope, so we can prep the unit?"),
                (BUYER.name, "By Tuesday."),
            ],
            (BUYER.name, "Send Daniel the pen test scope", dt.date(2026, 11, 24)),
        ),
        (  # "have that to you": sent; "that" is what was asked for, "your" is the sender's
            [
                (BUYER.name, "Okay, I need your network architecture diagram."),
                (SELLER.name, "I can have that to you Monday."),
            ],
            (SELLER.name, "Send the network architecture diagram to Sarah", dt.date(2026, 11, 23)),
        ),
        (
            [(SELLER.name, "We're going to have a proposal with you the week of the 30th.")],
            (SELLER.name, "Send a proposal", dt.date(2026, 12, 4)),  # that week, by its Friday
        ),
        (  # back to you: a thing sent back, unlike "get back to you"
            [
                (SELLER.name, "Where are we on the redlines?"),
                (BUYER.name, "I'll have the redlines back to you by Friday."),
            ],
            (BUYER.name, "Send the redlines back to Daniel", dt.date(2026, 11, 20)),
        ),
        (  # "both of those", handed to a person in a team
            [
                (BUYER.name, "Diligence still needs your SOC 1 letter and your BCP results."),
                (SELLER.name, "I'll get Dana in our compliance team to send both of those today."),
            ],
            ("Dana", "Send the SOC 1 letter and the BCP results", dt.date(2026, 11, 18)),
        ),
    ],
)
def test_what_a_reply_sends(
    lines: list[tuple[str, str]], expected: tuple[str, str, dt.date]
) -> None:
    (commitment,) = run(lines).commitments
    assert (commitment.owner, commitment.action, commitment.due_date) == expected


def test_a_question_back_or_a_date_among_other_words_accepts_nothing() -> None:
    asked = (SELLER.name, "Can you send us the pen test scope?")
    assert run([asked, (BUYER.name, "Tuesday?")]).commitments == ()
    busy = (BUYER.name, "Tuesday is our board meeting, so it's hard.")
    assert run([asked, busy]).commitments == ()


def test_a_person_brought_onto_a_call_is_not_handed_the_step() -> None:
    (commitment,) = run(
        [
            (SELLER.name, "Is Greg around?"),
            (BUYER.name, "I'll get Greg on a call with you before the 15th."),
        ]
    ).commitments
    assert (commitment.owner, commitment.action) == (BUYER.name, "Get Greg on a call with Daniel")


def test_an_undated_it_is_owed_when_it_is_the_thing_just_offered() -> None:
    offered = (SELLER.name, "Totally fine, we've got a third-party report. I'll send it over.")
    (commitment,) = run([(BUYER.name, "Do you have a pen test report?"), offered]).commitments
    assert (commitment.action, commitment.due_date) == ("Send a third-party report", None)
    assert run([(SELLER.name, "Sure. I'll send it over.")]).commitments == ()


def test_a_thing_said_before_the_subject_is_the_object_of_a_bare_verb() -> None:
    said = "The member list I'll extract myself, by the 15th. Cannot give to junior."
    (commitment,) = run([(BUYER.name, said)]).commitments
    assert commitment.action == "Extract the member list"
    (commitment,) = run([(SELLER.name, "Tomorrow I'll send the deck.")]).commitments
    assert commitment.action == "Send the deck"


def test_what_was_asked_since_wins_over_the_step_before() -> None:
    found = run(
        [
            (SELLER.name, "And I'll get Sam Reyes to confirm the Dolphin side next week."),
            (BUYER.name, "Can we get trial logins for two of the front desk team at Chatswood?"),
            (SELLER.name, "Yep, you'll have them Tuesday."),
        ]
    ).commitments
    assert [c.action for c in found][-1] == (
        "Send trial logins for two of the front desk team at Chatswood"
    )


@pytest.mark.parametrize(
    ("lines", "action"),
    [
        (
            [
                (BUYER.name, "What I don't have is the pen test report. Can you send it?"),
                (SELLER.name, "Will do, this arvo."),
            ],
            "Send the pen test report",
        ),
        (
            [(SELLER.name, "I can get you a call with their manager. I'll set it up Friday.")],
            "Set up a call with their manager",
        ),
        (
            [(BUYER.name, "Yes, Mr. Langat is the MD. I will brief him on Monday.")],
            "Brief Mr. Langat",
        ),
    ],
)
def test_what_it_and_him_point_to_said_by_the_same_speaker(
    lines: list[tuple[str, str]], action: str
) -> None:
    (commitment,) = run(lines).commitments
    assert commitment.action == action


def test_what_is_owed_is_what_that_points_to_and_an_assurance_is_no_step() -> None:
    owed = "I owe you revised unit pricing. I can get that to you in two weeks."
    assert [c.action for c in run([(SELLER.name, owed)]).commitments] == [
        "Send revised unit pricing"
    ]
    said = "But Ravi Shah will send the list. He'll have it to you by Friday, I'll make sure."
    assert [c.owner for c in run([(BUYER.name, said)]).commitments] == ["Ravi Shah"]


def test_a_clause_is_no_thing_named_alone_and_what_we_can_send_is() -> None:
    found = run(
        [
            (BUYER.name, "IT security will want to see the pen test. That one takes time."),
            (SELLER.name, "We can send the pen test summary. I'll send it by Monday."),
        ]
    ).commitments
    assert [c.action for c in found] == ["Send the pen test summary"]
    (commitment,) = run([(SELLER.name, "I'll send the deck by tomorrow EOD itself.")]).commitments
    assert commitment.action == "Send the deck"
    assert run([(BUYER.name, "I'll warn Callum now, he'll want to know.")]).commitments == ()


@pytest.mark.parametrize(
    ("lines", "action"),
    [
        (  # what the other side asked the team to pull
            [
                ("Daniel Brooks", "Could your team pull maybe fifty real invoices, anonymised?"),
                ("Sarah Mitchell", "Yeah, leave it with me. I'll have them to you Monday."),
            ],
            "Send fifty real invoices to Daniel",
        ),
        (  # what the speaker owes
            [
                ("Daniel Brooks", "Sarah, I owe you that reference with Riverside Savings."),
                ("Daniel Brooks", "I'll set it up for next week."),
            ],
            "Set up that reference with Riverside Savings",
        ),
        (  # not what someone merely has on: "I have the MD review on Monday"
            [
                ("Daniel Brooks", "I was planning to send the proposal by Monday."),
                ("Sarah Mitchell", "Can you bring it forward? I have the MD review on Monday."),
                ("Daniel Brooks", "No problem. I'll send it by tomorrow EOD."),
            ],
            "Send the proposal",
        ),
        (  # a thing said to be there
            [
                ("Sarah Mitchell", "And there's a new DPA in the renewal paperwork."),
                ("Sarah Mitchell", "I'll look at it by Friday."),
            ],
            "Look at the new DPA",
        ),
        (  # ... and a particle after the pronoun stays
            [
                ("Daniel Brooks", "There are a couple of open questions on the integration."),
                ("Daniel Brooks", "We'll turn those around by the 10th."),
            ],
            "Turn a couple of open questions around",
        ),
    ],
)
def test_as_a_last_resort_it_is_the_thing_just_asked_for_owed_or_worked_on(
    lines: list[tuple[str, str]], action: str
) -> None:
    assert action in [c.action for c in run(lines).commitments]


def test_with_nothing_handed_over_nearby_the_pronoun_stays() -> None:
    found = run(
        [
            ("Sarah Mitchell", "The works council has to see this."),
            ("Sarah Mitchell", "The works council will review it by mid-May."),
        ]
    ).commitments
    assert [c.action for c in found] == ["Review it"]


def test_an_undated_it_is_owed_when_a_thing_just_named_resolves_it() -> None:
    found = run(
        [
            ("Daniel Brooks", "We publish the exact read-only policy."),
            ("Sarah Mitchell", "Send me the policy, please, I'll put it in Terraform."),
        ]
    ).commitments
    assert ("Sarah Mitchell", "Put the policy in Terraform") in [(c.owner, c.action) for c in found]


def test_both_in_a_request_is_what_the_other_side_said_they_have() -> None:
    found = run(
        [
            ("Daniel Brooks", "We've got an integration sheet for referrals and a DPA for GDPR."),
            ("Sarah Mitchell", "Can you send both? The health board will ask for them."),
            ("Daniel Brooks", "I'll get them to you Monday."),
        ]
    ).commitments
    assert [(c.owner, c.action) for c in found] == [
        ("Daniel Brooks", "Send the integration sheet for referrals and the DPA for GDPR")
    ]


def test_time_asked_for_is_no_thing_to_review() -> None:
    lines = [
        (SELLER.name, "Would the attorney have time before the 8th?"),
        (BUYER.name, "The board's attorney will review it before the 8th."),
    ]
    (step,) = run(lines).commitments
    assert step.action == "Review it"


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "And the floor-by-floor checklist, I'll do that next week.",
            (BUYER.name, "Do the floor-by-floor checklist", "2026-11-27"),
        ),
        (
            "And the floor-by-floor checklist, I'll have Maricel do that next week.",
            ("Maricel", "Do the floor-by-floor checklist", "2026-11-27"),
        ),
    ],
)
def test_do_that_does_the_fronted_topic(said: str, expected: tuple[str, str, str]) -> None:
    assert steps(run([(BUYER.name, said)]).commitments) == [expected]


@pytest.mark.parametrize("said", ["Honestly, I'll do that next week.", "Okay, I'll do that."])
def test_do_that_with_nothing_fronted_is_talk(said: str) -> None:
    assert run([(BUYER.name, said)]).commitments == ()
