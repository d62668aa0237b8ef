"""The whole pipeline for one call: ingest → transcribe → attribute → extract → draft → write.

Outputs are written to a scratch folder and moved into place only when every stage succeeded,
so a failure or a crash never leaves a half-written plan beside an old one.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from pipeline.draft import draft_plan
from pipeline.extract import CallContext, Extractor, extract
from pipeline.ingest import AudioInfo, ingest
from pipeline.models import Extraction, Frozen, Plan, Transcript
from pipeline.render import render_markdown
from pipeline.speakers import attribute_speakers
from pipeline.transcribe import SpeechModel, transcribe

OUTPUT_FILES = ("transcript.json", "extraction.json", "plan.json", "plan.md")


class Reporter(Protocol):
    """Receives progress: a stage starting, and the fraction of a long stage done."""

    def stage(self, name: str) -> None: ...

    def progress(self, fraction: float) -> None: ...


class SilentReporter:
    def stage(self, name: str) -> None:
        pass

    def progress(self, fraction: float) -> None:
        pass


class CallResult(Frozen):
    transcript: Transcript
    extraction: Extraction
    plan: Plan
    files: dict[str, Path]


def process_call(
    path: Path,
    context: CallContext,
    out_dir: Path,
    *,
    speech_model: Callable[[], SpeechModel],
    extractor: Extractor,
    reporter: Reporter | None = None,
) -> CallResult:
    """Run one call through the pipeline and write its four output files.

    Args:
        path: a recording or a transcript file.
        context: call date, time zone, companies and participants.
        out_dir: where `transcript.json`, `extraction.json`, `plan.json`, `plan.md` go.
        speech_model: builds the speech model; called only for recordings.
        extractor: the rules or the LLM extractor.
        reporter: progress sink (the CLI prints it; the service stores it).
    """
    report = reporter or SilentReporter()
    report.stage("checking input")
    source = ingest(path)
    if isinstance(source, AudioInfo):
        report.stage(f"loading speech model ({_seconds(source.duration_s)} of audio)")
        model = speech_model()
        report.stage("transcribing")
        transcript = transcribe(source, model, report.progress)
    else:
        transcript = source
    report.stage("attributing speakers")
    transcript = attribute_speakers(transcript, context.participants)
    report.stage("extracting")
    extraction = extract(transcript, extractor, context)
    report.stage("drafting the plan")
    plan = draft_plan(extraction, context)
    files = write_outputs(out_dir, transcript, extraction, plan)
    return CallResult(transcript=transcript, extraction=extraction, plan=plan, files=files)


def write_outputs(
    out_dir: Path, transcript: Transcript, extraction: Extraction, plan: Plan
) -> dict[str, Path]:
    """Write the four files all-or-nothing (each lands by an atomic rename)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    contents = {
        "transcript.json": transcript.model_dump_json(indent=2),
        "extraction.json": extraction.model_dump_json(indent=2),
        "plan.json": plan.model_dump_json(indent=2),
        "plan.md": render_markdown(plan),
    }
    scratch = Path(tempfile.mkdtemp(prefix=".callplan-", dir=out_dir))
    try:
        for name, text in contents.items():
            (scratch / name).write_text(text + ("" if text.endswith("\n") else "\n"), "utf-8")
        for name in contents:
            (scratch / name).replace(out_dir / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {name: out_dir / name for name in contents}


def _seconds(duration: float) -> str:
    minutes, seconds = divmod(round(duration), 60)
    return f"{minutes}:{seconds:02d}"
