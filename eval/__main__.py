"""`python -m eval`: score an extractor on the labelled calls, or compare two reports.

    python -m eval run [--split test|dev|all] [--extractor offline|llm] [--model NAME]
                       [--dataset NAME_OR_PATH]... [--audio] [--out DIR] [--limit N]
                       [--no-cache] [--quiet]
    python -m eval compare A/report.json B/report.json
    python -m eval agree LABELS.jsonl

`agree` scores a second labeller's gold for some labelled calls against theirs (`agreement`).
`run` prints a table and writes report.json, report.md and f1_per_kind.svg into --out
(default out/eval/SPLIT-EXTRACTOR[-MODEL]). `--extractor offline` is the rules extractor;
`llm` the endpoint configured by CALLPLAN_LLM_* (--model overrides CALLPLAN_LLM_MODEL).
Answers and transcriptions are cached under CALLPLAN_DATA_DIR/eval-cache (see eval.cache).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from eval.agreement import agreement, load_labels, render_agreement
from eval.cache import Cache
from eval.calls import REPO_ROOT
from eval.progress import ProgressBar, Quiet
from eval.render import render_comparison, render_table, write_report
from eval.report import Report, build_report, load_report, plural
from eval.runner import (
    RunOptions,
    SettingValue,
    Transcriber,
    dataset_files,
    evaluate,
    select_rows,
)
from pipeline.errors import CallplanError, ConfigurationError, InputError
from pipeline.extract import Extractor, build_extractor
from pipeline.ingest import AudioInfo
from pipeline.models import Transcript
from pipeline.settings import Settings, load_settings


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m eval", description="Scores extraction on labelled calls.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("run", help="score an extractor and write a report")
    run.add_argument("--split", choices=("dev", "test", "all"), default="test")
    run.add_argument("--extractor", choices=("offline", "rules", "llm"), default="offline")
    run.add_argument("--model", help="the LLM's model name (default: CALLPLAN_LLM_MODEL)")
    run.add_argument(
        "--dataset",
        action="append",
        default=[],
        metavar="NAME",
        help="a data set in eval/datasets (file stem) or a JSONL path; repeatable (default: all)",
    )
    run.add_argument("--audio", action="store_true", help="transcribe rows with audio_path")
    run.add_argument("--out", type=Path, help="report folder (default out/eval/SPLIT-EXTRACTOR)")
    run.add_argument("--limit", type=int, metavar="N", help="only the first N calls")
    run.add_argument("--no-cache", action="store_true", help="ask the extractor again")
    run.add_argument("--quiet", action="store_true", help="no progress on stderr")
    agree = commands.add_parser(
        "agree", help="score a second labelling of some calls against their gold"
    )
    agree.add_argument("labels", type=Path, help="JSONL rows: labelled calls' ids, other gold")
    compare = commands.add_parser("compare", help="the metrics of two reports side by side")
    compare.add_argument("before", type=Path, help="report.json of the first run")
    compare.add_argument("after", type=Path, help="report.json of the second run")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "compare":
            print(render_comparison(_load(args.before), _load(args.after)))
            return 0
        if args.command == "agree":
            labelled = select_rows(dataset_files(), "all")
            print(render_agreement(agreement(labelled, load_labels(args.labels)), args.labels))
            return 0
        return _run(args, _settings())
    except CallplanError as error:
        print(f"eval: error: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("eval: interrupted; no report was written", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace, settings: Settings) -> int:
    files = dataset_files(args.dataset)
    rows = select_rows(files, args.split, args.limit)
    if not rows:
        raise InputError(f"no {args.split} rows in {', '.join(map(str, files))}")
    extractor, extractor_settings = choose_extractor(settings, args.extractor, args.model)
    options = RunOptions(
        audio=args.audio,
        root=REPO_ROOT,
        extractor_settings=extractor_settings,
        speech_settings=settings.model_dump(mode="json", include={"whisper", "transcription"}),
    )

    result = evaluate(
        rows,
        extractor,
        options,
        cache=Cache(None if args.no_cache else settings.data_dir / "eval-cache"),
        transcriber=whisper_transcriber(settings) if args.audio else None,
        progress=Quiet() if args.quiet else ProgressBar(len(rows), sys.stderr),
    )
    report = build_report(
        result,
        split=args.split,
        datasets=[_shown(path) for path in files],
        audio=args.audio,
        root=REPO_ROOT,
    )
    out = args.out or Path("out") / "eval" / _run_name(args, extractor)
    written = write_report(report, out)
    print(render_table(report))
    print(
        f"\n{plural(len(result.judgements), 'call')} scored, {len(result.skipped)} skipped, "
        f"{len(result.failed)} failed; cache: {report.run.cache}"
    )
    print("Report written:\n" + "\n".join(f"  {path}" for path in written.values()))
    return 0


def choose_extractor(
    settings: Settings, kind: str, model: str | None
) -> tuple[Extractor, dict[str, SettingValue]]:
    """The extractor asked for, and the settings that shape its answers (for cache keys)."""
    if kind in ("offline", "rules"):
        return build_extractor(settings.model_copy(update={"extractor": "rules"})), {}
    llm = settings.llm if model is None else settings.llm.model_copy(update={"model": model})
    extractor = build_extractor(settings.model_copy(update={"extractor": "llm", "llm": llm}))
    return extractor, {
        "base_url": llm.base_url,
        "model": llm.model,
        "temperature": llm.temperature,
        "max_output_tokens": llm.max_output_tokens,
        "max_attempts": llm.max_attempts,
    }


def whisper_transcriber(settings: Settings) -> Transcriber:
    """faster-whisper as the settings configure it; the model is loaded on the first recording."""
    # Imported here: the speech stack is heavy and only `--audio` needs it.
    from pipeline.transcribe import SpeechModel, TranscribeOptions, build_speech_model, transcribe

    options = TranscribeOptions.from_settings(settings.transcription)
    loaded: list[SpeechModel] = []

    def run(audio: AudioInfo) -> Transcript:
        if not loaded:
            loaded.append(build_speech_model(settings))
        return transcribe(audio, loaded[0], options=options)

    return run


def _run_name(args: argparse.Namespace, extractor: Extractor) -> str:
    info = extractor.info
    name = f"{args.split}-{info.name}" + (f"-{info.model}" if info.model else "")
    name += "-audio" if args.audio else ""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def _shown(path: Path) -> str:
    """A data set's path relative to the repository when it is inside it."""
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def _load(path: Path) -> Report:
    try:
        return load_report(path)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from error
    except ValidationError as error:
        raise InputError(
            f"{path} is not an eval report.json: {error.errors()[0]['msg']}"
        ) from error


def _settings() -> Settings:
    try:
        return load_settings()
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigurationError(f"invalid setting {where}: {first['msg']}") from error


if __name__ == "__main__":
    sys.exit(main())
