"""The speech model behind a small protocol, and faster-whisper as its implementation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from pipeline.errors import ConfigurationError
from pipeline.models import Frozen, Word
from pipeline.settings import Settings, WhisperSettings, default_data_dir
from pipeline.transcribe.bundled import resolve_model

SAMPLE_RATE = 16_000
Audio = NDArray[np.float32]


class RecognisedSegment(Frozen):
    """What the speech model heard in one stretch of one channel (times in seconds)."""

    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    # The decoder's own confidence: the language check reads these.
    avg_logprob: float = 0.0
    no_speech_prob: float = Field(default=0.0, ge=0.0, le=1.0)
    temperature: float = 0.0


class LanguageGuess(Frozen):
    language: str
    probability: float = Field(ge=0.0, le=1.0)


class SpeechModel(Protocol):
    """A speech recogniser: 16 kHz mono samples in, timed segments out, in order."""

    name: str

    @property
    def multilingual(self) -> bool: ...

    def recognise(self, samples: Audio, language: str | None = None) -> Iterator[RecognisedSegment]:
        """Segments with times from the start of `samples`; English-only models ignore
        `language`; None lets a multilingual model detect it."""
        ...

    def detect_language(self, samples: Audio) -> LanguageGuess | None:
        """The language spoken, or None when the model cannot tell (English-only models)."""
        ...


class WhisperSpeechModel:
    """faster-whisper (CTranslate2) on the CPU by default, int8, VAD on, word timestamps."""

    def __init__(self, settings: WhisperSettings, *, models_dir: Path | None = None) -> None:
        """Load the model named in `settings` (a split bundled model is joined in `models_dir`,
        by default the per-user data directory's `models/`)."""
        from faster_whisper import BatchedInferencePipeline, WhisperModel  # heavy import

        self.name = settings.model
        self._settings = settings
        location = resolve_model(settings.model, models_dir or default_data_dir() / "models")
        try:
            self._model = WhisperModel(
                location,
                device=settings.device,
                compute_type=settings.compute_type,
                cpu_threads=settings.cpu_threads,
            )
        except Exception as error:  # hub errors, missing files, unknown devices: many types
            raise ConfigurationError(
                f"the speech model {settings.model!r} could not be loaded ({error}); use tiny.en "
                "(bundled), base (pip install 'callplan[base]') or a CTranslate2 model folder"
            ) from error
        self._batched = BatchedInferencePipeline(self._model) if settings.batch_size else None

    @property
    def multilingual(self) -> bool:
        return bool(self._model.model.is_multilingual)

    def recognise(self, samples: Audio, language: str | None = None) -> Iterator[RecognisedSegment]:
        segments, _info = self._transcribe(samples, language if self.multilingual else "en")
        for segment in segments:
            words = tuple(
                Word(w=w.word.strip(), start=w.start, end=w.end, p=round(w.probability, 3))
                for w in segment.words or ()
                if w.word.strip()
            )
            yield RecognisedSegment(
                start=segment.start,
                end=segment.end,
                text=segment.text.strip(),
                words=words,
                avg_logprob=segment.avg_logprob,
                no_speech_prob=min(1.0, max(0.0, segment.no_speech_prob)),
                temperature=segment.temperature or 0.0,
            )

    def detect_language(self, samples: Audio) -> LanguageGuess | None:
        if not self.multilingual:
            return None
        language, probability, _all = self._model.detect_language(
            samples, vad_filter=self._settings.vad, language_detection_segments=3
        )
        return LanguageGuess(language=language, probability=min(1.0, float(probability)))

    def _transcribe(self, samples: Audio, language: str | None) -> tuple[Any, Any]:
        common: dict[str, Any] = {
            "language": language,
            "beam_size": self._settings.beam_size,
            "word_timestamps": True,
        }
        if self._batched is not None:
            # The batched pipeline always cuts the audio with VAD; it keeps no context.
            return self._batched.transcribe(  # type: ignore[no-any-return]
                samples, batch_size=self._settings.batch_size, **common
            )
        return self._model.transcribe(  # type: ignore[no-any-return]
            samples,
            vad_filter=self._settings.vad,
            condition_on_previous_text=self._settings.condition_on_previous_text,
            **common,
        )


def build_speech_model(settings: Settings) -> WhisperSpeechModel:
    """The speech model the settings name, with split models cached under the data directory."""
    return WhisperSpeechModel(settings.whisper, models_dir=settings.data_dir / "models")
