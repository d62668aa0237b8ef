"""Progress on the console: a line per stage, and a bar while transcribing."""

from __future__ import annotations

import time
from typing import TextIO


class ConsoleReporter:
    """Prints stages and progress to a stream (a live bar on a terminal, steps of 10% in logs)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._started = time.monotonic()
        self._stage = ""
        self._last_step = -1

    def stage(self, name: str) -> None:
        self._end_bar()
        self._stage = name
        self._last_step = -1
        self._stream.write(f"[{self._elapsed()}] {name}\n")
        self._stream.flush()

    def progress(self, fraction: float) -> None:
        percent = int(max(0.0, min(1.0, fraction)) * 100)
        if self._live:
            bar = "#" * (percent // 4)
            self._stream.write(f"\r    {bar:<25} {percent:3d}%")
        elif percent // 10 > self._last_step:
            self._last_step = percent // 10
            self._stream.write(f"    {self._stage}: {percent}%\n")
        self._stream.flush()

    def _end_bar(self) -> None:
        if self._live and self._last_step != -1:
            self._stream.write("\n")

    def _elapsed(self) -> str:
        seconds = time.monotonic() - self._started
        return f"{seconds:5.1f}s"
