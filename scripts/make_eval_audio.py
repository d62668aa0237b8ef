#!/usr/bin/env python3
"""Speak the evaluation calls that carry an ``audio_path`` with espeak-ng, as two-channel Ogg.

For every row of ``eval/datasets/sales-calls-v1/*.jsonl`` with ``audio_path`` set (a subset of
short two-party calls), each utterance is spoken by its speaker's voice and the turns are laid
out one after another with a short gap: the seller on the left channel (0), the buyer on the
right channel (1), silence on the idle channel during a turn. The result is written to the
row's ``audio_path`` as Ogg Vorbis, 16 kHz per channel, and the ground-truth timing of every
turn (speaker, side, channel, start, end, text) to ``<same name>.turns.json`` beside it, so
word error rate and speaker attribution can be scored.

Voices and rates are the ones ``scripts/make_sample_audio.py`` found best for
faster-whisper tiny.en (en-us+m1 at 165 wpm for the seller, en-us+f2 at 155 wpm for the
buyer); the synthesis helpers are that script's. Output is deterministic:
espeak-ng is deterministic, gaps come from a generator seeded by the row id, and sox runs in
repeatable mode.

Usage::

    python scripts/make_eval_audio.py                 # every row with audio_path
    python scripts/make_eval_audio.py --ids disc-saas-01 renew-saas-01
    python scripts/make_eval_audio.py --list          # which rows, nothing written

Needs the ``espeak-ng`` and ``sox`` programs and the Callplan package on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_sample_audio as sample  # noqa: E402  (the sample script's synthesis helpers)

from eval.dataset import DATASETS, CallRow, load_rows  # noqa: E402

DEFAULT_SETS = DATASETS / "sales-calls-v1"
SELLER_CHANNEL = 0  # left
BUYER_CHANNEL = 1  # right
MAX_DURATION_S = 240.0  # the subset is short calls: at most four minutes each
MAX_BYTES = 1_000_000  # keep each file under 1 MB; re-encode at lower quality if needed
QUALITIES = ("2", "1", "0")  # sox -C for Ogg Vorbis, best first


def rows_with_audio(files: list[Path]) -> list[CallRow]:
    rows = [row for path in files for row in load_rows(path) if row.audio_path]
    return sorted(rows, key=lambda row: row.id)


def sides_of(row: CallRow) -> dict[str, str]:
    """Each speaker's side; the subset must be exactly one seller and one buyer."""
    sides = {p.name: p.side.value for p in row.participants}
    if sorted(sides.values()) != ["buyer", "seller"]:
        raise ValueError(f"{row.id}: audio needs one seller and one buyer, got {sides}")
    unknown = {u.speaker for u in row.utterances} - sides.keys()
    if unknown:
        raise ValueError(f"{row.id}: speakers not among the participants: {sorted(unknown)}")
    return sides


def render(row: CallRow, workdir: Path) -> tuple[np.ndarray, list[dict[str, object]]]:
    """Lay the row's turns out on two channels; return (frames x 2 audio, turns)."""
    sides = sides_of(row)
    rng = random.Random(zlib.crc32(row.id.encode("utf-8")))
    rate = sample.SAMPLE_RATE
    cursor = int(sample.LEAD_S * rate)
    placed: list[tuple[int, int, np.ndarray]] = []
    turns: list[dict[str, object]] = []
    for index, utterance in enumerate(row.utterances):
        side = sides[utterance.speaker]
        voice, wpm = sample.VOICES[side]
        channel = SELLER_CHANNEL if side == "seller" else BUYER_CHANNEL
        if index:
            cursor += round(rng.uniform(*sample.GAP_RANGE_S) * rate)
        clip = sample.synthesize(utterance.text, voice, wpm, workdir)
        placed.append((cursor, channel, clip))
        turns.append(
            {
                "speaker": utterance.speaker,
                "side": side,
                "channel": channel,
                "start": round(cursor / rate, 3),
                "end": round((cursor + clip.size) / rate, 3),
                "text": utterance.text,
            }
        )
        cursor += clip.size
    audio = np.zeros((cursor + int(sample.LEAD_S * rate), 2), dtype=np.float32)
    for offset, channel, clip in placed:
        audio[offset : offset + clip.size, channel] = clip
    return audio, turns


def encode(wav: Path, out: Path) -> str:
    """Ogg Vorbis at the best quality that stays under MAX_BYTES; returns the quality used."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for quality in QUALITIES:
        # Repeatable mode (-R): the same input gives the same bytes.
        subprocess.run(["sox", "-R", str(wav), "-t", "vorbis", "-C", quality, str(out)], check=True)
        if out.stat().st_size <= MAX_BYTES:
            return quality
    return QUALITIES[-1]


def make(row: CallRow) -> tuple[float, int, str]:
    assert row.audio_path is not None
    out = REPO_ROOT / row.audio_path
    with tempfile.TemporaryDirectory(prefix="callplan-eval-audio-") as tmp:
        workdir = Path(tmp)
        audio, turns = render(row, workdir)
        duration = audio.shape[0] / sample.SAMPLE_RATE
        if duration > MAX_DURATION_S:
            raise ValueError(f"{row.id}: {duration:.0f} s is over the {MAX_DURATION_S:.0f} s limit")
        wav = workdir / "call.wav"
        sample.write_wav_stereo(wav, audio)
        quality = encode(wav, out)
    turns_path = out.with_suffix(".turns.json")
    payload = {
        "id": row.id,
        "audio": row.audio_path,
        "sample_rate": sample.SAMPLE_RATE,
        "channels": {"0": "seller", "1": "buyer"},
        "duration_s": round(duration, 3),
        "turns": turns,
    }
    turns_path.write_text(
        json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return duration, out.stat().st_size, quality


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        help=f"JSONL files to read (default: {DEFAULT_SETS.relative_to(REPO_ROOT)}/*.jsonl)",
    )
    parser.add_argument("--ids", nargs="*", default=None, help="only these row ids")
    parser.add_argument("--list", action="store_true", help="list the rows, write nothing")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    files = args.files or sorted(DEFAULT_SETS.glob("*.jsonl"))
    rows = rows_with_audio(files)
    if args.ids is not None:
        missing = set(args.ids) - {row.id for row in rows}
        if missing:
            print(f"error: no row with audio_path for {sorted(missing)}", file=sys.stderr)
            return 1
        rows = [row for row in rows if row.id in args.ids]
    if args.list:
        for row in rows:
            words = sum(len(u.text.split()) for u in row.utterances)
            print(f"{row.id}  {len(row.utterances)} turns  {words} words  -> {row.audio_path}")
        return 0
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            print(f"error: {tool} is not installed (apt-get install {tool})", file=sys.stderr)
            return 1
    for row in rows:
        sides_of(row)  # fail early, before any audio is written
    for row in rows:
        duration, size, quality = make(row)
        print(
            f"wrote {row.audio_path} ({size / 1024:.0f} KiB, {duration:.1f} s, "
            f"Vorbis q{quality}, seller left, buyer right)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
