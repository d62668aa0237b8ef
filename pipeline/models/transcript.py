"""The transcript of a call: who said what, when (the `transcript.json` contract)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from pipeline.models.base import Frozen, Side

TranscriptSource = Literal["audio", "vtt", "srt", "json", "txt"]


class Word(Frozen):
    """One recognised word with its timing (seconds from the start of the recording)."""

    w: str
    start: float
    end: float
    p: float = Field(ge=0.0, le=1.0)


class Segment(Frozen):
    """One utterance by one speaker."""

    id: int = Field(ge=0)
    speaker: str
    start: float = Field(ge=0.0)
    end: float = Field(ge=0.0)
    text: str
    words: tuple[Word, ...] = ()


class Attribution(StrEnum):
    """How a speaker label was tied to a person; recorded so nobody is guessed silently."""

    CHANNEL = "channel"  # one party per audio channel
    DIARIZATION = "diarization"
    INTRODUCTION = "introduction"  # "this is David from Northwind"
    GIVEN = "given"  # the upload said who the label is
    TRANSCRIPT = "transcript"  # the recorder's transcript carried the name
    ELIMINATION = "elimination"  # the only participant left for the only label left
    ADDRESS = "address"  # the other party called them by name ("Thanks, Sarah")


class Participant(Frozen):
    """A person known to be on the call (from the invite or the upload)."""

    name: str = Field(min_length=1)
    side: Side = Side.UNKNOWN
    title: str | None = None
    company: str | None = None


class Speaker(Frozen):
    """A speaker label and what is known about the person behind it."""

    label: str
    name: str | None = None
    side: Side = Side.UNKNOWN
    how: Attribution | None = None
    channel: int | None = None

    @property
    def display_name(self) -> str:
        return self.name or self.label


class Transcript(Frozen):
    """A whole call, speaker-labelled, with segment ids that evidence refers to."""

    language: str = "en"
    duration_s: float = Field(ge=0.0)
    source: TranscriptSource
    channels: int = Field(default=1, ge=0)
    speakers: tuple[Speaker, ...] = ()
    segments: tuple[Segment, ...] = ()
    notes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _ids_are_positions(self) -> Transcript:
        # Evidence cites segments by id; ids equal to positions make every citation checkable.
        for position, segment in enumerate(self.segments):
            if segment.id != position:
                raise ValueError(
                    f"segment ids must be 0..n-1 in order; got {segment.id} at {position}"
                )
        return self

    def speaker(self, label: str) -> Speaker:
        """The speaker with this label (a bare label if the transcript never named it)."""
        for speaker in self.speakers:
            if speaker.label == label:
                return speaker
        return Speaker(label=label)

    def segment(self, segment_id: int) -> Segment:
        return self.segments[segment_id]

    @property
    def text(self) -> str:
        return "\n".join(f"{s.speaker}: {s.text}" for s in self.segments)
