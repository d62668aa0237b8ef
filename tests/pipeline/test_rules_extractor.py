"""The offline extractor on the sample call's script, and on what it must tell apart from a
commitment. The many ways a commitment is said are in `test_rules_forms`; revisions, pronouns,
recaps, sessions, people and risks/key dates have test files of their own."""

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
    assert (commitment.action, commitment.due_date) == (
        "Sign the contract",  # the deal's paper (`signing`)
        dt.date(2026, 11, 23),
    )


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


def test_a_date_before_another_clause_is_not_its_deadline() -> None:
    found = run(
        [(SELLER.name, "You'll have the case study from me by Friday, and I'll send the deck too.")]
    ).commitments
    assert sorted((c.action, c.due_date or dt.date.max) for c in found) == [
        ("Send the case study", dt.date(2026, 11, 20)),
        ("Send the deck too", dt.date.max),  # no date
    ]
