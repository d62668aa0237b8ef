"""Metric arithmetic on a fixture call: perfect, missing, spurious, wrong date, unsupported."""

from __future__ import annotations

import datetime as dt

import pytest

from eval.calls import row_transcript
from eval.judge import Judgement, KindCounts, judge
from eval.score import METRICS, compute_metrics, register
from pipeline.models import Commitment, Extraction, Side, Stakeholder
from tests.eval.builders import evidence, fixture_row, prediction

ROW = fixture_row("fx-discovery-greenfield")
TRANSCRIPT = row_transcript(ROW)
KINDS = ("commitments", "stakeholders", "outcomes", "key_dates", "risks")


def scored(
    draft: Extraction, raw: Extraction | None = None
) -> tuple[Judgement, dict[str, float | None]]:
    judgement = judge(ROW, draft, raw or draft, TRANSCRIPT)
    return judgement, compute_metrics([judgement])


def errors(judgement: Judgement) -> list[str]:
    return [e.label for e in judgement.errors]


def test_a_perfect_prediction_scores_one() -> None:
    judgement, metrics = scored(prediction(ROW))
    for kind in KINDS:
        assert (
            metrics[f"precision_{kind}"]
            == metrics[f"recall_{kind}"]
            == metrics[f"f1_{kind}"]
            == 1.0
        )
    for name in (
        "f1_all",
        "owner_accuracy",
        "owner_side_accuracy",
        "due_date_exact",
        "due_date_within_precision",
        "status_accuracy",
        "stakeholder_role_accuracy",
        "grounding_rate",
    ):
        assert metrics[name] == 1.0, name
    assert metrics["hallucinations"] == 0
    assert metrics["wer"] is None and metrics["speaker_attribution_accuracy"] is None
    assert judgement.errors == ()


def test_a_missing_item_lowers_recall_only() -> None:
    perfect = prediction(ROW)
    judgement, metrics = scored(prediction(ROW, commitments=perfect.commitments[1:]))
    assert metrics["recall_commitments"] == pytest.approx(2 / 3)
    assert metrics["precision_commitments"] == 1.0
    assert metrics["f1_commitments"] == pytest.approx(2 * 2 / (2 + 3))
    assert errors(judgement) == ["missed (commitments)"]


def test_a_spurious_item_lowers_precision_only() -> None:
    extra = Commitment(
        action="Book the onsite workshop",
        owner="Daniel Brooks",
        owner_side=Side.SELLER,
        evidence=evidence("Yes, I can do that."),
    )
    perfect = prediction(ROW)
    judgement, metrics = scored(prediction(ROW, commitments=(*perfect.commitments, extra)))
    assert metrics["precision_commitments"] == pytest.approx(3 / 4)
    assert metrics["recall_commitments"] == 1.0
    assert errors(judgement) == ["spurious (commitments)"]
    assert metrics["hallucinations"] == 0  # its quote is in the call: wrong, not made up


def test_a_wrong_date_is_a_match_with_a_wrong_date() -> None:
    first, *rest = prediction(ROW).commitments
    late = first.model_copy(update={"due_date": dt.date(2026, 11, 27)})  # a week late
    judgement, metrics = scored(prediction(ROW, commitments=(late, *rest)))
    assert metrics["f1_commitments"] == 1.0
    assert metrics["due_date_exact"] == pytest.approx(2 / 3)
    assert metrics["due_date_within_precision"] == pytest.approx(2 / 3)  # "by Friday": a day
    assert errors(judgement) == ["wrong date (commitments)"]


def test_a_wrong_owner_is_a_match_with_a_wrong_owner() -> None:
    first, *rest = prediction(ROW).commitments
    wrong = first.model_copy(update={"owner": "Sarah Mitchell", "owner_side": Side.BUYER})
    judgement, metrics = scored(prediction(ROW, commitments=(wrong, *rest)))
    assert metrics["f1_commitments"] == 1.0
    assert metrics["owner_accuracy"] == pytest.approx(2 / 3)
    assert metrics["owner_side_accuracy"] == pytest.approx(2 / 3)
    assert sorted(errors(judgement)) == ["wrong owner (commitments)", "wrong side (commitments)"]


def test_a_commitment_said_but_worded_too_differently_is_a_wrong_action() -> None:
    first, *rest = prediction(ROW).commitments
    vague = first.model_copy(update={"action": "Send it over"})
    judgement, metrics = scored(prediction(ROW, commitments=(vague, *rest)))
    assert metrics["recall_commitments"] == metrics["precision_commitments"] == pytest.approx(2 / 3)
    assert errors(judgement) == ["wrong action (commitments)"]


def test_a_stakeholder_on_the_wrong_side_is_named_so() -> None:
    people = list(prediction(ROW).stakeholders)
    people[2] = people[2].model_copy(update={"side": Side.SELLER})  # Karen Patel
    judgement, metrics = scored(prediction(ROW, stakeholders=people))
    assert (
        metrics["recall_stakeholders"] == metrics["precision_stakeholders"] == pytest.approx(3 / 4)
    )
    assert errors(judgement) == ["wrong side (stakeholders)"]


def test_role_accuracy_counts_only_gold_roles() -> None:
    people = [p.model_copy(update={"role": None}) for p in prediction(ROW).stakeholders]
    judgement, metrics = scored(prediction(ROW, stakeholders=people))
    assert judgement.roles_judged == 3  # Daniel Brooks has no gold role
    assert metrics["stakeholder_role_accuracy"] == 0.0
    assert metrics["f1_stakeholders"] == 1.0


