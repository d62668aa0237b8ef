"""Why a recording cannot be used: each a typed `InputError` whose message a rep can act on.

    InputError                        (pipeline.errors) fix the input, then retry
    ├── UnsupportedFormatError        (pipeline.errors) a format Callplan does not read
    ├── EmptyFileError                0 bytes, or a recording of zero length
    ├── UnreadableRecordingError      not audio or video at all, or its audio cannot be decoded
    │   └── TruncatedRecordingError   the file stops before its header says it ends
    ├── NoAudioTrackError             a video (or container) without an audio stream
    ├── RecordingTooLongError         longer than the configured limit
    ├── SilentRecordingError          decodes, but there is no sound or no speech in it
    └── UnsupportedLanguageError      not English, and the speech model only knows English

All of them leave the file where it was, untouched, so it can be inspected.
"""

from __future__ import annotations

from pipeline.errors import InputError


class EmptyFileError(InputError):
    """The file has no bytes, or the recording has no length."""


class UnreadableRecordingError(InputError):
    """The file is not a recording Callplan can decode (or another file renamed)."""


class TruncatedRecordingError(UnreadableRecordingError):
    """The recording ends before its header says it should: the upload was cut off."""


class NoAudioTrackError(InputError):
    """The container holds no audio stream (a screen recording without sound, say)."""


class RecordingTooLongError(InputError):
    """The recording is longer than the configured limit."""


class SilentRecordingError(InputError):
    """The recording decodes but holds no sound, or no speech the model could hear."""


class UnsupportedLanguageError(InputError):
    """The call is not in a language the configured speech model transcribes."""
