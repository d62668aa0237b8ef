"""Matching what a call says to the steps a plan holds; steps' words and outcome titles."""

from __future__ import annotations

import pytest

from pipeline.models import Milestone, Side
from pipeline.plan import load_catalogue
from pipeline.plan.matching import Candidate, assign, overlap
from pipeline.plan.words import document_name, normalise, outcome_title

CATALOGUE = load_catalogue()


def step(
    id_: str, title: str, owner: str | None = None, side: Side = Side.BUYER, **kw: object
) -> Milestone:
    return Milestone.model_validate(
        {"id": id_, "title": title, "owner": owner, "owner_side": side, **kw}
    )


PLAN = [
    step(
        "m1",
        "Security questionnaire sent",
        "Daniel Brooks",
        Side.SELLER,
        action="Send over our security questionnaire",
    ),
    step(
        "m2",
        "Data processing agreement reviewed",
        "Tom Baker",
        action="Go through the data processing agreement",
    ),
    step(
        "m3",
        "Pricing proposal sent to Sarah",
        "Daniel Brooks",
        Side.SELLER,
        action="Send Sarah the pricing proposal",
    ),
    step("m4", "Security review passed", None, source="template", step="security_review"),
    step("m5", "Contract signed", None, source="template", step="signature"),
]


@pytest.mark.parametrize(
    ("said", "owner", "side", "expected"),
    [
        # the same step in other words
        ("Review the DPA", "Tom Baker", Side.BUYER, "m2"),
        ("Send the security questionaire", "Daniel Brooks", Side.SELLER, "m1"),  # typo
        ("Get Sarah the pricing", None, Side.SELLER, "m3"),
        ("Sign the order form", "Karen Patel", Side.BUYER, "m5"),  # same step: the template line
        ("Complete the security questionnaire", "Tom Baker", Side.BUYER, "m4"),
        (
            "Go through the data processing agreement",
            "Rachel Davis",
            Side.BUYER,
            "m2",
        ),  # reassigned
        # different steps
        ("Send the redlines", None, Side.BUYER, None),
        ("Set up a technical workshop", "Daniel Brooks", Side.SELLER, None),
        ("Send the security questionnaire", "Tom Baker", Side.BUYER, "m4"),  # buyer side: review
        ("Send the close checklist", "Sarah Mitchell", Side.BUYER, None),
    ],
)
def test_a_commitment_finds_its_step(
    said: str, owner: str | None, side: Side, expected: str | None
) -> None:
    matches = assign([Candidate(texts=(said,), owner=owner, side=side)], PLAN, CATALOGUE)
    assert (matches[0].milestone_id if matches else None) == expected


def test_assignment_is_one_to_one() -> None:
    twice = [Candidate(texts=("Review the DPA",), owner="Tom Baker", side=Side.BUYER)] * 2
    assert [m.milestone_id for m in assign(twice, PLAN, CATALOGUE)] == ["m2"]


def test_overlap_reads_abbreviations_and_ignores_how_words() -> None:
    assert overlap("the DPA", "data processing agreement") == 100.0
    assert overlap("send the pricing proposal", "send the security questionnaire") == 0.0
    assert normalise("Sent over the MSA!") == "send master services agreement"


@pytest.mark.parametrize(
    ("action", "title"),
    [
        ("Send over our security questionnaire", "Security questionnaire sent"),
        ("Send Sarah the pricing proposal", "Pricing proposal sent to Sarah"),
        ("Send you a sample bank reconciliation", "Sample bank reconciliation sent"),
        ("Go through the data processing agreement", "Data processing agreement reviewed"),
        ("Make the final decision", "Final decision made"),
        ("Set up the vendor record", "Vendor record set up"),
        ("Think about it", "Think about it"),  # an unknown verb stays as said
    ],
)
def test_actions_become_outcome_titles(action: str, title: str) -> None:
    assert outcome_title(action, frozenset({"Sarah", "Daniel"})) == title


def test_documents_are_named_only_when_handed_over() -> None:
    assert document_name("Pricing proposal sent to Sarah") == "Pricing proposal"
    assert document_name("Data processing agreement reviewed") is None
    assert document_name("Contract signed") is None
