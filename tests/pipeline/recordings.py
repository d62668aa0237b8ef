"""Builders for test recordings: stretches of the sample call (or made-up signals) encoded by
PyAV into the containers and codecs reps upload, written to a test's tmp folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

from pipeline.models import Word
from pipeline.transcribe import RecognisedSegment
from tests.builders import SAMPLE

RATE = 16_000
Samples = NDArray[np.float32]  # (channels, n), in [-1, 1]


@dataclass(frozen=True)
class Format:
    """How to write one kind of file: container, audio codec and its sample rate."""

    suffix: str
    container: str
    codec: str
    rate: int = RATE
    video: bool = False
    options: tuple[tuple[str, str], ...] = ()  # the encoder's
    muxer: tuple[tuple[str, str], ...] = ()  # the container's


FORMATS = {
    "wav": Format(".wav", "wav", "pcm_s16le"),
    "mp3": Format(".mp3", "mp3", "libmp3lame"),
    "m4a": Format(".m4a", "ipod", "aac"),
    "aac": Format(".aac", "adts", "aac"),
    "mp4": Format(".mp4", "mp4", "aac", video=True),
    "mov": Format(".mov", "mov", "aac", video=True),
    "webm": Format(".webm", "webm", "libopus", rate=48_000),
    "opus": Format(".opus", "ogg", "libopus", rate=48_000),
    "ogg": Format(".ogg", "ogg", "vorbis", options=(("strict", "experimental"),)),
    "flac": Format(".flac", "flac", "flac"),
}


def sample_call(seconds: float, start: float = 0.0) -> Samples:
    """A stretch of the bundled two-channel sample call, as (2, n) float samples at 16 kHz."""
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
    pieces = []
    with av.open(str(SAMPLE / "call.ogg")) as container:
        for frame in container.decode(audio=0):
            pieces += [f.to_ndarray() for f in resampler.resample(frame)]
    joined = np.concatenate(pieces, axis=1).astype(np.float32)
    return joined[:, round(start * RATE) : round((start + seconds) * RATE)]


def tone(seconds: float, channels: int = 1, level: float = 0.3) -> Samples:
    """A 440 Hz tone: sound, but no speech."""
    t = np.arange(round(seconds * RATE)) / RATE
    wave = (level * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    return np.tile(wave, (channels, 1))


def encode(samples: Samples, path: Path, kind: str | Format) -> Path:
    """Write `samples` to `path` in the given format (a key of FORMATS, or a Format)."""
    fmt = FORMATS[kind] if isinstance(kind, str) else kind
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    with av.open(str(path), "w", format=fmt.container, options=dict(fmt.muxer)) as out:
        stream = out.add_stream(fmt.codec, rate=fmt.rate, layout=layout)
        stream.codec_context.options = dict(fmt.options)
        video = _video_stream(out) if fmt.video else None
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name, layout=layout, rate=fmt.rate
        )
        source = av.AudioFrame.from_ndarray(_interleaved_s16(samples), format="s16", layout=layout)
        source.sample_rate = RATE
        fifo = av.AudioFifo()
        for frame in [*resampler.resample(source), *resampler.resample(None)]:
            fifo.write(frame)
        size = stream.codec_context.frame_size or 1024
        while fifo.samples:
            out.mux(stream.encode(fifo.read(min(size, fifo.samples))))
        out.mux(stream.encode(None))
        if video is not None:
            _write_video(out, video, seconds=samples.shape[1] / RATE)
    return path


def video_only(path: Path, seconds: float = 3.0) -> Path:
    """An mp4 with a video stream and no audio (a screen recording without sound)."""
    with av.open(str(path), "w", format="mp4") as out:
        _write_video(out, _video_stream(out), seconds)
    return path


def _video_stream(out: av.container.OutputContainer) -> av.VideoStream:
    stream = out.add_stream("mpeg4", rate=Fraction(1, 1))
    stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
    return stream


def _write_video(out: av.container.OutputContainer, stream: av.VideoStream, seconds: float) -> None:
    for index in range(max(1, round(seconds))):
        picture = np.full((32, 32, 3), index * 20 % 255, dtype=np.uint8)
        frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
        frame.pts = index
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def _interleaved_s16(samples: Samples) -> NDArray[np.int16]:
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype(np.int16)
    return pcm.T.reshape(1, -1)


def bursts(
    plan: list[tuple[int, float, float, float]], seconds: float, channels: int = 2
) -> Samples:
    """Tone bursts `(channel, start_s, end_s, frequency_hz)` on otherwise silent channels."""
    samples = np.zeros((channels, round(seconds * RATE)), dtype=np.float32)
    for channel, start, end, frequency in plan:
        first, last = round(start * RATE), round(end * RATE)
        t = np.arange(last - first) / RATE
        samples[channel, first:last] += (0.3 * np.sin(2 * np.pi * frequency * t)).astype(np.float32)
    return samples


class ToneSpeechModel:
    """A speech model for tone bursts: each stretch of sound is "heard" as one segment whose
    text names the tone's frequency ("tone 440"), with the stretch's real start and end.

    It exercises everything the stage does around the model (windows, offsets, channels,
    bleed, progress, speakers) on audio whose right answer is known exactly.
    """

    name = "tones"
    multilingual = False

    def __init__(self) -> None:
        self.calls = 0

    def recognise(self, samples: Samples, language: str | None = None) -> Iterator[Any]:
        self.calls += 1
        frame = RATE // 100
        count = samples.size // frame
        loud = np.sqrt(np.mean(np.square(samples[: count * frame].reshape(count, frame)), axis=1))
        active = np.flatnonzero(loud > 0.01)
        if active.size == 0:
            return
        runs = np.split(active, np.flatnonzero(np.diff(active) > 30) + 1)
        for run in runs:
            start, end = run[0] * frame / RATE, (run[-1] + 1) * frame / RATE
            stretch = samples[run[0] * frame : (run[-1] + 1) * frame]
            spectrum = np.abs(np.fft.rfft(stretch))
            hz = round(float(np.argmax(spectrum)) * RATE / stretch.size / 10) * 10
            yield RecognisedSegment(
                start=start,
                end=end,
                text=f"tone {hz}",
                words=(Word(w="tone", start=start, end=end, p=0.9),),
                avg_logprob=-0.2,
            )

    def detect_language(self, samples: Samples) -> None:
        return None
