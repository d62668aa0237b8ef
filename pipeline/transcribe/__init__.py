"""Transcribe: a probed recording in, a speaker-labelled transcript with word timings out.

options.py    TranscribeOptions: channel mode, seller channel, limits, language
stage.py      transcribe(): the stage, window after window (read this first)
decode.py     PyAV decoding to 16 kHz, in windows cut at pauses (memory stays flat)
channels.py   two-channel calls: one party per channel, or one mix? bleed
models.py     the SpeechModel protocol and faster-whisper behind it
bundled.py    which model folder to load: a path, a bundled package, or a name
language.py   is the call English? (asked of English-only models)
diarize.py    optional diarization of one-channel calls (callplan[diarize])
"""

from pipeline.transcribe.bundled import resolve_model
from pipeline.transcribe.channels import ChannelLayout, carries_separate_speakers
from pipeline.transcribe.diarize import Diarizer, SpeakerTurn, available_diarizer
from pipeline.transcribe.models import (
    SAMPLE_RATE,
    Audio,
    LanguageGuess,
    RecognisedSegment,
    SpeechModel,
    WhisperSpeechModel,
    build_speech_model,
)
from pipeline.transcribe.options import ChannelMode, TranscribeOptions
from pipeline.transcribe.stage import Progress, split_on_pauses, transcribe

__all__ = [
    "SAMPLE_RATE",
    "Audio",
    "ChannelLayout",
    "ChannelMode",
    "Diarizer",
    "LanguageGuess",
    "Progress",
    "RecognisedSegment",
    "SpeakerTurn",
    "SpeechModel",
    "TranscribeOptions",
    "WhisperSpeechModel",
    "available_diarizer",
    "build_speech_model",
    "carries_separate_speakers",
    "resolve_model",
    "split_on_pauses",
    "transcribe",
]
