"""Ingest: decide what a file is and check it before any compute is spent on it.

The content decides, not the name: a `.wav` that is really an mp3 is probed as a recording, a
`.txt` that is really WebVTT is imported as WebVTT, and a text file renamed `.wav` is refused
with a message saying so. The file itself is never modified, whatever happens.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError, UnsupportedFormatError
from pipeline.ingest.audio import DEFAULT_MAX_DURATION_S, AudioInfo, probe_audio
from pipeline.ingest.errors import EmptyFileError, UnreadableRecordingError
from pipeline.ingest.sniff import FileKind, sniff
from pipeline.ingest.transcripts import import_json, import_txt, import_vtt
from pipeline.models import Transcript

AUDIO_SUFFIXES = frozenset(
    [
        ".wav",
        ".mp3",
        ".m4a",
        ".aac",
        ".mp4",
        ".mov",
        ".webm",
        ".ogg",
        ".oga",
        ".opus",
        ".flac",
        ".mkv",
        ".wma",
    ]
)
TRANSCRIPT_SUFFIXES = frozenset([".vtt", ".srt", ".json", ".txt"])

__all__ = [
    "AUDIO_SUFFIXES",
    "DEFAULT_MAX_DURATION_S",
    "TRANSCRIPT_SUFFIXES",
    "AudioInfo",
    "ingest",
    "probe_audio",
]


def ingest(path: Path, *, max_duration_s: float = DEFAULT_MAX_DURATION_S) -> AudioInfo | Transcript:
    """Open a recording (probed, not decoded) or import a transcript file.

    Args:
        path: an audio/video file or a `.vtt`, `.srt`, `.json` or `.txt` transcript.
        max_duration_s: recordings longer than this are refused before any work is done.

    Returns:
        The recording's `AudioInfo`, or the imported `Transcript`.

    Raises:
        InputError: the file is missing, empty, unreadable or not what its name says (the
            subclasses in `pipeline.ingest.errors` say which).
    """
    if not path.is_file():
        raise InputError(f"{path} does not exist or is not a file")
    if path.stat().st_size == 0:
        raise EmptyFileError(f"{path.name} is empty (0 bytes); upload the file again")
    suffix = path.suffix.lower()
    kind = sniff(path)
    if kind == "media" or (kind == "unknown" and suffix not in TRANSCRIPT_SUFFIXES):
        if kind == "unknown" and suffix not in AUDIO_SUFFIXES:
            raise _unsupported(path, suffix)
        return probe_audio(path, max_duration_s=max_duration_s)
    return _import_transcript(path, kind, suffix)


def _import_transcript(path: Path, kind: FileKind, suffix: str) -> Transcript:
    if kind == "vtt" or (kind == "text" and suffix == ".vtt"):
        return import_vtt(path)
    if kind == "srt" or (kind == "text" and suffix == ".srt"):
        return import_vtt(path, source="srt")
    if kind == "json":
        return import_json(path)
    if suffix in AUDIO_SUFFIXES:
        raise UnreadableRecordingError(
            f"{path.name} could not be read as audio or video (it is a text file); "
            "check that it is a recording and not another file renamed"
        )
    if suffix in TRANSCRIPT_SUFFIXES:
        # A .json that is not JSON, or a binary .txt: the importer says what is wrong.
        importer = import_json if suffix == ".json" else import_txt
        return importer(path)
    raise _unsupported(path, suffix)


def _unsupported(path: Path, suffix: str) -> UnsupportedFormatError:
    return UnsupportedFormatError(
        f"{path.name}: unsupported file type {suffix or '(no extension)'}; expected a recording "
        f"({', '.join(sorted(AUDIO_SUFFIXES))}) or a transcript (.vtt, .srt, .json, .txt)"
    )
