"""The whole pipeline for one call: ingest → transcribe → attribute → extract → plan → write.

Outputs are written to a scratch folder and moved into place only when every stage succeeded,
so a failure or a crash never leaves a half-written plan beside an old one. With a deal id and a
plan store, the call updates the deal's current plan (the next version) and the new version is
saved as the deal's current plan once the output files are in place.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pipeline.extract import CallContext, Extractor, extract
from pipeline.ingest import AudioInfo, ingest
from pipeline.models import Extraction, Frozen, Plan, Transcript
from pipeline.plan import (
    CallNews,
    Catalogue,
    DealSize,
    PlanOptions,
    PlanStore,
    find_completions,
    load_catalogue,
    next_call,
    update_plan,
)
from pipeline.render import clock, render_html, render_markdown
from pipeline.speakers import attribute_speakers
from pipeline.transcribe import Diarizer, SpeechModel, TranscribeOptions, transcribe

OUTPUT_FILES = (
    "transcript.json",
    "extraction.json",
    "plan.json",
    "plan.md",
    "plan.html",
    "plan.buyer.md",
    "plan.buyer.html",
)


class Reporter(Protocol):
    """Receives progress: a stage starting, and the fraction of a long stage done."""

    def stage(self, name: str) -> None: ...

    def progress(self, fraction: float) -> None: ...


class SilentReporter:
    def stage(self, name: str) -> None:
        pass

    def progress(self, fraction: float) -> None:
        pass


@dataclass(frozen=True)
class Transcription:
    """How recordings are heard: the speech model (built on first use), options, a diarizer."""

    speech_model: Callable[[], SpeechModel]
    options: TranscribeOptions = field(default_factory=TranscribeOptions)
    diarizer: Diarizer | None = None  # None: one-channel calls keep one speaker label


@dataclass(frozen=True)
class Planning:
    """How the call's plan is made: the catalogue, the deal's size, where deals' plans live."""

    catalogue: Catalogue = field(default_factory=load_catalogue)
    store: PlanStore | None = None  # None: every call starts a new plan
    size: DealSize | None = None


class CallResult(Frozen):
    transcript: Transcript
    extraction: Extraction
    plan: Plan
    previous: Plan | None = None  # the deal's plan before this call
    files: dict[str, Path]


def process_call(
    path: Path,
    context: CallContext,
    out_dir: Path,
    *,
    transcription: Transcription,
    extractor: Extractor,
    reporter: Reporter | None = None,
    planning: Planning | None = None,
) -> CallResult:
    """Run one call through the pipeline and write its output files.

    Args:
        path: a recording or a transcript file.
        context: call date, time zone, companies, participants and the deal id.
        out_dir: where `transcript.json`, `extraction.json`, `plan.json` and the renderings go.
        transcription: the speech model (built only for recordings), channel options, diarizer.
        extractor: the rules or the LLM extractor.
        reporter: progress sink (the CLI prints it; the service stores it).
        planning: the milestone catalogue, deal size and plan store (default: the bundled
            catalogue, no store, so the plan is a first version).
    """
    report = reporter or SilentReporter()
    planning = planning or Planning()
    store = planning.store if context.deal else None
    current = store.current(context.deal or "") if store else None
    context = context.model_copy(update={"current_plan": current})  # the LLM sees its steps
    transcript = hear(path, context, transcription, report)
    report.stage("extracting")
    extraction = extract(transcript, extractor, context)
    report.stage(
        f"updating the plan (version {current.version})" if current else "drafting the plan"
    )
    plan = next_plan(current, path.name, transcript, extraction, context, planning)
    files = write_outputs(out_dir, transcript, extraction, plan)
    if store:
        store.save(plan)
    return CallResult(
        transcript=transcript, extraction=extraction, plan=plan, previous=current, files=files
    )


def hear(
    path: Path, context: CallContext, transcription: Transcription, report: Reporter
) -> Transcript:
    """Check the file, transcribe it if it is a recording, and attribute its speakers."""
    report.stage("checking input")
    options = transcription.options
    source = ingest(path, max_duration_s=options.max_duration_s)
    if isinstance(source, AudioInfo):
        report.stage(f"loading speech model ({clock(source.duration_s)} of audio)")
        model = transcription.speech_model()
        report.stage("transcribing")
        transcript = transcribe(
            source, model, report.progress, options=options, diarizer=transcription.diarizer
        )
    else:
        transcript = source
    report.stage("attributing speakers")
    return attribute_speakers(
        transcript,
        context.participants,
        seller_company=context.seller_company,
        buyer_company=context.buyer_company,
    )


def next_plan(
    current: Plan | None,
    call_name: str | None,
    transcript: Transcript,
    extraction: Extraction,
    context: CallContext,
    planning: Planning,
) -> Plan:
    """The deal's next plan version after this call, with the suggestions that lead to it."""
    news = CallNews(
        call=next_call(current, context.call_date, call_name),
        extraction=extraction,
        completions=tuple(find_completions(transcript, context.call_date)),
    )
    options = PlanOptions(
        deal=context.deal or "unassigned", catalogue=planning.catalogue, size=planning.size
    )
    return update_plan(current, news, options)


def write_outputs(
    out_dir: Path, transcript: Transcript, extraction: Extraction, plan: Plan
) -> dict[str, Path]:
    """Write the output files all-or-nothing (each lands by an atomic rename)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    contents = {
        "transcript.json": transcript.model_dump_json(indent=2),
        "extraction.json": extraction.model_dump_json(indent=2),
        "plan.json": plan.model_dump_json(indent=2),
        "plan.md": render_markdown(plan),
        "plan.html": render_html(plan),
        "plan.buyer.md": render_markdown(plan, "buyer"),
        "plan.buyer.html": render_html(plan, "buyer"),
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
