"""Views of a report: the files of a run, the console table, Markdown, and a comparison."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eval.chart import f1_bar_chart
from eval.report import Report, plural
from eval.score import METRICS
from pipeline.models import Usage

CHART = "f1_per_kind.svg"
# Shown under the per-kind table; the rest are in the "All metrics" table.
CALL_METRICS = (
    "owner_accuracy",
    "owner_side_accuracy",
    "due_date_exact",
    "due_date_within_precision",
    "status_accuracy",
    "stakeholder_role_accuracy",
    "grounding_rate",
    "hallucinations",
    "wer",
    "speaker_attribution_accuracy",
)
# Per call type: the figures issue 5 sets targets for, then the other kinds.
CALL_TYPE_COLUMNS = (
    "f1_commitments",
    "owner_accuracy",
    "due_date_exact",
    "f1_stakeholders",
    "stakeholder_role_accuracy",
    "f1_outcomes",
    "f1_key_dates",
    "f1_risks",
    "f1_all",
)
# Short headers for the console.
_SHORT = {
    "f1_commitments": "commit",
    "owner_accuracy": "owner",
    "due_date_exact": "due",
    "f1_stakeholders": "stakeh",
    "stakeholder_role_accuracy": "role",
    "f1_outcomes": "outcome",
    "f1_key_dates": "keydate",
    "f1_risks": "risk",
    "f1_all": "all",
}


def write_report(report: Report, out_dir: Path) -> dict[str, Path]:
    """Write report.json, report.md and the F1 chart into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    contents = {
        "report.json": report.model_dump_json(indent=2) + "\n",
        "report.md": render_markdown(report),
        CHART: f1_bar_chart(chart_bars(report), title=title(report)),
    }
    for name, text in contents.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    return {name: out_dir / name for name in contents}


def fmt(value: float | None, name: str = "") -> str:
    """A figure for people: ratios with 3 decimals, counts as integers, None as n/a."""
    if value is None:
        return "n/a"
    if name == "hallucinations":
        return str(int(value))
    return f"{value:.3f}"


def chart_bars(report: Report) -> list[tuple[str, float | None]]:
    bars = [(kind.replace("_", " "), figures.f1) for kind, figures in report.per_kind.items()]
    return [*bars, ("all kinds", report.metrics.get("f1_all"))]


def extractor_name(report: Report) -> str:
    info = report.run.extractor
    details = []
    if info.model:
        details.append(f"model {info.model}")
    if info.prompt_version:
        details.append(f"prompt {info.prompt_version}")
    return info.name + (f" ({', '.join(details)})" if details else "")


def title(report: Report) -> str:
    return f"F1 per kind: {extractor_name(report)}, {report.run.split}, {report.run.samples} calls"


