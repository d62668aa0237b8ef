"""The matching rules on hand-made pairs: each threshold, on both sides of it."""

from __future__ import annotations

import datetime as dt

import pytest

from eval.dataset import GoldCommitment, GoldKeyDate, GoldOutcome, GoldRisk, GoldStakeholder
from eval.match import (
    assign,
    due_date_within_precision,
    match_commitment,
    match_key_date,
    match_outcome,
    match_risk,
    match_stakeholder,
    owner_matches,
    quotes_overlap,
    text_similarity,
    within_precision,
)
from pipeline.dates import Precision
from pipeline.models import (
    Commitment,
    CommitmentStatus,
    KeyDate,
    KeyDateKind,
    Outcome,
    Risk,
    RiskKind,
    Role,
    Side,
    Stakeholder,
)
from tests.eval.builders import evidence

DAY = dt.date(2026, 11, 20)


def gold_commitment(
    action: str = "Send the security questionnaire", **fields: object
) -> GoldCommitment:
    values: dict[str, object] = {
        "owner": "Daniel Brooks",
        "owner_side": Side.SELLER,
        "due_text": "by Friday",
        "due_date": DAY,
        "due_precision": Precision.DAY,
        "quote": "I'll send over our security questionnaire by Friday.",
    }
    return GoldCommitment(action=action, **(values | fields))


def commitment(
    action: str = "Send over our security questionnaire", **fields: object
) -> Commitment:
    values: dict[str, object] = {
        "owner": "Daniel Brooks",
        "owner_side": Side.SELLER,
        "due_date": DAY,
        "due_precision": Precision.DAY,
    }
    return Commitment(action=action, **(values | fields))


# --- text similarity --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "gold", "low", "high"),
    [
        # function words and word order do not count
        ("Send over our security questionnaire", "Send the security questionnaire", 100, 100),
        # numbers are normalised before comparing
        ("Share 10 reference accounts", "share ten reference accounts", 100, 100),
        # another object is another task
        ("Send the pricing proposal", "Send the security questionnaire", 0, 45),
        # a subset sharing one word is not enough ("send" alone would match every sending)
        ("Send it", "Send the pricing proposal", 0, 45),
        # phrasal-verb particles are not content: "set that up" is not "set up SSO"
        ("Set that up", "Set up single sign-on", 0, 45),
        # a paraphrase with the object in common
        ("Get him sandbox keys as soon as he's back", "Get sandbox keys to Tomasz Nowak", 60, 70),
        # deal paperwork abbreviated or spelt out is the same thing
        ("Issue the PO", "Issue the purchase order", 100, 100),
        ("Send the SOW", "Send the statement of work", 100, 100),
        # ... but an abbreviation is not any word starting with its letters
        ("Issue the PO", "Issue the pricing options", 0, 59),
    ],
)
def test_text_similarity_on_content_words(
    predicted: str, gold: str, low: float, high: float
) -> None:
    assert low <= text_similarity(predicted, gold) <= high


# --- commitments ------------------------------------------------------------------------------


def test_alike_actions_with_the_right_owner_match() -> None:
    assert match_commitment(commitment(), gold_commitment()) is not None


def test_another_task_does_not_match() -> None:
    assert match_commitment(commitment("Send the pricing proposal"), gold_commitment()) is None


def test_a_paraphrase_matches_with_the_right_owner_only() -> None:
    # similarity 65: above ACTION_THRESHOLD (60), below ACTION_THRESHOLD_OTHER_OWNER (85)
    predicted = commitment("Get him sandbox keys as soon as he's back")
    gold = gold_commitment("Get sandbox keys to Tomasz Nowak")
    assert match_commitment(predicted, gold) is not None
    assert match_commitment(predicted.model_copy(update={"owner": "Sarah Mitchell"}), gold) is None


def test_the_same_task_with_another_owner_matches_as_a_wrong_owner() -> None:
    predicted = commitment(owner="Sarah Mitchell", owner_side=Side.BUYER)
    gold = gold_commitment()
    assert match_commitment(predicted, gold) is not None
    assert not owner_matches(predicted, gold)


def test_a_wrong_date_still_matches() -> None:
    predicted = commitment(due_date=DAY + dt.timedelta(days=7))
    assert match_commitment(predicted, gold_commitment()) is not None


@pytest.mark.parametrize(
    ("owner", "owner_role", "expected"),
    [
        ("Daniel Brooks", None, True),
        ("Daniel", None, True),  # a first name is the person
        ("daniel brooks", None, True),
        ("Danielle Brooks", None, True),  # ratio 89 >= 85: a misspelling
        ("Sarah Mitchell", None, False),
        (None, "account executive", False),  # a role is not enough when the name was said
        (None, None, False),
    ],
)
def test_owner_by_name(owner: str | None, owner_role: str | None, expected: bool) -> None:
    predicted = commitment(owner=owner, owner_role=owner_role)
    assert owner_matches(predicted, gold_commitment()) is expected


