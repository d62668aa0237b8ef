#!/usr/bin/env python3
"""Callplan's transcribe stage against bare faster-whisper: same file, model and settings.

Both decode the file and transcribe it with beam 5, VAD, word timestamps, context from the
previous window, English. Callplan adds the probe, windowed decoding, the channel check, the
language check and turn merging. The runs alternate, and the fastest of each is compared, so
load from other processes on a shared machine hits both alike.

    python benchmarks/overhead.py [--file F] [--repeats 3] [--threads 2] [--batched 8]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _common import MODELS_DIR, header, runs, testset, timed

from pipeline.ingest import AudioInfo, ingest
from pipeline.settings import WhisperSettings
from pipeline.transcribe import TranscribeOptions, WhisperSpeechModel, transcribe
from pipeline.transcribe.bundled import resolve_model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument(
        "--batched",
        type=int,
        default=0,
        metavar="N",
        help="also time the stage with CALLPLAN_WHISPER_BATCH_SIZE=N (faster-whisper's batches)",
    )
    args = parser.parse_args()
    path = args.file or testset("meeting") / "meeting.wav"
    settings = WhisperSettings(model=args.model, cpu_threads=args.threads)
    ours = WhisperSpeechModel(settings, models_dir=MODELS_DIR)
    from faster_whisper import WhisperModel, decode_audio

    bare_model = WhisperModel(
        resolve_model(args.model, MODELS_DIR),
        device="cpu",
        compute_type="int8",
        cpu_threads=args.threads,
    )

    def bare() -> int:
        segments, _ = bare_model.transcribe(
            decode_audio(str(path)),
            language="en",
            beam_size=settings.beam_size,
            vad_filter=True,
            word_timestamps=True,
            condition_on_previous_text=True,
        )
        return sum(1 for _ in segments)

    def callplan() -> int:
        info = ingest(path)
        assert isinstance(info, AudioInfo)
        return len(transcribe(info, ours, options=TranscribeOptions(channels="mono")).segments)

    header(f"overhead: {path.name}, {args.model}, {args.threads} threads")
    bare_times, our_times = [], []
    for _ in range(args.repeats):
        bare_times.append(timed(bare)[0])
        our_times.append(timed(callplan)[0])
    print(f"bare faster-whisper: {runs(bare_times)}")
    print(f"callplan stage:      {runs(our_times)}")
    print(f"ratio callplan/bare: {min(our_times) / min(bare_times):.3f} (target <= 1.05)")
    if args.batched:
        batched = WhisperSpeechModel(settings.model_copy(update={"batch_size": args.batched}))
        info = ingest(path)
        assert isinstance(info, AudioInfo)
        options = TranscribeOptions(channels="mono")
        times = [
            timed(lambda: transcribe(info, batched, options=options))[0]
            for _ in range(args.repeats)
        ]
        ratio = min(times) / min(our_times)
        print(f"callplan batched ({args.batched}): {runs(times)}; batched/sequential {ratio:.3f}")


if __name__ == "__main__":
    main()
