"""What the upload and the settings say about how to transcribe one recording."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from pipeline.ingest import DEFAULT_MAX_DURATION_S
from pipeline.models import Frozen
from pipeline.settings import TranscriptionSettings

ChannelMode = Literal["auto", "mono", "split"]


class TranscribeOptions(Frozen):
    """Per-recording options of the transcribe stage (the CLI's `--channels`, `--seller-channel`).

    Attributes:
        channels: `auto` splits a two-channel file when each channel carries its own party,
            `split` always transcribes the two channels apart, `mono` mixes them.
        seller_channel: the channel (0 = left, 1 = right) that carries the seller, when the
            upload knows it; the other channel is then the buyer.
        max_duration_s: recordings longer than this are refused.
        window_s: audio is decoded and transcribed this many seconds at a time.
        language: a language code to transcribe in; None detects it (English-only models
            refuse a call that is clearly not English), "en" skips the check.
    """

    channels: ChannelMode = "auto"
    seller_channel: Literal[0, 1] | None = None
    max_duration_s: float = Field(default=DEFAULT_MAX_DURATION_S, gt=0)
    window_s: float = Field(default=600.0, ge=5.0)
    language: str | None = Field(default=None, min_length=2, max_length=3)

    @model_validator(mode="after")
    def _seller_channel_needs_channels(self) -> TranscribeOptions:
        if self.seller_channel is not None and self.channels == "mono":
            raise ValueError(
                "a seller channel needs the channels transcribed apart; "
                "use channels 'auto' or 'split', not 'mono'"
            )
        return self

    @classmethod
    def from_settings(cls, settings: TranscriptionSettings, **overrides: Any) -> TranscribeOptions:
        """The settings' defaults, with what the upload said (None values are ignored)."""
        values: dict[str, Any] = {
            "channels": settings.channels,
            "max_duration_s": settings.max_duration_s,
            "window_s": settings.window_s,
            "language": settings.language,
        }
        values |= {key: value for key, value in overrides.items() if value is not None}
        return cls.model_validate(values)
