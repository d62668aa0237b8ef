"""Is this call in English? Asked of an English-only model, which cannot say so itself.

An English-only whisper model turns any speech into English-looking words. On speech it does
not know it struggles visibly: its decoder falls back to sampling (temperature above 0)
because greedy decoding failed the log-probability or compression checks, its average token
log-probability drops, and its per-word confidence falls. Measured with tiny.en on espeak-ng
speech (benchmarks/README.md): English clips decode at temperature 0 with average
log-probability -0.25 to -0.5 and word confidence 0.77 or more; German and Spanish fall back to
temperature 0.4-1.0, with log-probability -0.63 to -3 and word confidence 0.15-0.62. A call is
refused only when at least two of the three signs agree over enough speech (8 s, or 40% of a
shorter recording); a noisy English call may show one of them. On speech it does not know the
model also drops much of what it heard, and how much varies from run to run as it samples: of
a 10 s German clip it kept 1.4 to 10 s in 45 runs. So when all three signs agree, a quarter of
that much speech is enough.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import Frozen
from pipeline.transcribe.models import RecognisedSegment

# Judge once this much speech has been heard (or at the end of the first window).
ENOUGH_SPEECH_S = 30.0
_MIN_SPEECH_S = 8.0
_MIN_SHARE_OF_SHORT_RECORDING = 0.4
_FALLBACK_SHARE = 0.5  # share of speech decoded with temperature > 0
_LOW_LOGPROB = -0.65
_LOW_WORD_CONFIDENCE = 0.7
_ALL_SIGNS_SHARE = 0.25  # of the speech needed, when all three signs agree


class EnglishCheck(Frozen):
    """The evidence for and against English, and the verdict."""

    speech_s: float
    needed_s: float = _MIN_SPEECH_S  # speech heard before a verdict
    fallback_share: float
    avg_logprob: float
    word_confidence: float

    @property
    def signs(self) -> int:
        """How many of the three signs of a language the model does not know are present."""
        return sum(
            (
                self.fallback_share >= _FALLBACK_SHARE,
                self.avg_logprob < _LOW_LOGPROB,
                self.word_confidence < _LOW_WORD_CONFIDENCE,
            )
        )

    @property
    def clearly_not_english(self) -> bool:
        if self.signs == 3:
            return self.speech_s >= _ALL_SIGNS_SHARE * self.needed_s
        return self.signs == 2 and self.speech_s >= self.needed_s

    def describe(self) -> str:
        return (
            f"over {self.speech_s:.0f} s of speech the English-only model's word confidence "
            f"averaged {self.word_confidence:.0%}, and it fell back to guessing for "
            f"{self.fallback_share:.0%} of it"
        )


def check_english(
    segments: Sequence[RecognisedSegment], recording_s: float | None = None
) -> EnglishCheck:
    """Weigh what an English-only model produced on the first stretch of a call (of a
    recording `recording_s` long, if known)."""
    needed = _MIN_SPEECH_S
    if recording_s is not None:
        needed = min(needed, _MIN_SHARE_OF_SHORT_RECORDING * recording_s)
    durations = [max(s.end - s.start, 0.01) for s in segments]
    total = sum(durations)
    if not segments:
        return EnglishCheck(
            speech_s=0.0, needed_s=needed, fallback_share=0.0, avg_logprob=0.0, word_confidence=1.0
        )
    fallback = sum(d for d, s in zip(durations, segments, strict=True) if s.temperature > 0)
    logprob = sum(d * s.avg_logprob for d, s in zip(durations, segments, strict=True)) / total
    words = [w.p for s in segments for w in s.words]
    return EnglishCheck(
        speech_s=total,
        needed_s=needed,
        fallback_share=fallback / total,
        avg_logprob=logprob,
        word_confidence=sum(words) / len(words) if words else 1.0,
    )
