"""Run an extractor over labelled calls and judge every call: the evaluation loop.

    rows ─► transcript (utterances | file | audio → speech model) ─► extractor (cached)
         ─► ground + normalise (pipeline.extract.extract) ─► judge against gold ─► RunResult

A row that cannot be read (its transcript or audio file is missing, the recording cannot be
transcribed) is skipped, said on stderr and counted in the report. A row on which the extractor
fails is scored as an empty draft (every gold item missed) and listed: a failing extractor must
cost it score.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import Field, JsonValue

from eval.cache import Cache, digest, extraction_key, file_digest
from eval.calls import (
    REPO_ROOT,
    attribute,
    call_context,
    row_file,
    row_transcript,
    transcript_quality,
)
from eval.dataset import DATASETS, CallRow, load_rows
from eval.judge import Judgement, judge
from eval.progress import Progress, Quiet
from pipeline.errors import ExtractionError, InputError, TranscriptionError
from pipeline.extract import CallContext, Extractor, extract
from pipeline.ingest import AudioInfo, ingest
from pipeline.models import CallInfo, Extraction, ExtractorInfo, Frozen, Transcript, Usage

SettingValue = JsonValue
# Turns a probed recording into a transcript (the speech model, built once, inside).
Transcriber = Callable[[AudioInfo], Transcript]


class RunOptions(Frozen):
    """How to run: with audio or not, where row paths start, what the cache keys include."""

    audio: bool = False
    root: Path = REPO_ROOT
    # Settings that shape the extractor's answer (model, temperature, ...): part of cache keys.
    extractor_settings: dict[str, SettingValue] = Field(default_factory=dict)
    speech_settings: dict[str, SettingValue] = Field(default_factory=dict)


class RowProblem(Frozen):
    row: str
    reason: str


class RunResult(Frozen):
    extractor: ExtractorInfo
    judgements: tuple[Judgement, ...]
    skipped: tuple[RowProblem, ...] = ()
    failed: tuple[RowProblem, ...] = ()
    usage: Usage = Usage()  # what this run spent (answers from the cache cost nothing)
    usage_all: Usage = Usage()  # what every answer cost when it was made, cached ones included
    cache_hits: int = 0
    cache_misses: int = 0


def dataset_files(names: Sequence[str] = ()) -> list[Path]:
    """The JSONL files of the named data sets; none named: every data set.

    A name is a folder or file under `eval/datasets` (`sales-calls-v1`, `NAME.jsonl` or
    `NAME`), or a path to either; a folder stands for every `*.jsonl` file inside it.
    """
    if not names:
        files = sorted(DATASETS.rglob("*.jsonl")) if DATASETS.is_dir() else []
        if not files:
            raise InputError(f"no data sets in {DATASETS} (expected *.jsonl files)")
        return files
    found: list[Path] = []
    for name in names:
        candidates = [Path(name), DATASETS / name, DATASETS / f"{name}.jsonl"]
        path = next((p for p in candidates if p.is_file() or p.is_dir()), None)
        files = sorted(path.rglob("*.jsonl")) if path and path.is_dir() else [path] if path else []
        if not files:
            raise InputError(f"no data set {name!r} (a JSONL file or folder; known: {_known()})")
        found += [f for f in files if f is not None and f not in found]
    return found


def _known() -> str:
    if not DATASETS.is_dir():
        return "none"
    names = {
        p.relative_to(DATASETS).parts[0].removesuffix(".jsonl") for p in DATASETS.rglob("*.jsonl")
    }
    return ", ".join(sorted(names)) or "none"


def select_rows(files: Sequence[Path], split: str, limit: int | None = None) -> list[CallRow]:
    """The rows of `split` ("dev", "test" or "all") in file order, the first `limit` of them."""
    rows: list[CallRow] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            loaded = list(load_rows(path))
        except ValueError as error:
            raise InputError(f"{path}: {error}") from error
        for row in loaded:
            if row.id in seen:
                raise InputError(f"row id {row.id!r} is in both {seen[row.id]} and {path}")
            seen[row.id] = path
            if split in ("all", row.split):
                rows.append(row)
    return rows[:limit] if limit is not None else rows


def evaluate(
    rows: Sequence[CallRow],
    extractor: Extractor,
    options: RunOptions,
    *,
    cache: Cache | None = None,
    transcriber: Transcriber | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Extract from every row and judge it against its gold.

    Args:
        rows: the labelled calls.
        extractor: the rules or the LLM extractor (anything with the `Extractor` protocol).
        options: audio or not, the repository root for row paths, settings for cache keys.
        cache: where answers and transcriptions are kept between runs (None: no cache).
        transcriber: transcribes a recording (needed with `options.audio`).
        progress: told when each row is done and why a row was skipped.
    """
    if options.audio and transcriber is None:
        raise ValueError("an audio run needs a transcriber")
    loop = _Loop(extractor, options, cache or Cache(None), transcriber, progress or Quiet())
    judgements = []
    for row in rows:
        try:
            judgements.append(loop.run(row))
            label = row.id
        except (InputError, TranscriptionError) as error:
            loop.skipped.append(RowProblem(row=row.id, reason=error.message))
            loop.progress.note(f"skipped {row.id}: {error.message}")
            label = f"{row.id} (skipped)"
        except Exception as error:  # a bug: stop, but say which call to reproduce it with
            error.add_note(f"while evaluating row {row.id!r}")
            raise
        loop.progress.advance(label)
    return RunResult(
        extractor=extractor.info,
        judgements=tuple(judgements),
        skipped=tuple(loop.skipped),
        failed=tuple(loop.failed),
        usage=loop.usage,
        usage_all=loop.usage_all,
        cache_hits=loop.cache.hits,
        cache_misses=loop.cache.misses,
    )


