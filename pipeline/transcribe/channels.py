"""Two-channel recordings: does each channel carry its own party, and is a segment only bleed?

Dialers and Zoom's "separate audio" put one party on each channel; a meeting app's stereo mix
or a mono file saved as stereo puts everyone on both. The loudness of the two channels, frame
by frame, tells them apart: with one party per channel each channel is the louder one for a
good part of the call, by a wide margin; with a mix the difference stays small or constant.
One party's voice leaking faintly into the other channel (bleed) does not change that, but the
speech model may transcribe the leak, so segments heard where the other channel was much
louder are dropped.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from pipeline.transcribe.models import SAMPLE_RATE, Audio

FRAME_S = 0.1
_FLOOR_DB = -100.0
# Below this (dBFS, 100 ms RMS) a frame is silence; a channel whose loudest frame is below it is
# silent. Speech on a call sits around -30 to -10 dBFS.
SILENCE_DB = -60.0
# Frames more than this below the loudest speech are background, not evidence either way.
_ACTIVE_RANGE_DB = 30.0
# A channel "leads" a frame when it is this much louder than the other one.
_LEAD_DB = 6.0
# One party per channel: each channel leads at least this share of the active frames.
_MIN_LEAD_SHARE = 0.05
# Only one channel speaks (the other silent, or carrying faint bleed only): it leads by this
# much in at least `_ONE_SIDED_SHARE` of the active frames.
_ONE_SIDED_DB = 15.0
_ONE_SIDED_SHARE = 0.8
# A segment is bleed when the other channel leads most of its active frames.
_BLEED_SHARE = 0.6


_MIN_ACTIVE_FRAMES = 10


class ChannelLayout(StrEnum):
    SEPARATE = "separate"  # one party per channel
    ONE_SIDED = "one_sided"  # only one channel carries speech (so far)
    SAME_MIX = "same_mix"  # both channels carry the same mix


def envelope_db(samples: NDArray[np.float32]) -> NDArray[np.float64]:
    """Loudness in dBFS of each 100 ms frame, per channel: shape (channels, frames)."""
    frame = round(FRAME_S * SAMPLE_RATE)
    count = samples.shape[-1] // frame
    if count == 0:
        return np.full((samples.shape[0], 0), _FLOOR_DB)
    frames = samples[:, : count * frame].reshape(samples.shape[0], count, frame)
    rms = np.sqrt(np.mean(np.square(frames), axis=2)).astype(np.float64)
    decibels: NDArray[np.float64] = np.maximum(20 * np.log10(np.maximum(rms, 1e-10)), _FLOOR_DB)
    return decibels


def classify_channels(samples: NDArray[np.float32]) -> ChannelLayout | None:
    """What a stretch of two-channel audio (shape (2, n)) says about its channels; None when
    it holds too little sound to tell (under a second)."""
    envelope = envelope_db(samples)
    difference = _active_difference(envelope)
    if difference.size < _MIN_ACTIVE_FRAMES:
        return None
    lead = (np.mean(difference > _LEAD_DB), np.mean(difference < -_LEAD_DB))
    if min(lead) >= _MIN_LEAD_SHARE:
        return ChannelLayout.SEPARATE
    strong = max(np.mean(difference > _ONE_SIDED_DB), np.mean(difference < -_ONE_SIDED_DB))
    if strong >= _ONE_SIDED_SHARE:
        return ChannelLayout.ONE_SIDED
    return ChannelLayout.SAME_MIX


def carries_separate_speakers(left: Audio, right: Audio) -> bool:
    """True when the two channels carry one party each (see `classify_channels`)."""
    count = min(left.size, right.size)
    stacked = np.stack([left[:count], right[:count]])
    return classify_channels(stacked) is ChannelLayout.SEPARATE


def is_silent(samples: Audio) -> bool:
    """No frame of `samples` rises above the silence threshold (nothing to transcribe)."""
    return bool(np.max(envelope_db(samples[np.newaxis]), initial=_FLOOR_DB) < SILENCE_DB)


def is_bleed(envelope: NDArray[np.float64], channel: int, start_s: float, end_s: float) -> bool:
    """True when, over [start_s, end_s], the other channel was clearly the louder one: what
    was heard on `channel` then is the other party leaking in, not its own speaker."""
    first = int(start_s / FRAME_S)
    last = max(first + 1, int(np.ceil(end_s / FRAME_S)))
    span = envelope[:, first:last]
    difference = _active_difference(span)
    if difference.size == 0:
        return False
    own = difference if channel == 0 else -difference
    return bool(np.mean(own < -_LEAD_DB) >= _BLEED_SHARE)


def _active_difference(envelope: NDArray[np.float64]) -> NDArray[np.float64]:
    """Left minus right loudness over the frames where someone is speaking."""
    if envelope.shape[1] == 0:
        return np.zeros(0)
    loudest = envelope.max(axis=0)
    reference = float(np.percentile(loudest, 95))
    active = loudest > max(reference - _ACTIVE_RANGE_DB, SILENCE_DB)
    difference: NDArray[np.float64] = envelope[0, active] - envelope[1, active]
    return difference