@pytest.mark.parametrize(
    ("owner", "owner_role", "expected"),
    [
        (None, "security team", True),
        (None, "our security team", True),
        ("their security team", None, True),  # a department left in `owner`
        (None, "security", True),  # generic words ("team") are dropped before comparing
        (None, "legal team", False),
        (None, "team", False),
        ("Priya Raman", None, False),
    ],
)
def test_owner_by_role_when_gold_names_no_one(
    owner: str | None, owner_role: str | None, expected: bool
) -> None:
    gold = gold_commitment(owner=None, owner_role="security team")
    assert owner_matches(commitment(owner=owner, owner_role=owner_role), gold) is expected


def test_no_gold_owner_accepts_only_no_owner() -> None:
    gold = gold_commitment(owner=None, owner_role=None)
    assert owner_matches(commitment(owner=None), gold)
    assert not owner_matches(commitment(owner="Daniel Brooks"), gold)


# --- dates ------------------------------------------------------------------------------------

FRIDAY = dt.date(2026, 3, 20)


@pytest.mark.parametrize(
    ("predicted", "gold", "precision", "expected"),
    [
        (FRIDAY, FRIDAY, Precision.DAY, True),
        (FRIDAY - dt.timedelta(days=1), FRIDAY, Precision.DAY, False),
        (dt.date(2026, 3, 16), FRIDAY, Precision.WEEK, True),  # Monday of the same week
        (dt.date(2026, 3, 22), FRIDAY, Precision.WEEK, True),  # Sunday of the same week
        (dt.date(2026, 3, 23), FRIDAY, Precision.WEEK, False),  # the next Monday
        (dt.date(2026, 11, 1), dt.date(2026, 11, 30), Precision.MONTH, True),
        (dt.date(2026, 12, 1), dt.date(2026, 11, 30), Precision.MONTH, False),
        (dt.date(2027, 1, 1), dt.date(2027, 3, 31), Precision.QUARTER, True),
        (dt.date(2026, 12, 31), dt.date(2027, 3, 31), Precision.QUARTER, False),
        (dt.date(2025, 11, 1), dt.date(2026, 1, 31), Precision.QUARTER, True),  # fiscal Q, Nov-Jan
        (None, None, None, True),  # unresolved, honestly
        (FRIDAY, None, None, False),  # a date the words did not fix
        (None, FRIDAY, Precision.DAY, False),
    ],
)
def test_within_precision(
    predicted: dt.date | None, gold: dt.date | None, precision: Precision | None, expected: bool
) -> None:
    assert within_precision(predicted, gold, precision) is expected


def test_within_precision_reads_the_gold_precision() -> None:
    gold = gold_commitment(due_date=FRIDAY, due_precision=Precision.WEEK, due_text="next week")
    assert due_date_within_precision(commitment(due_date=dt.date(2026, 3, 18)), gold)


# --- stakeholders -----------------------------------------------------------------------------


def gold_person(**fields: object) -> GoldStakeholder:
    values: dict[str, object] = {
        "name": "Karen Patel",
        "title": "CFO",
        "side": Side.BUYER,
        "role": Role.ECONOMIC_BUYER,
        "quote": "Our CFO, Karen Patel, has to sign anything over $50,000.",
    }
    return GoldStakeholder(**(values | fields))


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        (Stakeholder(name="Karen Patel", side=Side.BUYER), True),  # the role is judged later
        (Stakeholder(name="Karen", side=Side.BUYER, role=Role.ECONOMIC_BUYER), True),
        (Stakeholder(name="Karen Patel", side=Side.SELLER), False),  # wrong side
        (Stakeholder(name="Karen Patel", side=Side.UNKNOWN), False),
        (Stakeholder(name="Tom Baker", side=Side.BUYER), False),
        (Stakeholder(title="CFO", side=Side.BUYER, role=Role.ECONOMIC_BUYER), False),  # unnamed
    ],
)
def test_stakeholder_by_name_and_side(predicted: Stakeholder, expected: bool) -> None:
    assert (match_stakeholder(predicted, gold_person()) is not None) is expected


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        (Stakeholder(side=Side.BUYER, role=Role.ECONOMIC_BUYER), True),  # the same role
        (Stakeholder(title="the CFO", side=Side.BUYER), True),  # the same title
        (Stakeholder(title="Chief Financial Officer", side=Side.BUYER), False),  # not resolved
        (Stakeholder(side=Side.BUYER, role=Role.LEGAL), False),
        (Stakeholder(name="Karen Patel", side=Side.BUYER), False),  # gold knows no name
    ],
)
def test_unnamed_stakeholder_by_role_or_title(predicted: Stakeholder, expected: bool) -> None:
    gold = gold_person(name=None)
    assert (match_stakeholder(predicted, gold) is not None) is expected


def test_an_unknown_gold_side_accepts_any_side() -> None:
    gold = gold_person(side=Side.UNKNOWN)
    assert match_stakeholder(Stakeholder(name="Karen Patel", side=Side.SELLER), gold) is not None


