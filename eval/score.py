"""Metrics over judged calls, registered by name with the direction that is better.

Each metric is a pure function of a list of `Judgement`s, micro-averaged: counts are summed
over calls first, so a call with 20 commitments weighs more than one with 2. A metric with
nothing to measure (no gold and no predicted risks; no audio rows for WER) is None, shown as
"n/a", never 0 or 1.

    precision_K   matched / predicted items of kind K        recall_K   matched / gold items
    f1_K          2 matched / (predicted + gold)             f1_all     the same over all kinds
    owner_accuracy, owner_side_accuracy, due_date_exact, due_date_within_precision,
    status_accuracy                  over matched commitments (see `eval.match`)
    stakeholder_role_accuracy        over matched stakeholders whose gold role is known
    grounding_rate                   raw items whose every quote is in the transcript / raw items
    hallucinations                   count (see `eval.judge`), lower is better
    wer, speaker_attribution_accuracy   audio rows only
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eval.judge import KINDS, Judgement

MetricFn = Callable[[Sequence[Judgement]], float | None]


@dataclass(frozen=True)
class Metric:
    name: str
    higher_is_better: bool
    description: str
    compute: MetricFn


METRICS: dict[str, Metric] = {}


def register(
    name: str, *, higher_is_better: bool, description: str
) -> Callable[[MetricFn], MetricFn]:
    """Add a metric to `METRICS` under `name` (lm-evaluation-harness style)."""

    def add(compute: MetricFn) -> MetricFn:
        if name in METRICS:
            raise ValueError(f"metric {name!r} is registered twice")
        METRICS[name] = Metric(name, higher_is_better, description, compute)
        return compute

    return add


def compute_metrics(judgements: Sequence[Judgement]) -> dict[str, float | None]:
    """Every registered metric over these calls, in registration order."""
    return {name: metric.compute(judgements) for name, metric in METRICS.items()}


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _total(judgements: Sequence[Judgement], kind: str, field: str) -> int:
    return sum(getattr(j.counts[kind], field) for j in judgements)


def f1(matched: int, predicted: int, gold: int) -> float | None:
    """2 * matched / (predicted + gold): the harmonic mean of precision and recall."""
    return ratio(2 * matched, predicted + gold)


def _register_kind(kind: str) -> None:
    label = kind.replace("_", " ")

    @register(
        f"precision_{kind}", higher_is_better=True, description=f"{label}: matched / predicted"
    )
    def precision(judgements: Sequence[Judgement]) -> float | None:
        return ratio(_total(judgements, kind, "matched"), _total(judgements, kind, "predicted"))

    @register(f"recall_{kind}", higher_is_better=True, description=f"{label}: matched / gold")
    def recall(judgements: Sequence[Judgement]) -> float | None:
        return ratio(_total(judgements, kind, "matched"), _total(judgements, kind, "gold"))

    @register(f"f1_{kind}", higher_is_better=True, description=f"{label}: F1")
    def f1_kind(judgements: Sequence[Judgement]) -> float | None:
        counts = [_total(judgements, kind, field) for field in ("matched", "predicted", "gold")]
        return f1(*counts)


for _kind in KINDS:
    _register_kind(_kind)


@register("f1_all", higher_is_better=True, description="all kinds pooled: F1")
def f1_all(judgements: Sequence[Judgement]) -> float | None:
    counts = [
        sum(_total(judgements, kind, field) for kind in KINDS)
        for field in ("matched", "predicted", "gold")
    ]
    return f1(*counts)


def _over_matched_commitments(field: str) -> MetricFn:
    def compute(judgements: Sequence[Judgement]) -> float | None:
        correct = sum(getattr(j, field) for j in judgements)
        return ratio(correct, _total(judgements, "commitments", "matched"))

    return compute


for _name, _field, _description in [
    ("owner_accuracy", "owner_correct", "matched commitments with the right owner"),
    ("owner_side_accuracy", "owner_side_correct", "matched commitments with the owner's side"),
    ("due_date_exact", "due_exact", "matched commitments with the exact due date"),
    ("due_date_within_precision", "due_within", "... with a date in the spoken period"),
    ("status_accuracy", "status_correct", "committed / tentative / declined told apart"),
]:
    register(_name, higher_is_better=True, description=_description)(
        _over_matched_commitments(_field)
    )


@register(
    "stakeholder_role_accuracy",
    higher_is_better=True,
    description="matched stakeholders (gold role known) with the right deal role",
)
def stakeholder_role_accuracy(judgements: Sequence[Judgement]) -> float | None:
    return ratio(sum(j.role_correct for j in judgements), sum(j.roles_judged for j in judgements))


@register(
    "grounding_rate",
    higher_is_better=True,
    description="extractor items whose every quote is in the transcript",
)
def grounding_rate(judgements: Sequence[Judgement]) -> float | None:
    return ratio(sum(j.grounded_items for j in judgements), sum(j.raw_items for j in judgements))


@register(
    "hallucinations",
    higher_is_better=False,
    description="items with no support in the call (count)",
)
def hallucinations(judgements: Sequence[Judgement]) -> float | None:
    return float(sum(j.hallucinations for j in judgements))


@register("wer", higher_is_better=False, description="word error rate of the transcription")
def wer(judgements: Sequence[Judgement]) -> float | None:
    audio = [j for j in judgements if j.wer_words is not None]
    if not audio:
        return None
    return ratio(sum(j.wer_errors or 0 for j in audio), sum(j.wer_words or 0 for j in audio))


@register(
    "speaker_attribution_accuracy",
    higher_is_better=True,
    description="transcribed words given to the person who said them",
)
def speaker_attribution_accuracy(judgements: Sequence[Judgement]) -> float | None:
    audio = [j for j in judgements if j.speaker_words is not None]
    return ratio(
        sum(j.speaker_correct or 0 for j in audio), sum(j.speaker_words or 0 for j in audio)
    )
