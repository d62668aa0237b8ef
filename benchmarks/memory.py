#!/usr/bin/env python3
"""Peak memory of the transcribe stage on a long call: it should not grow with the call.

Each run is a fresh process (so peaks do not mix) transcribing a file with tiny.en; it prints
its resident memory at every 10% of the audio and its peak (ru_maxrss). The default files are
the sample call repeated to 10 and to 60 minutes (generated on first use).

    python benchmarks/memory.py [--minutes 10,60] [--file F]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, TESTSET, header, rss_mb


def child(path: Path) -> None:
    from pipeline.ingest import AudioInfo, ingest
    from pipeline.settings import WhisperSettings
    from pipeline.transcribe import WhisperSpeechModel, transcribe

    model = WhisperSpeechModel(WhisperSettings(model="tiny.en", cpu_threads=2))
    after_load = rss_mb()
    samples: list[tuple[int, float]] = []

    def progress(fraction: float) -> None:
        if int(fraction * 10) > len(samples) - 1:
            samples.append((int(fraction * 100), round(rss_mb())))

    info = ingest(path)
    assert isinstance(info, AudioInfo)
    started = time.perf_counter()
    transcript = transcribe(info, model, progress)
    report = {
        "audio_min": round(info.duration_s / 60, 1),
        "seconds": round(time.perf_counter() - started),
        "segments": len(transcript.segments),
        "rss_after_model_load_mb": round(after_load),
        "rss_by_percent": samples,
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(report))


def long_call(minutes: float) -> Path:
    path = TESTSET / "long" / f"call-{round(minutes)}min.ogg"
    if not path.is_file():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_test_audio.py"),
                "--only",
                "long",
                "--long-minutes",
                str(minutes),
            ],
            check=True,
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", default="10,60")
    parser.add_argument("--file", type=Path)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    files = [args.file] if args.file else [long_call(float(m)) for m in args.minutes.split(",")]
    header(
        "peak memory of the transcribe stage (tiny.en, 2 threads, two-channel, windows of 10 min)"
    )
    for path in files:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        print(f"{path.name}: {out.stdout.strip()}")


if __name__ == "__main__":
    main()
