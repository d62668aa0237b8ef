"""Ingest: decide what a file is and check it before any compute is spent on it."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError, UnsupportedFormatError
from pipeline.ingest.audio import AudioInfo, probe_audio
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

__all__ = ["AUDIO_SUFFIXES", "TRANSCRIPT_SUFFIXES", "AudioInfo", "ingest"]


def ingest(path: Path) -> AudioInfo | Transcript:
    """Open a recording (probed, not decoded) or import a transcript file.

    Args:
        path: an audio/video file or a `.vtt`, `.srt`, `.json` or `.txt` transcript.

    Returns:
        The recording's `AudioInfo`, or the imported `Transcript`.

    Raises:
        InputError: the file is missing, empty, unreadable or not what its name says.
    """
    if not path.is_file():
        raise InputError(f"{path} does not exist or is not a file")
    if path.stat().st_size == 0:
        raise InputError(f"{path.name} is empty (0 bytes)")
    suffix = path.suffix.lower()
    if suffix == ".vtt":
        return import_vtt(path)
    if suffix == ".srt":
        return import_vtt(path, source="srt")
    if suffix == ".json":
        return import_json(path)
    if suffix == ".txt":
        return import_txt(path)
    if suffix in AUDIO_SUFFIXES:
        return probe_audio(path)
    raise UnsupportedFormatError(
        f"{path.name}: unsupported file type {suffix or '(no extension)'}; expected a recording "
        f"({', '.join(sorted(AUDIO_SUFFIXES))}) or a transcript (.vtt, .srt, .json, .txt)"
    )
