"""The report of a run, as saved in `report.json` (`eval.render` writes it and its views).

It records what produced the figures (extractor, model, prompt version, git commit,
date, data, sample count), every registered metric with its direction, figures per kind and per
call type, the most common errors with an example each, and the judgement of every call.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from eval.judge import KINDS, ErrorCase, Judgement
from eval.runner import RowProblem, RunResult
from eval.score import METRICS, compute_metrics
from pipeline.models import ExtractorInfo, Frozen, Usage

REPORT_FORMAT = "1"
TOP_ERRORS = 5


class KindFigures(Frozen):
    gold: int
    predicted: int
    matched: int
    precision: float | None
    recall: float | None
    f1: float | None


class CallTypeFigures(Frozen):
    samples: int
    metrics: dict[str, float | None]


class ErrorSummary(Frozen):
    label: str
    count: int
    example: ErrorCase


class RunInfo(Frozen):
    extractor: ExtractorInfo
    git_commit: str | None
    git_dirty: bool | None
    date: dt.datetime
    split: str
    datasets: tuple[str, ...]
    audio: bool
    samples: int
    skipped: tuple[RowProblem, ...] = ()
    failed: tuple[RowProblem, ...] = ()
    cache: str
    usage: Usage = Usage()  # spent by this run
    usage_all: Usage = Usage()  # of every answer scored, cached ones included


class Report(Frozen):
    report_format: str = REPORT_FORMAT
    run: RunInfo
    metrics: dict[str, float | None]
    higher_is_better: dict[str, bool]
    per_kind: dict[str, KindFigures]
    per_call_type: dict[str, CallTypeFigures]
    top_errors: tuple[ErrorSummary, ...]
    error_counts: dict[str, int]
    calls: tuple[Judgement, ...]


def build_report(
    result: RunResult, *, split: str, datasets: Sequence[str], audio: bool, root: Path
) -> Report:
    """Figures and provenance for one run."""
    judgements = result.judgements
    metrics = compute_metrics(judgements)
    errors = [e for j in judgements for e in j.errors]
    counts = Counter(e.label for e in errors)
    cache = (
        f"{plural(result.cache_hits, 'hit')}, {plural(result.cache_misses, 'miss')}"
        if result.cache_hits or result.cache_misses
        else "off"
    )
    commit, dirty = git_state(root)
    return Report(
        run=RunInfo(
            extractor=result.extractor,
            git_commit=commit,
            git_dirty=dirty,
            date=dt.datetime.now(dt.UTC).replace(microsecond=0),
            split=split,
            datasets=tuple(datasets),
            audio=audio,
            samples=len(judgements),
            skipped=result.skipped,
            failed=result.failed,
            cache=cache,
            usage=result.usage,
            usage_all=result.usage_all,
        ),
        metrics=metrics,
        higher_is_better={name: m.higher_is_better for name, m in METRICS.items()},
        per_kind={kind: _kind_figures(kind, judgements, metrics) for kind in KINDS},
        per_call_type=_per_call_type(judgements),
        top_errors=tuple(
            ErrorSummary(label=label, count=n, example=next(e for e in errors if e.label == label))
            for label, n in counts.most_common(TOP_ERRORS)
        ),
        error_counts=dict(counts.most_common()),
        calls=judgements,
    )


def _kind_figures(
    kind: str, judgements: Sequence[Judgement], metrics: dict[str, float | None]
) -> KindFigures:
    return KindFigures(
        gold=sum(j.counts[kind].gold for j in judgements),
        predicted=sum(j.counts[kind].predicted for j in judgements),
        matched=sum(j.counts[kind].matched for j in judgements),
        precision=metrics[f"precision_{kind}"],
        recall=metrics[f"recall_{kind}"],
        f1=metrics[f"f1_{kind}"],
    )


def _per_call_type(judgements: Sequence[Judgement]) -> dict[str, CallTypeFigures]:
    types = sorted({j.call_type for j in judgements})
    return {
        call_type: CallTypeFigures(samples=len(group), metrics=compute_metrics(group))
        for call_type in types
        if (group := [j for j in judgements if j.call_type == call_type])
    }


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "es" if word.endswith("s") else "s")


def git_state(root: Path) -> tuple[str | None, bool | None]:
    """The checked-out commit and whether the working tree differs from it (None: no git)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None, None
    return commit, bool(status.strip())


def load_report(path: Path) -> Report:
    return Report.model_validate_json(path.read_bytes())
