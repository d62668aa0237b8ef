"""The transcribe stage: a probed recording in, a speaker-labelled transcript out.

    decode a window (~10 min, cut at a pause) ─► channels: split or mixed ─► speech model
        ─► segments shifted to recording time, split at pauses, bleed dropped ─► next window
    end: no speech? refuse · speakers by channel, by diarization, or one label with a note

Memory holds one window of samples and the recognised text, so it stays flat over a two-hour
call. Progress is the fraction of the recording's audio processed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from pipeline.errors import ConfigurationError
from pipeline.ingest import AudioInfo
from pipeline.ingest.errors import SilentRecordingError, UnsupportedLanguageError
from pipeline.models import Attribution, Segment, Side, Speaker, Transcript, Word
from pipeline.transcribe.channels import (
    ChannelLayout,
    classify_channels,
    envelope_db,
    is_bleed,
    is_silent,
)
from pipeline.transcribe.decode import Window, decode_windows
from pipeline.transcribe.diarize import Diarizer, assign_speakers, no_diarizer_note
from pipeline.transcribe.language import ENOUGH_SPEECH_S, check_english
from pipeline.transcribe.models import Audio, RecognisedSegment, SpeechModel
from pipeline.transcribe.options import TranscribeOptions
from pipeline.turns import merge_turns

Progress = Callable[[float], None]
# Whisper joins one channel's turns across the silence where the other party spoke; a pause
# this long between two words starts a new segment, so turns interleave in the right order.
_TURN_PAUSE_S = 1.0


def transcribe(
    audio: AudioInfo,
    model: SpeechModel,
    progress: Progress | None = None,
    *,
    options: TranscribeOptions | None = None,
    diarizer: Diarizer | None = None,
) -> Transcript:
    """Transcribe a probed recording, a window at a time.

    Args:
        audio: the probed file (see `pipeline.ingest.probe_audio`).
        model: the speech model to use.
        progress: called with the fraction of audio processed, from 0.0 to 1.0.
        options: channel mode, seller channel, limits and language (defaults: automatic).
        diarizer: tells voices apart on a one-channel call; None labels them all S1.

    Returns:
        A transcript with one speaker per channel for two-party stereo, speakers from the
        diarizer for mono calls when one is given, else one speaker "S1" and a note.

    Raises:
        SilentRecordingError: no speech was heard.
        UnsupportedLanguageError: an English-only model heard a call that is clearly not English.
    """
    run = _Run(audio, model, options or TranscribeOptions(), progress)
    for window in decode_windows(
        audio.path,
        stereo=run.stereo,
        window_s=run.options.window_s,
        max_duration_s=run.options.max_duration_s,
    ):
        run.add(window)
    return run.finish(diarizer)


@dataclass
class _Run:
    """The state of one recording's transcription, window after window."""

    audio: AudioInfo
    model: SpeechModel
    options: TranscribeOptions
    progress: Progress | None
    heard: list[tuple[int, RecognisedSegment]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    layout: ChannelLayout | None = None
    # What an English-only model heard first, kept until the language check has been made.
    first_heard: list[RecognisedSegment] = field(default_factory=list)
    language: str | None = None
    english_checked: bool = False
    sound: bool = False
    _done: float = 0.0

    def __post_init__(self) -> None:
        self.language = self.options.language
        self.english_checked = self.options.language is not None
        if self.options.language not in (None, "en") and not self.model.multilingual:
            raise ConfigurationError(
                f"the speech model {self.model.name} only transcribes English, not "
                f"{self.options.language!r}; set CALLPLAN_WHISPER_MODEL=base (multilingual)"
            )
        if self.options.channels == "split":
            self.layout = ChannelLayout.SEPARATE
            if self.audio.channels != 2:
                self.notes.append(
                    f"channels were to be split, but the recording has {self.audio.channels}"
                )

    @property
    def stereo(self) -> bool:
        return self.audio.channels == 2 and self.options.channels != "mono"

    @property
    def split(self) -> bool:
        return self.stereo and self.layout is not ChannelLayout.SAME_MIX

    def add(self, window: Window) -> None:
        """Transcribe one window and keep its segments, in recording time."""
        if self.stereo and self.layout is None:
            # None (too little sound to tell) keeps the channels apart and asks again next
            # window; ONE_SIDED keeps them apart too, since the quiet party may speak later.
            self.layout = classify_channels(window.samples)
        channels = _channels_to_hear(window, split=self.split)
        envelope = envelope_db(window.samples) if self.split else None
        for position, (channel, samples) in enumerate(channels):
            done_before = position / len(channels)
            if is_silent(samples):
                self._report(window, done_before + 1 / len(channels))
                continue
            self.sound = True
            for segment in self._recognise(samples):
                for part in split_on_pauses(segment):
                    if part.text and not (
                        envelope is not None and is_bleed(envelope, channel, part.start, part.end)
                    ):
                        self.heard.append((channel, _shifted(part, window.offset_s)))
                fraction = min(1.0, segment.end / max(window.duration_s, 1e-6))
                self._report(window, done_before + fraction / len(channels))
        self._report(window, 1.0)

    def finish(self, diarizer: Diarizer | None) -> Transcript:
        """Check what was heard and label the speakers."""
        self._check_english()
        if not self.heard:
            raise _no_speech(self.audio, self.sound)
        if self.progress:
            self.progress(1.0)
        labelled, speakers = self._speakers(diarizer)
        labelled.sort(key=lambda item: (item[1].start, item[0]))
        segments = merge_turns(
            Segment(id=i, speaker=label, start=s.start, end=s.end, text=s.text, words=s.words)
            for i, (label, s) in enumerate(labelled)
        )
        if self.language not in (None, "en"):
            self.notes.append(
                f"the call is in '{self.language}'; the offline extractor reads English"
            )
        return Transcript(
            language=self.language or "en",
            duration_s=round(self.audio.duration_s, 3),
            source="audio",
            channels=self.audio.channels,
            speakers=speakers,
            segments=segments,
            notes=tuple(self.notes),
        )

    def _recognise(self, samples: Audio) -> Iterator[RecognisedSegment]:
        if self.language is None and (guess := self.model.detect_language(samples)):
            self.language = guess.language
            self.english_checked = True
        for segment in self.model.recognise(samples, self.language):
            yield segment
            if not self.english_checked:
                self.first_heard.append(segment)
                if sum(s.end - s.start for s in self.first_heard) >= ENOUGH_SPEECH_S:
                    self._check_english()

    def _check_english(self) -> None:
        """Refuse a call an English-only model clearly cannot understand (see `language`);
        made after 30 s of speech, or at the end of a shorter call."""
        if self.english_checked or not self.first_heard:
            return
        check = check_english(self.first_heard, recording_s=self.audio.duration_s)
        self.english_checked = True
        self.first_heard.clear()
        if check.clearly_not_english:
            raise UnsupportedLanguageError(
                f"{self.audio.path.name} does not sound like English ({check.describe()}); "
                f"the speech model {self.model.name} only knows English: set "
                "CALLPLAN_WHISPER_MODEL=base for other languages, or set the language to en "
                "(CALLPLAN_TRANSCRIBE_LANGUAGE=en) if it is English after all"
            )
        self.language = "en"

    def _speakers(
        self, diarizer: Diarizer | None
    ) -> tuple[list[tuple[str, RecognisedSegment]], tuple[Speaker, ...]]:
        channels = sorted({channel for channel, _ in self.heard})
        if self.split and len(channels) == 2:
            labelled = [(f"S{channel + 1}", segment) for channel, segment in self.heard]
            return labelled, _channel_speakers(self.options.seller_channel)
        if self.split:
            self.notes.append(
                f"only channel {channels[0] + 1} carried speech, so the channel does not tell "
                "who is speaking"
            )
        if self.options.seller_channel is not None:
            self.notes.append(
                "the seller channel was not used: the channels do not carry one party each"
            )
        heard = sorted((s for _, s in self.heard), key=lambda s: s.start)
        if diarizer is None:
            self.notes.append(no_diarizer_note())
            return [("S1", s) for s in heard], (Speaker(label="S1"),)
        labelled = assign_speakers(heard, diarizer.diarize(self.audio))
        labels = dict.fromkeys(label for label, _ in labelled)
        self.notes.append(
            f"{len(labels)} voices told apart by {diarizer.name} (diarization): check the names"
        )
        return labelled, tuple(Speaker(label=x, how=Attribution.DIARIZATION) for x in labels)

    def _report(self, window: Window, fraction_of_window: float) -> None:
        if not self.progress:
            return
        done = (window.offset_s + fraction_of_window * window.duration_s) / max(
            self.audio.duration_s, 1e-6
        )
        self._done = max(self._done, min(1.0, done))
        self.progress(self._done)


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
        segment.model_copy(
            update={
                "start": words[0].start,
                "end": words[-1].end,
                "text": " ".join(w.w for w in words),
                "words": tuple(words),
            }
        )
        for words in groups
    ]


