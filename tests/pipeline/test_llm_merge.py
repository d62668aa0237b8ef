"""Merging duplicates: same kind, similar text, overlapping evidence; people by name."""

from __future__ import annotations

from pipeline.extract.llm_merge import (
    merge_items,
    same_commitment,
    same_name,
    same_risk,
    same_stakeholder,
)
from pipeline.models import Commitment, Evidence, Risk, RiskKind, Role, Side, Stakeholder


def cited(quote: str, *ids: int) -> tuple[Evidence, ...]:
    return (Evidence(quote=quote, speaker="x", start=0.0, end=1.0, segment_ids=ids),)


def commitment(action: str, *ids: int, **fields: object) -> Commitment:
    return Commitment.model_validate({"action": action, "evidence": cited(action, *ids), **fields})


def merge_commitments(*items: Commitment) -> tuple[Commitment, ...]:
    return merge_items(list(items), same_commitment)


def test_the_same_commitment_seen_twice_is_one_with_the_fuller_fields() -> None:
    first = commitment("Send the security questionnaire", 18, owner="Daniel Brooks")
    again = commitment(
        "Send over the security questionnaire to Tom",
        18,
        owner="Daniel",
        owner_side=Side.SELLER,
        due_text="by Friday",
    )
    [merged] = merge_commitments(first, again)

    assert merged.due_text == "by Friday"
    assert merged.owner_side == Side.SELLER
    assert merged.evidence[0].segment_ids == (18,)
    assert len(merged.evidence) == 2  # two different quotes of the same words


def test_two_commitments_in_one_sentence_stay_two() -> None:
    # "I'll send the questionnaire and the pricing proposal by Friday", segment 18.
    items = merge_commitments(
        commitment("Send the security questionnaire", 18, owner="Daniel Brooks"),
        commitment("Send the pricing proposal", 18, owner="Daniel Brooks"),
    )
    assert len(items) == 2


def test_similar_commitments_from_different_moments_stay_apart() -> None:
    early = commitment("Send the pricing proposal", 5, owner="Daniel Brooks")
    late = commitment("Send the pricing proposal", 40, owner="Daniel Brooks")
    # Different words cited: a repeated promise is for the plan engine to match, not a duplicate.
    late = late.model_copy(update={"evidence": cited("I'll get you pricing next week", 40)})
    assert len(merge_commitments(early, late)) == 2


def test_different_owners_are_different_commitments() -> None:
    items = merge_commitments(
        commitment("Review the contract", 7, owner="Tom Baker"),
        commitment("Review the contract", 7, owner="Karen Patel"),
    )
    assert len(items) == 2


def test_people_are_merged_by_name_wherever_they_come_up() -> None:
    karen = Stakeholder(
        name="Karen Patel", role=Role.ECONOMIC_BUYER, side=Side.BUYER, evidence=cited("CFO", 17)
    )
    later = Stakeholder(name="Karen", title="CFO", side=Side.BUYER, evidence=cited("Karen", 60))
    rachel = Stakeholder(name="Rachel Davis", side=Side.BUYER, evidence=cited("Rachel", 17))
    merged = merge_items([karen, rachel, later], same_stakeholder)

    assert [s.name for s in merged] == ["Karen Patel", "Rachel Davis"]
    assert merged[0].title == "CFO" and merged[0].role == Role.ECONOMIC_BUYER
    assert [e.segment_ids for e in merged[0].evidence] == [(17,), (60,)]


def test_unnamed_roles_merge_by_role_and_side_not_with_named_people() -> None:
    legal = Stakeholder(role=Role.LEGAL, side=Side.BUYER, evidence=cited("legal team", 28))
    again = Stakeholder(role=Role.LEGAL, side=Side.UNKNOWN, evidence=cited("our lawyers", 50))
    named = Stakeholder(name="Ann Lee", role=Role.LEGAL, side=Side.BUYER, evidence=cited("Ann", 51))
    seller_legal = Stakeholder(role=Role.LEGAL, side=Side.SELLER, evidence=cited("our legal", 9))
    merged = merge_items([legal, again, named, seller_legal], same_stakeholder)
    assert len(merged) == 3


def test_names_match_in_full_or_by_first_name_only() -> None:
    assert same_name("Tom Baker", "tom baker")
    assert same_name("Tom", "Tom Baker")
    assert not same_name("Tom Reed", "Tom Baker")
    assert not same_name("Baker", "Tom Baker")


def test_risks_of_one_kind_on_the_same_words_merge_despite_rewording() -> None:
    quote = "I can't commit to a date for the legal review yet."
    one = Risk(
        kind=RiskKind.NO_DATE_COMMITMENT,
        description="No date for the legal review; the legal team is short-staffed",
        evidence=cited(quote, 28),
    )
    two = Risk(
        kind=RiskKind.NO_DATE_COMMITMENT,
        description="Buyer will not commit to a legal review date",
        evidence=cited(quote, 28),
    )
    other = Risk(kind=RiskKind.LEGAL, description="Legal review", evidence=cited(quote, 28))
    assert len(merge_items([one, two, other], same_risk)) == 2
