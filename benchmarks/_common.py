"""Shared by the benchmark scripts: the synthetic test set, timing, and a header for the figures."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "discovery-call"
TESTSET = ROOT / "out" / "testset"
# Where the benchmarks join split bundled models (base), once.
MODELS_DIR = Path.home() / ".cache" / "callplan-benchmarks" / "models"
T = TypeVar("T")


def testset(part: str) -> Path:
    """A folder of the synthetic test set, generated on first use (espeak-ng and sox)."""
    folder = TESTSET / part
    if not folder.is_dir():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "make_test_audio.py"), "--only", part],
            check=True,
        )
    return folder


def timed(run: Callable[[], T]) -> tuple[float, T]:
    """Wall-clock seconds of one call, and what it returned."""
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def header(title: str) -> None:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    load = os.getloadavg()[0]
    print(f"# {title}")
    print(f"# commit {commit} (+ working tree), {os.cpu_count()} cores, load {load:.1f}")


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def runs(times: list[float]) -> str:
    return f"{min(times):.2f} s (runs {', '.join(f'{t:.2f}' for t in times)})"
