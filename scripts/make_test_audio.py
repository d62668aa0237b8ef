#!/usr/bin/env python3
"""Generate the synthetic audio the benchmarks measure against (espeak-ng voices, sox).

Three sets, each written with its ground truth beside it, into ``--out`` (default ``out/testset``):

``clips/``    short single-speaker clips (four voices), ``clips.json`` with the words spoken: WER.
``meeting/``  a mono call with four voices taking turns (two per side), ``turns.json`` and
              ``participants.json``: speaker attribution with diarization.
``long/``     ``call-60min.ogg``: the bundled two-channel sample call repeated to 60 minutes:
              peak memory and throughput on a long recording.
``foreign/``  ``german.wav``, ``spanish.wav``: the English-only model must refuse these.

Deterministic (espeak-ng is, and sox runs in repeatable mode). Usage::

    python scripts/make_test_audio.py [--out out/testset] [--only clips,meeting,long,foreign]

Needs the ``espeak-ng`` and ``sox`` programs (Debian packages of the same names).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample_audio import (  # a sibling script, not a package
    DEFAULT_SAMPLE_DIR,
    REPO_ROOT,
    SAMPLE_RATE,
    synthesize,
)

VOICES = {
    "us-male": ("en-us+m1", 165),
    "us-female": ("en-us+f2", 155),
    "gb-male": ("en-gb+m3", 160),
    "us-female-2": ("en-us+f4", 150),
}

CLIPS = [
    ("us-male", "We would like to go live on the first of March with the finance team."),
    ("us-female", "Our security review usually takes about three weeks from the questionnaire."),
    ("gb-male", "I will send the order form and the pricing proposal by Friday afternoon."),
    ("us-female-2", "Legal needs to review the data processing agreement before we can sign."),
    ("us-male", "The budget for this project was approved by the board in September."),
    ("us-female", "Can you walk me through how the reporting dashboard handles month end close?"),
    ("gb-male", "Let's schedule a technical deep dive with your IT team next Tuesday."),
    ("us-female-2", "We currently spend about forty hours a month on manual reconciliation."),
]

MEETING_PARTICIPANTS = [
    {"name": "Daniel Brooks", "side": "seller", "title": "Account Executive", "voice": "us-male"},
    {"name": "Priya Shah", "side": "seller", "title": "Solutions Engineer", "voice": "us-female"},
    {"name": "Tom Baker", "side": "buyer", "title": "IT Director", "voice": "gb-male"},
    {"name": "Karen Patel", "side": "buyer", "title": "CFO", "voice": "us-female-2"},
]

MEETING_SCRIPT = [
    ("Daniel Brooks", "Thanks everyone for joining. I'm Daniel Brooks from Northwind Software."),
    ("Priya Shah", "Hi all, this is Priya Shah, I'm the solutions engineer on the Northwind side."),
    ("Tom Baker", "Good morning. I'm Tom Baker, I run IT at Greenfield Foods."),
    ("Karen Patel", "And I'm Karen Patel, the chief financial officer."),
    ("Daniel Brooks", "Great. Karen, could you start with what you want to achieve this year?"),
    (
        "Karen Patel",
        "We want to cut the monthly close from ten days to five by the end of June. "
        "The board meets in July and I need to show progress.",
    ),
    ("Priya Shah", "That is a common goal. Which systems feed the close today?"),
    (
        "Tom Baker",
        "Mostly our ERP and a lot of spreadsheets. Security will want to see your "
        "questionnaire before anything touches the ERP.",
    ),
    ("Priya Shah", "Understood. I will send the security questionnaire to Tom by Friday."),
    ("Tom Baker", "Thanks. Our review usually takes about three weeks."),
    ("Daniel Brooks", "Karen, who else needs to approve the purchase?"),
    ("Karen Patel", "I sign anything under two hundred thousand. Above that it goes to the CEO."),
    ("Daniel Brooks", "Then I will send you a pricing proposal by next Tuesday."),
    ("Karen Patel", "Perfect. Let's plan a follow up call in two weeks."),
    ("Tom Baker", "I will ask legal to look at the data processing agreement in the meantime."),
    ("Priya Shah", "Sounds good. Thank you all, talk soon."),
]

FOREIGN = {
    "german": (
        "de",
        "Guten Tag, vielen Dank für Ihre Zeit. Wir möchten die Buchhaltung bis Ende März "
        "umstellen und brauchen dafür ein Angebot. Können Sie uns die Preise bis Freitag "
        "schicken? Unsere Rechtsabteilung muss den Vertrag noch prüfen.",
    ),
    "spanish": (
        "es",
        "Buenos días, gracias por su tiempo. Queremos cambiar el sistema de contabilidad "
        "antes de finales de marzo y necesitamos una propuesta. ¿Puede enviarnos los precios "
        "el viernes? Nuestro departamento legal tiene que revisar el contrato.",
    ),
}

GAP_S = 0.6


def write_wav(path: Path, samples: np.ndarray) -> None:
    """Write float32 samples (frames or frames x channels) as 16-bit PCM WAV."""
    import wave

    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1 if pcm.ndim == 1 else pcm.shape[1])
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(pcm.tobytes())


def make_clips(out: Path, work: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for index, (voice_name, text) in enumerate(CLIPS):
        voice, rate = VOICES[voice_name]
        clip = synthesize(text, voice, rate, work)
        pad = np.zeros(int(0.5 * SAMPLE_RATE), dtype=np.float32)
        name = f"clip{index:02d}.wav"
        write_wav(out / name, np.concatenate([pad, clip, pad]))
        truth.append({"file": name, "voice": voice_name, "text": text})
    (out / "clips.json").write_text(json.dumps(truth, indent=2) + "\n", "utf-8")
    print(f"wrote {len(truth)} clips to {out}")


def make_meeting(out: Path, work: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    voice_of = {p["name"]: p["voice"] for p in MEETING_PARTICIPANTS}
    pieces: list[np.ndarray] = [np.zeros(int(0.5 * SAMPLE_RATE), dtype=np.float32)]
    cursor = pieces[0].size
    turns = []
    gap = np.zeros(int(GAP_S * SAMPLE_RATE), dtype=np.float32)
    for speaker, text in MEETING_SCRIPT:
        voice, rate = VOICES[voice_of[speaker]]
        clip = synthesize(text, voice, rate, work)
        turns.append(
            {
                "speaker": speaker,
                "start": round(cursor / SAMPLE_RATE, 3),
                "end": round((cursor + clip.size) / SAMPLE_RATE, 3),
                "text": text,
            }
        )
        pieces += [clip, gap]
        cursor += clip.size + gap.size
    write_wav(out / "meeting.wav", np.concatenate(pieces))
    (out / "turns.json").write_text(json.dumps(turns, indent=2) + "\n", "utf-8")
    people = [{k: p[k] for k in ("name", "side", "title")} for p in MEETING_PARTICIPANTS]
    (out / "participants.json").write_text(json.dumps(people, indent=2) + "\n", "utf-8")
    (out / "script.txt").write_text(
        "".join(f"{speaker}: {text}\n" for speaker, text in MEETING_SCRIPT), "utf-8"
    )
    print(f"wrote {out / 'meeting.wav'} ({cursor / SAMPLE_RATE:.0f} s, {len(turns)} turns)")


def make_long(out: Path, minutes: float) -> None:
    out.mkdir(parents=True, exist_ok=True)
    sample = DEFAULT_SAMPLE_DIR / "call.ogg"
    info = subprocess.run(["soxi", "-D", str(sample)], capture_output=True, text=True, check=True)
    copies = max(1, round(minutes * 60 / float(info.stdout)))
    target = out / f"call-{round(minutes)}min.ogg"
    subprocess.run(["sox", "-R", *[str(sample)] * copies, str(target)], check=True)
    print(f"wrote {target} ({copies} copies of the sample call)")


def make_foreign(out: Path, work: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, (voice, text) in FOREIGN.items():
        raw = work / f"{name}-raw.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), "--", text], check=True)
        subprocess.run(
            [
                "sox",
                "-R",
                str(raw),
                "-r",
                str(SAMPLE_RATE),
                "-c",
                "1",
                "-b",
                "16",
                str(out / f"{name}.wav"),
            ],
            check=True,
        )
    print(f"wrote {', '.join(FOREIGN)} to {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "out" / "testset")
    parser.add_argument("--only", default="clips,meeting,long,foreign")
    parser.add_argument("--long-minutes", type=float, default=60.0)
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="callplan-testset-") as tmp:
        work = Path(tmp)
        if "clips" in wanted:
            make_clips(args.out / "clips", work)
        if "meeting" in wanted:
            make_meeting(args.out / "meeting", work)
        if "long" in wanted:
            make_long(args.out / "long", args.long_minutes)
        if "foreign" in wanted:
            make_foreign(args.out / "foreign", work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
