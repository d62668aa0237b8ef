"""Probe a recording before spending compute on it: is there audio, how long, how many channels."""

from __future__ import annotations

from pathlib import Path

import av

from pipeline.errors import InputError
from pipeline.models import Frozen

DEFAULT_MAX_DURATION_S = 4 * 3600.0


class AudioInfo(Frozen):
    """What the container says about the first audio stream."""

    path: Path
    duration_s: float
    channels: int
    sample_rate: int
    codec: str


def probe_audio(path: Path, *, max_duration_s: float = DEFAULT_MAX_DURATION_S) -> AudioInfo:
    """Read the file's header (not its samples) and refuse it early if it cannot be transcribed.

    Raises:
        InputError: unreadable, no audio stream, zero length or longer than `max_duration_s`.
    """
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, UnicodeDecodeError) as error:
        raise InputError(
            f"{path.name} could not be read as audio or video ({_reason(error)}); "
            "check that it is a recording and not another file renamed"
        ) from error
    with container:
        if not container.streams.audio:
            raise InputError(f"{path.name} has no audio track; upload a recording with sound")
        stream = container.streams.audio[0]
        duration_s = _duration_s(container, stream)
        info = AudioInfo(
            path=path,
            duration_s=duration_s,
            channels=stream.channels or 1,
            sample_rate=stream.sample_rate or 0,
            codec=stream.codec_context.name,
        )
    if info.duration_s <= 0:
        raise InputError(f"{path.name} contains no audio (zero length)")
    if info.duration_s > max_duration_s:
        raise InputError(
            f"{path.name} is {info.duration_s / 3600:.1f} h long; the limit is "
            f"{max_duration_s / 3600:.1f} h (split the recording or raise the limit)"
        )
    return info


def _duration_s(container: av.container.InputContainer, stream: av.audio.AudioStream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    # Some containers (raw streams) carry no duration; count decoded samples instead.
    samples = sum(frame.samples for frame in container.decode(stream))
    return samples / stream.sample_rate if stream.sample_rate else 0.0


def _reason(error: Exception) -> str:
    text = getattr(error, "strerror", None) or str(error)
    return str(text).strip().rstrip(".").lower() or type(error).__name__