# --- outcomes, key dates, risks ---------------------------------------------------------------

OUTCOME = GoldOutcome(
    statement="Cut month-end close from ten days to five",
    quote="Our goal is to cut month-end close from ten days to five by the end of Q3.",
)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("Cut month-end close from 10 to 5 days", True),
        ("cut month end close to five days by the end of Q3", True),
        ("Halve the time to close the month", False),  # a true paraphrase: no words in common
        ("Replace the current vendor", False),
    ],
)
def test_outcome_by_statement(statement: str, expected: bool) -> None:
    assert (match_outcome(Outcome(statement=statement), OUTCOME) is not None) is expected


GO_LIVE = GoldKeyDate(
    kind=KeyDateKind.GO_LIVE,
    date_text="by June 1st",
    date=dt.date(2027, 6, 1),
    quote="We need to be live by June 1st",
)


def key_date(kind: KeyDateKind, date: dt.date | None, text: str = "by June 1st") -> KeyDate:
    return KeyDate(kind=kind, date=date, date_text=text, description="")


def test_key_date_by_kind_and_date() -> None:
    assert match_key_date(key_date(KeyDateKind.GO_LIVE, dt.date(2027, 6, 1)), GO_LIVE)
    assert match_key_date(key_date(KeyDateKind.GO_LIVE, dt.date(2027, 6, 2)), GO_LIVE) is None
    assert match_key_date(key_date(KeyDateKind.SIGNATURE, dt.date(2027, 6, 1)), GO_LIVE) is None


def test_an_unresolved_key_date_by_its_words() -> None:
    gold = GoldKeyDate(kind=KeyDateKind.GO_LIVE, date_text="after the holidays", quote="x")
    assert match_key_date(key_date(KeyDateKind.GO_LIVE, None, "after the holidays"), gold)
    assert match_key_date(key_date(KeyDateKind.GO_LIVE, None, "in the spring"), gold) is None


RISK = GoldRisk(
    kind=RiskKind.COMPETITOR, quote="We're also talking to Fleetwise, to be transparent."
)


@pytest.mark.parametrize(
    ("kind", "quote", "expected"),
    [
        (RiskKind.COMPETITOR, "We're also talking to Fleetwise, to be transparent.", True),
        (RiskKind.COMPETITOR, "also talking to Fleetwise", True),  # a part of the gold quote
        (
            RiskKind.COMPETITOR,
            "Sure. We're also talking to Fleetwise, to be transparent. OK?",
            True,
        ),
        (RiskKind.BUDGET, "We're also talking to Fleetwise, to be transparent.", False),
        (RiskKind.COMPETITOR, "Fleetwise", False),  # under 3 words proves nothing
        (RiskKind.COMPETITOR, "Budget is approved for this fiscal year", False),
    ],
)
def test_risk_by_kind_and_quote(kind: RiskKind, quote: str, expected: bool) -> None:
    predicted = Risk(kind=kind, description="", evidence=evidence(quote))
    assert (match_risk(predicted, RISK) is not None) is expected


def test_quote_overlap_is_symmetric() -> None:
    a, b = "we are also talking to fleetwise", "Honestly, we are also talking to Fleetwise."
    assert quotes_overlap(a, b) and quotes_overlap(b, a)


# --- assignment -------------------------------------------------------------------------------


def test_assignment_is_one_to_one() -> None:
    gold = [gold_commitment()]
    predicted = [commitment(), commitment()]
    result = assign(predicted, gold, match_commitment)
    assert len(result.pairs) == 1
    assert len(result.unmatched_predicted) == 1
    assert result.unmatched_gold == ()


def test_of_a_revised_commitment_the_final_date_is_paired() -> None:
    # "by Friday ... actually, make that Monday": gold holds Monday; both were extracted
    monday = dt.date(2026, 11, 23)
    gold = [gold_commitment(due_date=monday, due_text="Monday")]
    first, final = commitment(due_date=DAY), commitment(due_date=monday)
    result = assign([first, final], gold, match_commitment)
    assert result.pairs == ((final, gold[0]),)
    assert result.unmatched_predicted == (first,)


def test_owners_decide_between_two_gold_items_on_one_object() -> None:
    gold = [
        gold_commitment("Send the network diagram"),
        gold_commitment(
            "Review the network diagram", owner="Sarah Mitchell", owner_side=Side.BUYER
        ),
    ]
    predicted = [
        commitment("Review the network diagram", owner="Sarah", owner_side=Side.BUYER),
        commitment("Send over the network diagram"),
    ]
    result = assign(predicted, gold, match_commitment)
    assert {(p.action, g.action) for p, g in result.pairs} == {
        ("Review the network diagram", "Review the network diagram"),
        ("Send over the network diagram", "Send the network diagram"),
    }


def test_status_is_not_part_of_the_match() -> None:
    predicted = commitment(status=CommitmentStatus.TENTATIVE)
    assert match_commitment(predicted, gold_commitment()) is not None
