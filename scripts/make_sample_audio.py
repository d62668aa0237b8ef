#!/usr/bin/env python3
"""Regenerate a sample call recording from its script with espeak-ng and sox.

Reads ``<sample-dir>/script.txt`` (one ``Speaker Name: text`` utterance per line),
``participants.json`` (who is seller and who is buyer) and ``call.json`` (which channel
carries the seller). Each line is spoken by the speaker's voice, the turns are placed one
after another with a short gap, and the result is written as a two-channel Ogg Vorbis file
(16 kHz per channel): the seller on ``seller_channel``, the buyer on the other one, with
silence on the idle channel during a turn. The ground-truth timing of every turn goes to
``turns.json`` next to the audio.

The output is deterministic: espeak-ng is deterministic, the gaps come from a seeded
generator and sox runs in repeatable mode (``-R``).

Usage::

    python scripts/make_sample_audio.py
    python scripts/make_sample_audio.py --sample-dir samples/discovery-call --out /tmp/call.ogg

Needs the ``espeak-ng`` and ``sox`` programs (Debian packages of the same names).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE_DIR = REPO_ROOT / "samples" / "discovery-call"

SAMPLE_RATE = 16_000
# espeak-ng voice and speaking rate (words per minute) for each side of the call. Chosen
# because faster-whisper tiny.en transcribes them best among the stock espeak-ng variants.
VOICES: dict[str, tuple[str, int]] = {
    "seller": ("en-us+m1", 165),
    "buyer": ("en-us+f2", 155),
}
GAP_RANGE_S = (0.3, 0.7)  # silence between two turns
LEAD_S = 0.5  # silence before the first and after the last turn
GAP_SEED = 20261118
TRIM_THRESHOLD = 0.01  # of full scale: where espeak's own leading/trailing silence ends
TRIM_MARGIN_S = 0.03  # kept around the speech after trimming
VORBIS_QUALITY = "2"  # sox -C for Ogg Vorbis


@dataclass(frozen=True)
class Line:
    speaker: str
    text: str


@dataclass(frozen=True)
class Turn:
    speaker: str
    side: str
    channel: int
    start: float
    end: float
    text: str


def read_script(path: Path) -> list[Line]:
    """Parse ``Speaker Name: text`` lines, skipping blank ones."""
    lines: list[Line] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        speaker, sep, text = raw.partition(":")
        if not sep or not speaker.strip() or not text.strip():
            raise ValueError(f"{path}:{number}: expected 'Speaker Name: text', got {raw!r}")
        lines.append(Line(speaker.strip(), text.strip()))
    return lines


def read_sides(path: Path) -> dict[str, str]:
    """Map each participant's name to ``seller`` or ``buyer``."""
    participants = json.loads(path.read_text(encoding="utf-8"))
    sides = {str(p["name"]): str(p["side"]) for p in participants}
    if sorted(sides.values()) != ["buyer", "seller"]:
        raise ValueError(f"{path}: expected exactly one seller and one buyer, got {sides}")
    return sides


def read_wav_mono(path: Path) -> np.ndarray:
    """Read a 16-bit mono WAV file as float32 samples in [-1, 1]."""
    with wave.open(str(path), "rb") as wav:
        if wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16-bit mono audio")
        if wav.getframerate() != SAMPLE_RATE:
            raise ValueError(f"{path}: expected {SAMPLE_RATE} Hz, got {wav.getframerate()}")
        frames = wav.readframes(wav.getnframes())
    return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0


def synthesize(text: str, voice: str, rate: int, workdir: Path) -> np.ndarray:
    """Speak ``text`` with espeak-ng, resample to 16 kHz with sox, trim the silent ends."""
    raw = workdir / "espeak.wav"
    resampled = workdir / "line.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(raw), "--", text],
        check=True,
    )
    subprocess.run(
        ["sox", "-R", str(raw), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(resampled)],
        check=True,
    )
    samples = read_wav_mono(resampled)
    loud = np.flatnonzero(np.abs(samples) > TRIM_THRESHOLD)
    if loud.size == 0:
        raise ValueError(f"espeak-ng produced silence for {text!r}")
    margin = int(TRIM_MARGIN_S * SAMPLE_RATE)
    first = max(int(loud[0]) - margin, 0)
    last = min(int(loud[-1]) + margin + 1, samples.size)
    return samples[first:last]


