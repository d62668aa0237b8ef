"""Probe a recording before spending compute on it: is there audio, how long, how many channels.

The probe reads the container's header and decodes a moment at the start and near the end, so
a renamed file, a video without sound or an upload cut off half-way is refused in a second,
not after an hour of transcription. The file is only ever opened for reading.
"""

from __future__ import annotations

from pathlib import Path

import av

from pipeline.ingest.errors import (
    EmptyFileError,
    NoAudioTrackError,
    RecordingTooLongError,
    TruncatedRecordingError,
    UnreadableRecordingError,
)
from pipeline.ingest.ogg import ends_mid_page
from pipeline.models import Frozen

DEFAULT_MAX_DURATION_S = 4 * 3600.0
# How much audio the probe decodes at the start and how far before the end it looks.
_HEAD_CHECK_S = 0.5
_TAIL_CHECK_S = 5.0
# A header may round the duration; a tail within this of the promised end is complete.
_TAIL_SLACK_S = 10.0
_WAV_HEADER_BYTES = 4096
# Containers whose header or index states the length exactly (FFmpeg's format names).
_STATED_LENGTH_CONTAINERS = frozenset(
    ["flac", "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "ogg", "wav"]
)
# An MP3's Xing/Info/VBRI tag sits inside its first frame.
_MP3_TAG_REACH = 2048


class AudioInfo(Frozen):
    """What the container says about the first audio stream."""

    path: Path
    duration_s: float
    channels: int
    sample_rate: int
    codec: str
    container: str = ""
    has_video: bool = False


def probe_audio(path: Path, *, max_duration_s: float = DEFAULT_MAX_DURATION_S) -> AudioInfo:
    """Read the file's header and a moment of its audio; refuse it early if it cannot be used.

    Args:
        path: the recording (any container and codec FFmpeg reads).
        max_duration_s: recordings longer than this are refused.

    Raises:
        InputError: a subclass saying why: unreadable, no audio track, zero length, truncated,
            or longer than `max_duration_s`.
    """
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as error:
        if _is_iso_media(path):
            # An MP4/M4A/MOV keeps its index at the end; without it the file cannot be read.
            raise TruncatedRecordingError(
                f"{path.name} is an unfinished MP4/M4A/MOV file (its index is missing): the "
                "recording app stopped before saving it, or the upload was cut off; upload "
                "the complete file"
            ) from error
        raise _unreadable(path, _reason(error)) from error
    with container:
        if not container.streams.audio:
            what = (
                "is a video without an audio track"
                if container.streams.video
                else ("has no audio track")
            )
            raise NoAudioTrackError(f"{path.name} {what}; upload a recording with sound")
        stream = container.streams.audio[0]
        info = AudioInfo(
            path=path,
            duration_s=_duration_s(path, container, stream),
            channels=stream.channels or 1,
            sample_rate=stream.sample_rate or 0,
            codec=stream.codec_context.name,
            container=container.format.name,
            has_video=bool(container.streams.video),
        )
        if info.duration_s <= 0:
            raise EmptyFileError(f"{path.name} contains no audio (zero length)")
        if info.duration_s > max_duration_s:
            raise RecordingTooLongError(
                f"{path.name} is {_clock(info.duration_s)} long; the limit is "
                f"{_clock(max_duration_s)} (split the recording, or raise "
                "CALLPLAN_TRANSCRIBE_MAX_DURATION_S)"
            )
        _check_decodes(path, container, stream, info.duration_s)
    if info.container == "wav":
        _check_wav_length(path, info.duration_s)
    if info.container == "ogg" and ends_mid_page(path):
        raise TruncatedRecordingError(
            f"{path.name} ends in the middle of an Ogg page at {_clock(info.duration_s)}: the "
            "upload or the recording was cut off; upload the complete file"
        )
    return info


def _check_wav_length(path: Path, duration_s: float) -> None:
    """A WAV header states how many bytes of audio follow; fewer on disk means a cut upload.
    (Other formats store their length differently: FLAC, MP3 and WebM are checked by decoding
    near the stated end; Ogg by its last page; raw AAC states no length, so a cut file just
    reads shorter.)"""
    stated = _wav_stated_seconds(path)
    if stated is not None and stated > duration_s + _TAIL_SLACK_S:
        raise TruncatedRecordingError(
            f"{path.name} stops early at {_clock(duration_s)}, though its header says it is "
            f"{_clock(stated)} long; the upload or the recording was probably cut off: upload "
            "the complete file"
        )


def _wav_stated_seconds(path: Path) -> float | None:
    """The length the RIFF header states (None when absent, or marked unknown by a streamer)."""
    with path.open("rb") as handle:
        head = handle.read(_WAV_HEADER_BYTES)
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    position, byte_rate = 12, 0
    while position + 8 <= len(head):
        chunk, size = (
            head[position : position + 4],
            int.from_bytes(head[position + 4 : position + 8], "little"),
        )
        if chunk == b"fmt " and position + 16 <= len(head):
            byte_rate = int.from_bytes(head[position + 16 : position + 20], "little")
        if chunk == b"data":
            unknown = size in (0, 0xFFFFFFFF)
            return None if unknown or not byte_rate else size / byte_rate
        position += 8 + size + (size & 1)
    return None


def states_its_length(path: Path, container: str) -> bool:
    """Whether the file states its length (so audio ending early means it was cut off).

    Raw AAC and MP3 without a Xing/Info/VBRI tag state none: FFmpeg estimates it from the
    bitrate, which can be off by minutes on a long variable-bitrate file, so their tail is not
    held to it.
    """
    if container in _STATED_LENGTH_CONTAINERS:
        return True
    if container != "mp3":
        return False
    with path.open("rb") as handle:
        head = handle.read(10)
        start = 0
        if head[:3] == b"ID3":  # skip the ID3v2 tag (its size is four 7-bit bytes)
            start = 10 + sum((head[6 + i] & 0x7F) << (7 * (3 - i)) for i in range(4))
        handle.seek(start)
        first_frame = handle.read(_MP3_TAG_REACH)
    return any(tag in first_frame for tag in (b"Xing", b"Info", b"VBRI"))


def _is_iso_media(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(12)[4:8] == b"ftyp"


def _check_decodes(
    path: Path,
    container: av.container.InputContainer,
    stream: av.audio.AudioStream,
    duration: float,
) -> None:
    """Decode a moment at the start and near the end: damaged codecs and cut-off uploads fail."""
    if _decoded_seconds(container, stream, _HEAD_CHECK_S) <= 0:
        raise _unreadable(path, "its audio track could not be decoded")
    if duration <= _TAIL_SLACK_S + _TAIL_CHECK_S:
        return  # short: the head check has read (almost) all of it
    if stream.time_base is None or not states_its_length(path, container.format.name):
        return
    target = duration - _TAIL_CHECK_S
    try:
        container.seek(int(target / stream.time_base), stream=stream, backward=True)
        heard_until = _last_timestamp(container, stream)
    except av.error.FFmpegError:
        heard_until = None
    if heard_until is None or heard_until < duration - _TAIL_SLACK_S - _TAIL_CHECK_S:
        where = "" if heard_until is None else f" at {_clock(heard_until)}"
        raise TruncatedRecordingError(
            f"{path.name} stops early{where}, though it says it is {_clock(duration)} long; "
            "the upload or the recording was probably cut off: upload the complete file"
        )


def _decoded_seconds(
    container: av.container.InputContainer, stream: av.audio.AudioStream, wanted_s: float
) -> float:
    seconds = 0.0
    try:
        for frame in container.decode(stream):
            seconds += frame.samples / (frame.sample_rate or 1)
            if seconds >= wanted_s:
                break
    except av.error.FFmpegError:
        pass
    return seconds


def _last_timestamp(
    container: av.container.InputContainer, stream: av.audio.AudioStream
) -> float | None:
    """The end time of the last frame that decodes after a seek, or None if none does."""
    end = None
    try:
        for frame in container.decode(stream):
            if frame.time is not None:
                end = frame.time + frame.samples / (frame.sample_rate or 1)
    except av.error.FFmpegError:
        pass  # a damaged tail: what decoded before it is the answer
    return end


def _duration_s(
    path: Path, container: av.container.InputContainer, stream: av.audio.AudioStream
) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration / av.time_base)
    # Raw streams (ADTS AAC, some mp3) carry no duration; count decoded samples instead.
    try:
        samples = sum(frame.samples for frame in container.decode(stream))
    except av.error.FFmpegError as error:
        raise _unreadable(path, _reason(error)) from error
    finally:
        container.seek(0)
    return samples / stream.sample_rate if stream.sample_rate else 0.0


def _unreadable(path: Path, reason: str) -> UnreadableRecordingError:
    return UnreadableRecordingError(
        f"{path.name} could not be read as audio or video ({reason}); "
        "check that it is a recording and not another file renamed"
    )


def _reason(error: Exception) -> str:
    text = getattr(error, "strerror", None) or str(error)
    return str(text).strip().rstrip(".").lower() or type(error).__name__


def _clock(seconds: float) -> str:
    """1:02:03 or 4:05: how a rep reads a recording's length."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
