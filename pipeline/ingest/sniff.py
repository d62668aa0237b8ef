"""Tell what a file is from its first bytes, not its name: a `.wav` may be an mp3 or a text file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

FileKind = Literal["media", "vtt", "srt", "json", "text", "unknown"]

_HEAD_BYTES = 4096
# Container signatures at offset 0 (WAV/AVI, MP3 with ID3, Ogg, FLAC, Matroska/WebM, ASF/WMA,
# AIFF, CAF, AMR) and at offset 4 (ISO base media: mp4, m4a, mov, 3gp).
_MAGIC_AT_0 = (
    b"RIFF",
    b"ID3",
    b"OggS",
    b"fLaC",
    b"\x1aE\xdf\xa3",
    b"\x30\x26\xb2\x75\x8e\x66\xcf\x11",
    b"FORM",
    b"caff",
    b"#!AMR",
)
_MAGIC_AT_4 = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")
_SRT_START = re.compile(r"\A\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")


def sniff(path: Path) -> FileKind:
    """What the file's content says it is (it reads the first 4 KiB only)."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if head.startswith(_MAGIC_AT_0) or head[4:8] in _MAGIC_AT_4:
        return "media"
    text = _as_text(head)
    if text is not None:
        stripped = text.lstrip("\ufeff \t\r\n")
        if stripped.startswith("WEBVTT"):
            return "vtt"
        if _SRT_START.match(text.lstrip("\ufeff")):
            return "srt"
        if stripped.startswith(("{", "[")):
            return "json"
        return "text"
    if _mpeg_frame_sync(head):
        return "media"
    return "unknown"


def _as_text(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # The 4 KiB cut may split a multi-byte character; anything earlier is not UTF-8.
        if error.start >= len(head) - 3:
            return head[: error.start].decode("utf-8-sig")
        return None


def _mpeg_frame_sync(head: bytes) -> bool:
    """An MPEG audio frame (mp3 without ID3) or an ADTS AAC frame at the start of the file."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    if head[1] & 0xF6 == 0xF0:  # ADTS: sync 0xFFF and layer bits 00
        return True
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 0b11
    return version != 0b01 and layer != 0b00 and bitrate not in (0, 0b1111) and rate != 0b11
