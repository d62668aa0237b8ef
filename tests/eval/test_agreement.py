"""A second labelling scored against the first: `python -m eval agree`."""

from __future__ import annotations

import datetime as dt

import pytest

from eval.agreement import agreement
from eval.score import compute_metrics
from pipeline.errors import InputError
from tests.eval.builders import fixture_row

ROW = fixture_row("fx-discovery-greenfield")


def test_the_same_labels_agree_fully() -> None:
    metrics = compute_metrics(agreement([ROW], [ROW]))
    assert metrics["f1_commitments"] == metrics["f1_all"] == 1.0
    assert metrics["due_date_exact"] == 1.0


def test_a_missed_step_and_another_date_show_as_disagreement() -> None:
    _missed, second, *rest = ROW.gold.commitments
    assert second.due_date is not None
    moved = second.model_copy(update={"due_date": second.due_date + dt.timedelta(days=1)})
    other = ROW.model_copy(
        update={"gold": ROW.gold.model_copy(update={"commitments": (moved, *rest)})}
    )
    metrics = compute_metrics(agreement([ROW], [other]))
    assert metrics["precision_commitments"] == 1.0
    assert metrics["recall_commitments"] == pytest.approx(2 / 3)
    assert metrics["due_date_exact"] == pytest.approx(1 / 2)


def test_a_call_nobody_labelled_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no labelled call with id fx-unknown"):
        agreement([ROW], [ROW.model_copy(update={"id": "fx-unknown"})])