def render(
    lines: list[Line], sides: dict[str, str], seller_channel: int, workdir: Path
) -> tuple[np.ndarray, list[Turn]]:
    """Lay the turns out on two channels; return (frames x 2 float32 audio, turns)."""
    rng = random.Random(GAP_SEED)
    clips: list[tuple[int, np.ndarray]] = []
    turns: list[Turn] = []
    cursor = int(LEAD_S * SAMPLE_RATE)
    for index, line in enumerate(lines):
        side = sides.get(line.speaker)
        if side is None:
            raise ValueError(f"speaker {line.speaker!r} is not in participants.json")
        voice, rate = VOICES[side]
        channel = seller_channel if side == "seller" else 1 - seller_channel
        if index:
            cursor += round(rng.uniform(*GAP_RANGE_S) * SAMPLE_RATE)
        clip = synthesize(line.text, voice, rate, workdir)
        clips.append((cursor, clip))
        turns.append(
            Turn(
                speaker=line.speaker,
                side=side,
                channel=channel,
                start=round(cursor / SAMPLE_RATE, 3),
                end=round((cursor + clip.size) / SAMPLE_RATE, 3),
                text=line.text,
            )
        )
        cursor += clip.size
    total = cursor + int(LEAD_S * SAMPLE_RATE)
    audio = np.zeros((total, 2), dtype=np.float32)
    for (offset, clip), turn in zip(clips, turns, strict=True):
        audio[offset : offset + clip.size, turn.channel] = clip
    return audio, turns


def write_wav_stereo(path: Path, audio: np.ndarray) -> None:
    """Write frames x 2 float32 audio as a 16-bit stereo WAV file."""
    pcm = np.clip(np.round(audio * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(pcm.tobytes())


def encode_ogg(wav_path: Path, out: Path) -> None:
    """Encode a WAV file as Ogg Vorbis with sox (repeatable mode: same input, same bytes)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["sox", "-R", str(wav_path), "-t", "vorbis", "-C", VORBIS_QUALITY, str(out)],
        check=True,
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sample-dir",
        type=Path,
        default=DEFAULT_SAMPLE_DIR,
        help="folder with script.txt, participants.json and call.json (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="Ogg file to write (default: <sample-dir>/call.ogg); turns.json goes beside it",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sample_dir: Path = args.sample_dir
    out: Path = args.out if args.out is not None else sample_dir / "call.ogg"
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            print(f"error: {tool} is not installed (apt-get install {tool})", file=sys.stderr)
            return 1

    lines = read_script(sample_dir / "script.txt")
    sides = read_sides(sample_dir / "participants.json")
    call = json.loads((sample_dir / "call.json").read_text(encoding="utf-8"))
    seller_channel = int(call.get("seller_channel", 0))
    if seller_channel not in (0, 1):
        raise ValueError(f"seller_channel must be 0 or 1, got {seller_channel}")

    with tempfile.TemporaryDirectory(prefix="callplan-audio-") as tmp:
        workdir = Path(tmp)
        audio, turns = render(lines, sides, seller_channel, workdir)
        wav_path = workdir / "call.wav"
        write_wav_stereo(wav_path, audio)
        encode_ogg(wav_path, out)

    turns_path = out.parent / "turns.json"
    payload = [
        {
            "speaker": t.speaker,
            "side": t.side,
            "channel": t.channel,
            "start": t.start,
            "end": t.end,
            "text": t.text,
        }
        for t in turns
    ]
    turns_path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")

    duration = audio.shape[0] / SAMPLE_RATE
    print(
        f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB, {duration:.1f} s, "
        f"2 channels at {SAMPLE_RATE} Hz, seller on channel {seller_channel})"
    )
    print(f"wrote {turns_path} ({len(turns)} turns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
