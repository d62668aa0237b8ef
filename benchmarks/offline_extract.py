#!/usr/bin/env python3
"""The offline extractor on a 60-minute call: everything `callplan process` does after
transcription, against reading the same transcript and splitting it into sentences and words.

Timed: `pipeline.process.process_call` on a transcript file with the rules extractor: import
the file, attribute speakers, extract (rules), ground, normalise (dates, owners), draft the plan
(catalogue, schedule, health), render and write the seven output files. Baseline, on the same
file: import it and split every segment into sentences and words, the floor any reading of the
text costs. The runs alternate and the fastest of each is compared, so load from other
processes on a shared machine hits both alike. A breakdown by stage follows.

Two 60-minute calls, each written to a temporary folder:
- `zoom`: a real Zoom export (WebVTT, `Name: text` cues) from ../shared/data/ethereum-acd, its
  cues up to 60:00; many speakers, long turns, protocol talk with dates and owners;
- `sales`: the dev split's synthetic sales calls one after another (speakers and participants
  kept, timestamps shifted, 2.5 words a second) until 60 minutes: dense in commitments and
  spoken dates, as a sales call is.

    python benchmarks/offline_extract.py [--repeats 5] [--source zoom|sales|both]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from _common import ROOT, header, runs, timed

from eval.calls import WORDS_PER_SECOND
from eval.dataset import DATASETS, load_rows
from pipeline.extract import CallContext, RulesExtractor, extract
from pipeline.extract.rules.sentences import split_sentences
from pipeline.ingest import ingest
from pipeline.models import Extraction, Participant, Transcript
from pipeline.plan import (
    CallNews,
    PlanOptions,
    find_completions,
    load_catalogue,
    next_call,
    update_plan,
)
from pipeline.process import Transcription, process_call, write_outputs
from pipeline.speakers import attribute_speakers
from pipeline.transcribe import SpeechModel

MINUTES = 60
ZOOM_CALL = ROOT.parent / "shared" / "data" / "ethereum-acd" / "calls" / "acde_2026-03-26_233"
_CUE_START = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})[.,]\d+\s*-->", re.MULTILINE)
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[\"'A-Z0-9])")


def zoom_call(folder: Path) -> tuple[Path, CallContext]:
    """The real Zoom transcript's cues that start in its first 60 minutes, as a .vtt file."""
    text = (ZOOM_CALL / "transcript.vtt").read_text("utf-8")
    header_block, *cues = re.split(r"\n\s*\n", text.strip())
    kept = [cue for cue in cues if (start := _start_s(cue)) is not None and start < MINUTES * 60]
    path = folder / "zoom-60min.vtt"
    path.write_text("\n\n".join([header_block, *kept]) + "\n", "utf-8")
    date = dt.date.fromisoformat(ZOOM_CALL.name.split("_")[1])
    return path, CallContext(call_date=date)


def _start_s(cue: str) -> float | None:
    m = _CUE_START.search(cue)
    return None if m is None else int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3])


def sales_call(folder: Path) -> tuple[Path, CallContext]:
    """Dev sales calls back to back until 60 minutes, as a timed JSON utterance list."""
    rows = list(load_rows(DATASETS / "sales-calls-v1" / "dev.jsonl"))
    utterances: list[dict[str, object]] = []
    people: dict[str, Participant] = {}
    clock = 0.0
    for row in sorted(rows, key=lambda r: -len(r.utterances)):  # the hour-long call first
        people |= {p.name: p for p in row.participants}
        for u in row.utterances:
            end = clock + max(1.0, len(u.text.split()) / WORDS_PER_SECOND)
            utterances.append({"speaker": u.speaker, "text": u.text, "start": clock, "end": end})
            clock = end + 0.5
            if clock >= MINUTES * 60:
                break
        if clock >= MINUTES * 60:
            break
    path = folder / "sales-60min.json"
    path.write_text(json.dumps({"utterances": utterances}), "utf-8")
    return path, CallContext(call_date=rows[0].call_date, participants=tuple(people.values()))


