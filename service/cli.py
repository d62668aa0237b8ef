"""The `callplan` command. Errors become one line on stderr and an exit code, never a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import TypeAdapter, ValidationError

from pipeline.errors import CallplanError, ConfigurationError, InputError
from pipeline.extract import CallContext, build_extractor
from pipeline.models import Participant
from pipeline.plan import DealSize, FilePlanStore, load_catalogue
from pipeline.process import CallResult, Planning, Transcription, process_call
from pipeline.render import render_changes
from pipeline.settings import Settings, load_settings
from pipeline.transcribe import (
    SpeechModel,
    TranscribeOptions,
    available_diarizer,
    build_speech_model,
)
from service.progress import ConsoleReporter
from service.summary import summarise


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block: scripts read stderr, people read the hint.
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="callplan", description="Drafts a mutual action plan from sales calls.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    process = commands.add_parser(
        "process", help="run one recording or transcript through the pipeline"
    )
    process.add_argument("input", type=Path, help="audio/video file or .vtt/.srt/.json/.txt")
    process.add_argument("--call-date", required=True, type=_date, help="YYYY-MM-DD")
    process.add_argument("--timezone", default="UTC", help="the deal's IANA time zone")
    process.add_argument("--buyer-company")
    process.add_argument("--seller-company")
    process.add_argument("--participants", type=Path, help="JSON list of {name, side, title}")
    process.add_argument(
        "--deal",
        help="deal id: update the deal's current plan (kept under CALLPLAN_DATA_DIR/deals/ID)",
    )
    process.add_argument(
        "--deal-size",
        choices=[size.value for size in DealSize],
        help="the plan template to follow (default: the deal's, else judged from the committee)",
    )
    process.add_argument(
        "--fiscal-year-start",
        type=int,
        default=1,
        metavar="MONTH",
        help="first month of the buyer's fiscal year (1-12), for 'end of Q2'",
    )
    process.add_argument(
        "--channels",
        choices=["auto", "mono", "split"],
        help="two-channel recordings: detect one party per channel (default), mix, or split",
    )
    process.add_argument(
        "--seller-channel",
        type=int,
        choices=[0, 1],
        help="the channel carrying the seller (0 = left, 1 = right); the other is the buyer",
    )
    process.add_argument("--language", help="the call's language code; 'en' skips the check")
    process.add_argument(
        "--max-duration-min", type=float, help="refuse recordings longer than this (minutes)"
    )
    process.add_argument("--out", required=True, type=Path, help="output folder")
    process.add_argument("--quiet", action="store_true", help="no progress on stderr")

    serve = commands.add_parser("serve", help="run the review API (and its embedded worker)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="web processes (Celery jobs only)")
    serve.add_argument(
        "--log-level",
        choices=["debug", "info", "warning", "error"],
        default="info",
        help="warning: no line per request (the access log), as in production",
    )
    commands.add_parser("worker", help="run a Celery worker (CALLPLAN_JOBS_BACKEND=celery)")

    users = commands.add_parser("users", help="manage users and their API tokens")
    user_commands = users.add_subparsers(dest="users_command", required=True, parser_class=_Parser)
    add = user_commands.add_parser("add", help="add a user (and their org) and print a token")
    add.add_argument("--org", required=True, help="the organisation's name (made if new)")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=["rep", "manager"], default="rep")
    token = user_commands.add_parser("token", help="print a new API token for a user")
    token.add_argument("--org", required=True)
    token.add_argument("--email", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = _settings()
        if args.command == "process":
            result = _process(args, settings)
            print(summarise(result))
            if args.deal:
                print(render_changes(result.plan), end="")
        else:
            from service import admin  # the service's dependencies load only when needed

            admin.run(args)
        return 0
    except CallplanError as error:
        print(f"callplan: error: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("callplan: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as error:  # the last resort: still one line, details on request
        if os.environ.get("CALLPLAN_DEBUG"):
            raise
        print(
            f"callplan: internal error: {type(error).__name__}: {error} "
            "(set CALLPLAN_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 1


def _process(args: argparse.Namespace, settings: Settings) -> CallResult:
    try:
        context = CallContext(
            call_date=args.call_date,
            timezone=args.timezone,
            buyer_company=args.buyer_company,
            seller_company=args.seller_company,
            participants=_participants(args.participants),
            fiscal_year_start_month=args.fiscal_year_start,
            deal=args.deal,
        )
    except ValidationError as error:
        raise InputError(_first_error(error)) from error

    planning = Planning(
        catalogue=load_catalogue(),
        store=FilePlanStore(settings.data_dir / "deals") if args.deal else None,
        size=DealSize(args.deal_size) if args.deal_size else None,
    )
    return process_call(
        args.input,
        context,
        args.out,
        transcription=_transcription(args, settings),
        extractor=build_extractor(settings),
        reporter=None if args.quiet else ConsoleReporter(sys.stderr),
        planning=planning,
    )


def _transcription(args: argparse.Namespace, settings: Settings) -> Transcription:
    try:
        options = TranscribeOptions.from_settings(
            settings.transcription,
            channels=args.channels,
            seller_channel=args.seller_channel,
            language=args.language,
            max_duration_s=args.max_duration_min * 60 if args.max_duration_min else None,
        )
    except ValidationError as error:  # e.g. --channels mono with --seller-channel 0
        raise InputError(_first_error(error)) from error

    def speech_model() -> SpeechModel:
        return build_speech_model(settings)  # tiny.en bundled; base joined once under DATA_DIR

    diarizer = available_diarizer() if settings.transcription.diarize else None
    return Transcription(speech_model=speech_model, options=options, diarizer=diarizer)


def _participants(path: Path | None) -> tuple[Participant, ...]:
    if path is None:
        return ()
    try:
        raw = json.loads(path.read_text("utf-8"))
        return tuple(TypeAdapter(list[Participant]).validate_python(raw))
    except OSError as error:
        raise InputError(f"cannot read participants file {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise InputError(f"participants file {path} is not JSON: {error}") from error
    except ValidationError as error:
        raise InputError(f"participants file {path}: {_first_error(error)}") from error


def _settings() -> Settings:
    try:
        return load_settings()
    except ValidationError as error:
        raise ConfigurationError(f"invalid setting: {_first_error(error)}") from error


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


if __name__ == "__main__":
    sys.exit(main())