def render_table(report: Report) -> str:
    """The console summary: per kind, then the metrics about commitments and the call."""
    lines = [f"{'kind':<14}{'gold':>6}{'pred':>6}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    for kind, f in report.per_kind.items():
        lines.append(
            f"{kind:<14}{f.gold:>6}{f.predicted:>6}{f.matched:>7}"
            f"{fmt(f.precision):>8}{fmt(f.recall):>8}{fmt(f.f1):>8}"
        )
    lines.append(f"{'all kinds':<49}{fmt(report.metrics.get('f1_all')):>8}")
    lines.append("")
    lines += [f"{name:<30}{fmt(report.metrics.get(name), name):>8}" for name in CALL_METRICS]
    if len(report.per_call_type) > 1:
        lines += ["", f"{'call type (F1, accuracy)':<24}{'calls':>6}"]
        lines[-1] += "".join(f"{_SHORT[name]:>8}" for name in CALL_TYPE_COLUMNS)
        for call_type, figures in report.per_call_type.items():
            values = "".join(
                f"{fmt(figures.metrics.get(name), name):>8}" for name in CALL_TYPE_COLUMNS
            )
            lines.append(f"{call_type:<24}{figures.samples:>6}{values}")
    if report.top_errors:
        lines += ["", "most common errors:"]
        for summary in report.top_errors:
            example = summary.example
            shown = example.gold or example.predicted or ""
            side = "gold" if example.gold else "predicted"
            lines.append(f"{summary.count:>5}  {summary.label}; e.g. {side}: {shown[:90]}")
    return "\n".join(lines)


def render_markdown(report: Report) -> str:
    run = report.run
    audio = "; audio through the speech model" if run.audio else ""
    commit = (run.git_commit or "unknown")[:12] + (
        " (with uncommitted changes)" if run.git_dirty else ""
    )
    lines = [
        f"# Extraction evaluation: {extractor_name(report)}, {run.split} split",
        "",
        "| | |",
        "| --- | --- |",
        f"| extractor | {extractor_name(report)} |",
        f"| git commit | {commit} |",
        f"| date | {run.date:%Y-%m-%d %H:%M} UTC |",
        f"| data | {', '.join(run.datasets)}; split `{run.split}`{audio} |",
        f"| calls scored | {run.samples} ({len(run.skipped)} skipped, {len(run.failed)} failed) |",
        f"| cache | {run.cache} |",
        f"| tokens | {_tokens(run.usage)} this run; {_tokens(run.usage_all)} for all answers |",
        "",
        "## Per kind",
        "",
        f"![F1 per kind]({CHART})",
        "",
        "| kind | gold | predicted | matched | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, f in report.per_kind.items():
        lines.append(
            f"| {kind} | {f.gold} | {f.predicted} | {f.matched} | {fmt(f.precision)} "
            f"| {fmt(f.recall)} | {fmt(f.f1)} |"
        )
    lines.append(f"| **all kinds** | | | | | | **{fmt(report.metrics.get('f1_all'))}** |")
    lines += [
        "",
        "## Commitments, stakeholders, grounding",
        "",
        "| metric | value | better | what |",
    ]
    lines.append("| --- | ---: | :---: | --- |")
    lines += [_metric_line(report, name) for name in CALL_METRICS]
    lines += _call_type_section(report)
    lines += _errors_section(report)
    lines += _problems_section(report)
    return "\n".join(lines) + "\n"


def _metric_line(report: Report, name: str) -> str:
    arrow = "↑" if report.higher_is_better.get(name, True) else "↓"
    metric = METRICS.get(name)
    what = metric.description if metric else ""
    return f"| {name} | {fmt(report.metrics.get(name), name)} | {arrow} | {what} |"


def _call_type_section(report: Report) -> list[str]:
    lines = [
        "",
        "## Per call type",
        "",
        "| call type | calls | " + " | ".join(CALL_TYPE_COLUMNS) + " |",
    ]
    lines.append("| --- | ---: |" + " ---: |" * len(CALL_TYPE_COLUMNS))
    for call_type, figures in report.per_call_type.items():
        values = " | ".join(fmt(figures.metrics.get(name), name) for name in CALL_TYPE_COLUMNS)
        lines.append(f"| {call_type} | {figures.samples} | {values} |")
    return lines


def _errors_section(report: Report) -> list[str]:
    lines = ["", f"## Most common errors (top {len(report.top_errors)})", ""]
    if not report.top_errors:
        return [*lines, "None."]
    for rank, summary in enumerate(report.top_errors, start=1):
        example = summary.example
        lines.append(f"{rank}. **{summary.label}**: {summary.count}; e.g. in `{example.row}`:")
        if example.gold:
            lines.append(f"   - gold: {_quote(example.gold)}")
        if example.predicted:
            lines.append(f"   - predicted: {_quote(example.predicted)}")
    others = sum(report.error_counts.values()) - sum(s.count for s in report.top_errors)
    if others:
        lines += ["", f"{plural(others, 'more error')} of other kinds: see `calls` in report.json."]
    return lines


def _problems_section(report: Report) -> list[str]:
    lines: list[str] = []
    for heading, problems in (
        ("Skipped calls", report.run.skipped),
        ("Failed calls", report.run.failed),
    ):
        if problems:
            lines += ["", f"## {heading}", ""]
            lines += [f"- `{p.row}`: {p.reason}" for p in problems]
    return lines


def _tokens(usage: Usage) -> str:
    cost = f" (${usage.cost_usd:.4f})" if usage.cost_usd else ""
    return f"{usage.input_tokens} in + {usage.output_tokens} out{cost}"


def _quote(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_comparison(a: Report, b: Report, names: Sequence[str] = ("A", "B")) -> str:
    """Every metric of two reports side by side, with the difference and whether it improved."""
    lines = [f"{name}: {_provenance(report)}" for name, report in zip(names, (a, b), strict=True)]
    if (a.run.split, a.run.datasets, a.run.samples) != (b.run.split, b.run.datasets, b.run.samples):
        lines.append(
            "note: the two runs scored different calls; differences mix data and extractor"
        )
    lines += ["", f"{'metric':<30}{names[0]:>9}{names[1]:>9}{'change':>9}  "]
    for name in dict.fromkeys([*a.metrics, *b.metrics]):
        before, after = a.metrics.get(name), b.metrics.get(name)
        change = _change(name, before, after, a)
        lines.append(f"{name:<30}{fmt(before, name):>9}{fmt(after, name):>9}{change}")
    return "\n".join(lines)


def _provenance(report: Report) -> str:
    run = report.run
    commit = (run.git_commit or "unknown")[:10] + ("+changes" if run.git_dirty else "")
    when = f"{run.date:%Y-%m-%d}"
    return f"{extractor_name(report)}, {run.split}, {run.samples} calls, commit {commit}, {when}"


def _change(name: str, before: float | None, after: float | None, report: Report) -> str:
    if before is None or after is None:
        return f"{'':>9}"
    delta = after - before
    if abs(delta) < 1e-9:
        return f"{'=':>9}"
    better = (delta > 0) == report.higher_is_better.get(name, True)
    shown = f"{delta:+.0f}" if name == "hallucinations" else f"{delta:+.3f}"
    return f"{shown:>9}  {'better' if better else 'worse'}"