def _no_speech_model() -> SpeechModel:
    raise AssertionError("a transcript file needs no speech model")


def pipeline_after_transcription(path: Path, context: CallContext, out: Path) -> int:
    """`callplan process` on a transcript file; returns the number of commitments found."""
    result = process_call(
        path,
        context,
        out,
        transcription=Transcription(speech_model=_no_speech_model),
        extractor=RulesExtractor(),
    )
    return len(result.extraction.commitments)


def read_and_split(path: Path) -> int:
    """Baseline: import the same file and split it into sentences and words."""
    transcript = ingest(path)
    assert isinstance(transcript, Transcript)
    return sum(len(s.split()) for seg in transcript.segments for s in _SENTENCE.split(seg.text))


def stages(path: Path, context: CallContext, out: Path) -> dict[str, Callable[[], object]]:
    """The same work cut into stages, for the breakdown (each stage timed on its own)."""
    source = ingest(path)
    assert isinstance(source, Transcript)
    transcript = attribute_speakers(source, context.participants)
    extractor = RulesExtractor()
    raw = extractor.extract(transcript, context)
    extraction = extract(transcript, extractor, context)
    news = CallNews(
        call=next_call(None, context.call_date, path.name),
        extraction=extraction,
        completions=tuple(find_completions(transcript, context.call_date)),
    )
    options = PlanOptions(deal="bench", catalogue=load_catalogue())
    plan = update_plan(None, news, options)
    day, fy = context.call_date, context.fiscal_year_start_month
    return {
        "import the file": lambda: ingest(path),
        "attribute speakers": lambda: attribute_speakers(source, context.participants),
        "  sentences + dates": lambda: split_sentences(transcript, day, fy),
        "extract (rules)": lambda: extractor.extract(transcript, context),
        "ground + normalise": lambda: extract(transcript, _Fixed(extractor, raw), context),
        "steps reported done": lambda: find_completions(transcript, context.call_date),
        "plan draft": lambda: update_plan(None, news, options),
        "render + write": lambda: write_outputs(out, transcript, extraction, plan),
    }


class _Fixed:
    """An extractor that returns a ready answer: times grounding and normalising alone."""

    def __init__(self, extractor: RulesExtractor, answer: Extraction) -> None:
        self.info = extractor.info
        self._answer = answer

    def extract(self, transcript: Transcript, context: CallContext) -> Extraction:
        return self._answer


def bench(name: str, path: Path, context: CallContext, out: Path, repeats: int) -> None:
    transcript = ingest(path)
    assert isinstance(transcript, Transcript)
    words = sum(len(s.text.split()) for s in transcript.segments)
    print(
        f"\n## {name}: {transcript.duration_s / 60:.1f} min, {len(transcript.segments)} turns, "
        f"{words} words, {len({s.speaker for s in transcript.segments})} speakers"
    )
    full, base = [], []
    commitments = 0
    for _ in range(repeats):
        seconds, commitments = timed(lambda: pipeline_after_transcription(path, context, out))
        full.append(seconds)
        base.append(timed(lambda: read_and_split(path))[0])
    print(f"process after transcription: {runs(full)}; {commitments} commitments")
    print(f"read + split (baseline):     {runs(base)}")
    print(f"ratio: {min(full) / min(base):.0f}x the baseline; {min(full):.2f} s (target < 2 s)")
    print("by stage (fastest of the runs):")
    for stage, run in stages(path, context, out).items():
        best = min(timed(run)[0] for _ in range(repeats))
        print(f"  {stage:<24}{best * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--source", choices=("zoom", "sales", "both"), default="both")
    args = parser.parse_args()
    header(f"offline extractor, {MINUTES}-minute transcripts, everything after transcription")
    with tempfile.TemporaryDirectory(prefix="callplan-bench-") as tmp:
        folder = Path(tmp)
        builders = {"zoom": zoom_call, "sales": sales_call}
        for name in builders if args.source == "both" else (args.source,):
            path, context = builders[name](folder)
            bench(name, path, context, folder / f"out-{name}", args.repeats)


if __name__ == "__main__":
    main()