def _channels_to_hear(window: Window, *, split: bool) -> list[tuple[int, Audio]]:
    if window.samples.shape[0] == 1:
        return [(0, window.samples[0])]
    if split:
        return [(0, window.samples[0]), (1, window.samples[1])]
    mixed: Audio = window.samples.mean(axis=0, dtype=np.float32)
    return [(0, mixed)]


def _shifted(segment: RecognisedSegment, offset_s: float) -> RecognisedSegment:
    if offset_s == 0:
        return segment
    return segment.model_copy(
        update={
            "start": segment.start + offset_s,
            "end": segment.end + offset_s,
            "words": tuple(
                w.model_copy(update={"start": w.start + offset_s, "end": w.end + offset_s})
                for w in segment.words
            ),
        }
    )


def _channel_speakers(seller_channel: int | None) -> tuple[Speaker, ...]:
    if seller_channel is None:
        return tuple(Speaker(label=f"S{c + 1}", how=Attribution.CHANNEL, channel=c) for c in (0, 1))
    return tuple(
        Speaker(
            label=f"S{c + 1}",
            side=Side.SELLER if c == seller_channel else Side.BUYER,
            how=Attribution.GIVEN,
            channel=c,
        )
        for c in (0, 1)
    )


def _no_speech(audio: AudioInfo, sound: bool) -> SilentRecordingError:
    if not sound:
        return SilentRecordingError(
            f"{audio.path.name} is silent: there is no sound in it; check that the recording "
            "captured the call's audio (the microphone or the meeting's sound source)"
        )
    return SilentRecordingError(
        f"no speech was heard in {audio.path.name} (only noise or music); check that it is "
        "the call's recording"
    )
