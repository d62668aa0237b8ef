"""What a pronoun or a bare reply in a commitment points to, when the call says it plainly."""

from __future__ import annotations

import datetime as dt

from pipeline.extract import RulesExtractor, extract
from pipeline.models import Extraction, Side
from tests.builders import BUYER, SELLER, context, transcript


def run(lines: list[tuple[str, str]], call_date: dt.date = dt.date(2026, 11, 18)) -> Extraction:
    return extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(call_date))


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
