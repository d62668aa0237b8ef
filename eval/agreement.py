"""How well two labellers agree: a second labelling of some calls scored against their gold.

`python -m eval agree LABELS.jsonl`: LABELS holds rows with the ids of labelled calls and the
second labeller's gold. Each second labelling is scored as if an extractor had answered it, with
the same matcher and metrics as `run`, so the figures say how far apart two careful people are
on the same conventions: the scale against which the extractors' figures are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eval.calls import row_transcript
from eval.dataset import CallRow, Gold, load_rows
from eval.judge import Judgement, judge
from eval.render import fmt
from eval.score import compute_metrics
from pipeline.errors import InputError
from pipeline.models import (
    CallInfo,
    Commitment,
    Evidence,
    Extraction,
    ExtractorInfo,
    KeyDate,
    Outcome,
    Risk,
    Stakeholder,
)

_LABELLER = ExtractorInfo(name="rules", prompt_version="second-labeller")
SHOWN = (
    "f1_commitments",
    "owner_accuracy",
    "due_date_exact",
    "status_accuracy",
    "f1_stakeholders",
    "stakeholder_role_accuracy",
    "f1_outcomes",
    "f1_key_dates",
    "f1_risks",
)


def as_extraction(row: CallRow, gold: Gold) -> Extraction:
    """`gold` as an extractor's answer for `row`: every item quoting its gold quote."""

    def quoted(quote: str) -> tuple[Evidence, ...]:
        return (Evidence(quote=quote, speaker="", start=0.0, end=1.0, segment_ids=(0,)),)

    return Extraction(
        extractor=_LABELLER,
        call=CallInfo(date=row.call_date),
        commitments=tuple(
            Commitment(**c.model_dump(exclude={"quote"}), evidence=quoted(c.quote))
            for c in gold.commitments
        ),
        stakeholders=tuple(
            Stakeholder(**s.model_dump(exclude={"quote"}), evidence=quoted(s.quote))
            for s in gold.stakeholders
        ),
        outcomes=tuple(
            Outcome(**o.model_dump(exclude={"quote"}), evidence=quoted(o.quote))
            for o in gold.outcomes
        ),
        key_dates=tuple(
            KeyDate(
                **k.model_dump(exclude={"quote"}), description=k.quote, evidence=quoted(k.quote)
            )
            for k in gold.key_dates
        ),
        risks=tuple(
            Risk(kind=r.kind, description=r.quote, evidence=quoted(r.quote)) for r in gold.risks
        ),
    )


def agreement(first: Sequence[CallRow], second: Sequence[CallRow]) -> list[Judgement]:
    """Each call of `second` judged against the same call of `first` (matched by id)."""
    by_id = {row.id: row for row in first}
    if missing := [row.id for row in second if row.id not in by_id]:
        raise InputError(f"no labelled call with id {', '.join(missing)}")
    judgements = []
    for row in second:
        theirs = by_id[row.id]
        answer = as_extraction(theirs, row.gold)
        judgements.append(judge(theirs, answer, answer, row_transcript(theirs)))
    return judgements


def render_agreement(judgements: Sequence[Judgement], labels: Path) -> str:
    metrics = compute_metrics(judgements)
    lines = [f"{labels} against the labelled calls ({len(judgements)} calls)"]
    lines += [f"  {name:28s} {fmt(metrics[name], name):>7s}" for name in SHOWN]
    return "\n".join(lines)


def load_labels(path: Path) -> list[CallRow]:
    try:
        return list(load_rows(path))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from error
