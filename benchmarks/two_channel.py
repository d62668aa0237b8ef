#!/usr/bin/env python3
"""A two-channel call (one party per channel) against one mono pass of the same duration.

The same recording is transcribed as Callplan does by default (auto: each channel on its own,
silence skipped, VAD keeping only each party's speech) and forced to one mixed channel. The
runs alternate; the fastest of each is compared.

    python benchmarks/two_channel.py [--file samples/discovery-call/call.ogg] [--repeats 3]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _common import SAMPLE, header, runs, timed

from pipeline.ingest import AudioInfo, ingest
from pipeline.settings import WhisperSettings
from pipeline.transcribe import TranscribeOptions, WhisperSpeechModel, transcribe


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", type=Path, default=SAMPLE / "call.ogg")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    model = WhisperSpeechModel(WhisperSettings(model="tiny.en", cpu_threads=args.threads))
    info = ingest(args.file)
    assert isinstance(info, AudioInfo) and info.channels == 2

    def run(channels: str) -> int:
        options = TranscribeOptions(channels=channels)  # type: ignore[arg-type]
        return len(transcribe(info, model, options=options).speakers)

    header(f"two channels vs one: {args.file.name} ({info.duration_s:.0f} s), tiny.en")
    split, mono = [], []
    for _ in range(args.repeats):
        seconds, speakers = timed(lambda: run("auto"))
        assert speakers == 2, "auto should find one party per channel"
        split.append(seconds)
        mono.append(timed(lambda: run("mono"))[0])
    print(f"two channels (auto, split): {runs(split)}")
    print(f"one mixed channel:          {runs(mono)}")
    print(f"ratio two/one: {min(split) / min(mono):.3f} (target <= 1.1)")


if __name__ == "__main__":
    main()