class _Replay:
    """An extractor that returns an answer already given (cached, or just computed)."""

    def __init__(self, answer: Extraction) -> None:
        self._answer = answer

    @property
    def info(self) -> ExtractorInfo:
        return self._answer.extractor

    def extract(self, transcript: Transcript, context: CallContext) -> Extraction:
        return self._answer


class _Loop:
    """The state of one run: the collaborators, what was spent, what went wrong."""

    def __init__(
        self,
        extractor: Extractor,
        options: RunOptions,
        cache: Cache,
        transcriber: Transcriber | None,
        progress: Progress,
    ) -> None:
        self.extractor = extractor
        self.options = options
        self.cache = cache
        self.progress = progress
        self.skipped: list[RowProblem] = []
        self.failed: list[RowProblem] = []
        self.usage = Usage()
        self.usage_all = Usage()
        self._transcriber = transcriber

    def run(self, row: CallRow) -> Judgement:
        said = row_transcript(row, self.options.root)
        transcript = self._transcribe(row) if self.options.audio else said
        context = call_context(row)
        raw = self._answer(row, transcript, context)
        draft = extract(transcript, _Replay(raw), context)
        judgement = judge(row, draft, raw, transcript)
        if self.options.audio:
            quality = transcript_quality(transcript, said)
            judgement = judgement.model_copy(update=quality.model_dump())
        return judgement

    def _answer(self, row: CallRow, transcript: Transcript, context: CallContext) -> Extraction:
        """The extractor's raw answer, from the cache when the same question was asked before."""
        info = self.extractor.info
        key = extraction_key(info, self.options.extractor_settings, transcript, context)
        answer = self.cache.get("extractions", key, Extraction)
        if answer is None:
            try:
                answer = self.extractor.extract(transcript, context)
            except ExtractionError as error:
                self.failed.append(RowProblem(row=row.id, reason=error.message))
                self.progress.note(f"extractor failed on {row.id}: {error.message}")
                return Extraction(extractor=info, call=CallInfo(date=row.call_date))
            self.cache.put("extractions", key, answer)
            self.usage = add_usage(self.usage, answer.usage)
        self.usage_all = add_usage(self.usage_all, answer.usage)
        return answer

    def _transcribe(self, row: CallRow) -> Transcript:
        if row.audio_path is None:
            raise InputError("no audio_path (--audio scores only rows with a recording)")
        path = row_file(row.audio_path, self.options.root, "audio")
        key = digest(file_digest(path), self.options.speech_settings)
        heard = self.cache.get("transcripts", key, Transcript)
        if heard is None:
            audio = ingest(path)
            if not isinstance(audio, AudioInfo):
                raise InputError(f"{row.audio_path} is not a recording")
            assert self._transcriber is not None  # checked by evaluate()
            heard = self._transcriber(audio)
            self.cache.put("transcripts", key, heard)
        return attribute(heard, row)


def add_usage(total: Usage, more: Usage | None) -> Usage:
    """The sum of two usages; the cost sums the prices known (None when none is)."""
    if more is None:
        return total
    costs = [c for c in (total.cost_usd, more.cost_usd) if c is not None]
    return Usage(
        attempts=total.attempts + more.attempts,
        input_tokens=total.input_tokens + more.input_tokens,
        output_tokens=total.output_tokens + more.output_tokens,
        latency_s=round(total.latency_s + more.latency_s, 3),
        cost_usd=sum(costs) if costs else None,
    )
