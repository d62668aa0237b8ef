"""Callplan's errors: one tree, mapped to CLI exit codes (later HTTP statuses) in one place each.

    CallplanError                 anything Callplan refuses or fails to do, with a message for a rep
    ├── InputError                the file or the arguments are wrong (fix the input, then retry)
    │   └── UnsupportedFormatError a format Callplan does not read
    ├── ConfigurationError        a setting is missing or wrong (fix the settings)
    ├── TranscriptionError        the speech model failed on a readable file
    ├── ExtractionError           the extractor failed; carries the attempts and the raw output
    └── PlanStoreError            a deal's saved plan is unreadable or was changed by another run

Messages say what was wrong and what to do, in one line, because the CLI prints exactly that line.
"""

from __future__ import annotations

from dataclasses import dataclass


class CallplanError(Exception):
    """Base of every error Callplan raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(CallplanError):
    """The input file or an argument is unusable; the user must change it."""

    exit_code = 2


class UnsupportedFormatError(InputError):
    """The file's format is not one Callplan reads."""


class ConfigurationError(CallplanError):
    """A setting is missing or contradictory."""

    exit_code = 3


class TranscriptionError(CallplanError):
    """The speech model could not transcribe a file that looked readable."""

    exit_code = 4


@dataclass(frozen=True)
class ExtractionAttempt:
    """One request to an extractor: what came back and why it was refused, if it was."""

    raw_output: str
    error: str | None
    input_tokens: int = 0
    output_tokens: int = 0


class ExtractionError(CallplanError):
    """The extractor failed on every attempt; the attempts are kept for diagnosis."""

    exit_code = 5

    def __init__(self, message: str, attempts: list[ExtractionAttempt] | None = None) -> None:
        super().__init__(message)
        self.attempts: list[ExtractionAttempt] = attempts or []


class PlanStoreError(CallplanError):
    """A deal's stored plan cannot be read, or another process saved a newer version."""

    exit_code = 6
