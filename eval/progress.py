"""Progress over the rows of a run, on stderr: a live bar on a terminal, a line per row in logs."""

from __future__ import annotations

import time
from typing import Protocol, TextIO


class Progress(Protocol):
    def advance(self, label: str) -> None:
        """One more row is done."""

    def note(self, message: str) -> None:
        """Something the user should read (a skipped row), kept above the bar."""


class Quiet:
    def advance(self, label: str) -> None:
        pass

    def note(self, message: str) -> None:
        pass


class ProgressBar:
    """`[#######.............]  7/20  0:42  row-id` redrawn in place, or one line per row."""

    def __init__(self, total: int, stream: TextIO, width: int = 24) -> None:
        self._total = max(total, 1)
        self._stream = stream
        self._width = width
        self._done = 0
        self._live = stream.isatty()
        self._started = time.monotonic()

    def advance(self, label: str) -> None:
        self._done += 1
        filled = self._width * self._done // self._total
        bar = "#" * filled + "." * (self._width - filled)
        elapsed = int(time.monotonic() - self._started)
        line = f"[{bar}] {self._done:>{len(str(self._total))}}/{self._total}  "
        line += f"{elapsed // 60}:{elapsed % 60:02d}  {label}"
        if self._live:
            end = "\n" if self._done >= self._total else ""
            self._stream.write(f"\r\033[K{line}{end}")
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def note(self, message: str) -> None:
        prefix = "\r\033[K" if self._live else ""
        self._stream.write(f"{prefix}{message}\n")
        self._stream.flush()
