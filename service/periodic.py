"""A thread beside the API that does one piece of work over and over: now (or after a first
wait), then every `every_s`, until the app stops. A pass that raises is logged and the loop goes
on: a database hiccup must not end the thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable


class Periodic:
    def __init__(
        self,
        name: str,
        every_s: float,
        work: Callable[[threading.Event], object],
        *,
        log: logging.Logger,
        at_start: bool = True,
    ) -> None:
        """`work` gets the stopping event, to leave a long pass early; `at_start`: a pass as
        soon as the thread starts."""
        self._name = name
        self._every_s = every_s
        self._work = work
        self._log = log
        self._at_start = at_start
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _loop(self) -> None:
        if not self._at_start and self._stopping.wait(self._every_s):
            return
        while not self._stopping.is_set():
            try:
                self._work(self._stopping)
            except Exception:
                self._log.exception("%s: a pass failed; trying again", self._name)
            self._stopping.wait(self._every_s)
