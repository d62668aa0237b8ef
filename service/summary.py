"""The short summary `callplan process` prints when it is done."""

from __future__ import annotations

from pipeline.models import Commitment
from pipeline.process import CallResult
from pipeline.render import longdate

FIRST_COMMITMENTS = 5


def summarise(result: CallResult) -> str:
    extraction = result.extraction
    counts = extraction.counts()
    tentative = sum(c.status == "tentative" for c in extraction.commitments)
    lines = [
        f"Plan draft written (extractor: {extraction.extractor.name}"
        + (f", model: {extraction.extractor.model}" if extraction.extractor.model else "")
        + "):",
        *(f"  {path}" for path in result.files.values()),
        "Found "
        + ", ".join(_count(n, kind) for kind, n in counts.items())
        + (f" ({tentative} tentative)" if tentative else "")
        + f"; {_count(extraction.grounding.dropped, 'ungrounded items')} dropped.",
    ]
    if extraction.commitments:
        lines.append("First commitments:")
        lines += [f"  - {_line(c)}" for c in extraction.commitments[:FIRST_COMMITMENTS]]
    findings = [f for f in result.plan.findings if f.severity != "info"]
    if findings:
        lines.append("To fix before publishing:")
        lines += [f"  - {f.message}" for f in findings]
    return "\n".join(lines)


def _line(commitment: Commitment) -> str:
    owner = commitment.owner or commitment.owner_role or "no owner"
    due = longdate(commitment.due_date) if commitment.due_date else "no date"
    said = f' ("{commitment.due_text}")' if commitment.due_text else ""
    status = "" if commitment.status == "committed" else f" [{commitment.status}]"
    return f"{commitment.action}: {owner} ({commitment.owner_side}), due {due}{said}{status}"


def _count(n: int, plural: str) -> str:
    noun = plural.replace("_", " ")
    return f"{n} {noun if n != 1 else noun.removesuffix('s')}"