def test_an_invented_item_is_a_hallucination_and_is_not_grounded() -> None:
    invented = Commitment(
        action="Send the SOC 2 report",
        owner="Daniel Brooks",
        owner_side=Side.SELLER,
        evidence=evidence("I'll send you our SOC 2 report tomorrow."),
    )
    perfect = prediction(ROW)
    raw = prediction(ROW, commitments=(*perfect.commitments, invented))
    judgement, metrics = scored(perfect, raw)  # grounding dropped it from the draft
    assert judgement.raw_items == judgement.grounded_items + 1
    assert metrics["grounding_rate"] == pytest.approx(12 / 13)
    assert metrics["hallucinations"] == 1
    assert metrics["f1_all"] == 1.0  # the draft itself is right


def test_an_ungrounded_item_that_is_in_gold_is_no_hallucination() -> None:
    first, *rest = prediction(ROW).commitments
    paraphrased = first.model_copy(update={"evidence": evidence("I will mail the questionnaire")})
    _, metrics = scored(prediction(ROW), prediction(ROW, commitments=(paraphrased, *rest)))
    assert metrics["grounding_rate"] < 1.0
    assert metrics["hallucinations"] == 0


def test_names_and_date_words_not_in_the_call_are_hallucinations() -> None:
    first, *rest = prediction(ROW).commitments
    invented_owner = first.model_copy(update={"owner": "Greg Olsen"})
    invented_date = rest[0].model_copy(update={"due_text": "by Thanksgiving"})
    stranger = Stakeholder(name="Linda Park", side=Side.BUYER, evidence=evidence("Who else?"))
    perfect = prediction(ROW)
    draft = prediction(
        ROW,
        commitments=(invented_owner, invented_date, *rest[1:]),
        stakeholders=(*perfect.stakeholders, stranger),
    )
    judgement, metrics = scored(draft)
    assert metrics["hallucinations"] == 3
    notes = sorted(e.predicted or "" for e in judgement.errors if e.error == "hallucinated")
    assert any("[owner not in the call]" in n for n in notes)
    assert any("[due words not in the call]" in n for n in notes)
    assert any("[name not in the call]" in n for n in notes)


def test_a_kind_with_nothing_to_find_is_not_applicable() -> None:
    row = ROW.model_copy(update={"gold": ROW.gold.model_copy(update={"risks": ()})})
    judgement = judge(row, prediction(row), prediction(row), TRANSCRIPT)
    metrics = compute_metrics([judgement])
    assert metrics["precision_risks"] is metrics["recall_risks"] is metrics["f1_risks"] is None
    assert metrics["f1_all"] == 1.0


def test_an_empty_draft_has_recall_zero_and_no_precision() -> None:
    empty = prediction(ROW, commitments=(), stakeholders=(), outcomes=(), key_dates=(), risks=())
    _, metrics = scored(empty)
    assert metrics["recall_commitments"] == 0.0
    assert metrics["precision_commitments"] is None
    assert metrics["f1_all"] == 0.0
    assert metrics["grounding_rate"] is None


def _judgement(matched: int, predicted: int, gold: int) -> Judgement:
    counts = {kind: KindCounts() for kind in KINDS}
    counts["commitments"] = KindCounts(gold=gold, predicted=predicted, matched=matched)
    return Judgement(row="r", call_type="demo", counts=counts)


def test_metrics_are_micro_averaged_over_calls() -> None:
    # one call with 1 of 1 found, one with 1 of 9: recall 2/10, not the mean of 1.0 and 0.11
    metrics = compute_metrics([_judgement(1, 1, 1), _judgement(1, 1, 9)])
    assert metrics["recall_commitments"] == pytest.approx(0.2)
    assert metrics["precision_commitments"] == 1.0
    assert metrics["f1_commitments"] == pytest.approx(2 * 2 / (2 + 10))


def test_every_metric_says_which_direction_is_better() -> None:
    assert METRICS["f1_all"].higher_is_better
    assert not METRICS["hallucinations"].higher_is_better
    assert not METRICS["wer"].higher_is_better
    assert all(metric.description for metric in METRICS.values())
    assert {f"f1_{kind}" for kind in KINDS} <= set(METRICS)


def test_a_metric_name_is_registered_once() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register("f1_all", higher_is_better=True, description="again")(lambda judgements: None)


@pytest.mark.parametrize(
    ("said", "name", "invented"),
    [
        ("Me and Junior'll grade the boards.", "Junior", False),
        ("Fujii-san there handles all the paperwork.", "Fujii", False),  # an honorific
        ("Fujii-san there handles all the paperwork.", "Fuji", True),
    ],
)
def test_a_name_said_with_a_contraction_or_honorific_is_in_the_call(
    said: str, name: str, invented: bool
) -> None:
    last = TRANSCRIPT.segments[-1]
    heard = TRANSCRIPT.model_copy(
        update={"segments": (*TRANSCRIPT.segments[:-1], last.model_copy(update={"text": said}))}
    )
    person = Stakeholder(name=name, side=Side.BUYER, evidence=evidence(said))
    draft = prediction(ROW, stakeholders=(*prediction(ROW).stakeholders, person))
    judgement = judge(ROW, draft, draft, heard)
    assert bool([e for e in judgement.errors if e.error == "hallucinated"]) is invented
