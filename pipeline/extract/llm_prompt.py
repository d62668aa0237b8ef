"""The extraction prompt: versioned jinja2 templates (`prompts/extract/vN/`) rendered for a call.

    system      system.j2                          fixed rules; the transcript is data
    user        context.j2 + transcript.j2 + instructions.j2
    correction  correction.j2                      the last answer's errors, and the ids to cite

A long call is sent in parts (`Part`): each part's prompt carries the whole call context and its
own segments, with the transcript's global segment ids, so evidence needs no translation.
`extract-v1` stays renderable, so an old evaluation report can be reproduced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from pipeline.extract.base import CallContext
from pipeline.extract.llm_schema import EVIDENCE_MAX, LIST_MAX, QUOTE_MAX, TEXT_MAX
from pipeline.models import (
    CommitmentStatus,
    KeyDateKind,
    RiskKind,
    Role,
    Side,
    Transcript,
)
from prompts import environment

PROMPT_VERSION = "extract-v2"
PROMPT_FOLDERS = {"extract-v1": "extract/v1", "extract-v2": "extract/v2"}


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str

    @property
    def text(self) -> str:
        return f"{self.system}\n{self.user}"


@dataclass(frozen=True)
class Part:
    """The segments one request shows: `segment_ids`, the first `repeated` of which also ended
    the previous part (they are context for items that straddle the cut)."""

    number: int  # from 1
    count: int
    segment_ids: range
    repeated: int = 0

    @property
    def label(self) -> str:
        return f"part {self.number} of {self.count} (segments {self.first} to {self.last})"

    @property
    def first(self) -> int:
        return self.segment_ids.start

    @property
    def last(self) -> int:
        return self.segment_ids.stop - 1


class PromptRenderer:
    """Renders one prompt version's templates (StrictUndefined: a missing variable raises)."""

    def __init__(self, version: str = PROMPT_VERSION, env: Environment | None = None) -> None:
        if version not in PROMPT_FOLDERS:
            raise ValueError(f"unknown prompt version {version!r} (known: {list(PROMPT_FOLDERS)})")
        self.version = version
        self._folder = PROMPT_FOLDERS[version]
        self._env = env or environment()

    def prompt(
        self, transcript: Transcript, context: CallContext, part: Part | None = None
    ) -> Prompt:
        """The system prompt and the user message (context, transcript or one part, what to return).

        A part that covers the whole call is rendered as the whole call: no part header.
        """
        ids = part.segment_ids if part else range(len(transcript.segments))
        whole = part is None or part.count == 1
        lines = transcript_lines(transcript, ids)
        user = "\n".join(
            [
                self.render("context", **_context_variables(context)),
                self._transcript(lines, None if whole else part),
                self.render("instructions", **_INSTRUCTION_VARIABLES),
            ]
        )
        return Prompt(system=self.render("system"), user=user)

    def correction(self, errors: Sequence[str], segment_ids: range) -> str:
        return self.render(
            "correction",
            errors=errors,
            first_segment_id=segment_ids.start,
            last_segment_id=segment_ids.stop - 1,
        )

    def line_sizes(self, transcript: Transcript) -> list[int]:
        """How many characters each segment adds to the rendered transcript (for chunking)."""
        empty = len(self._transcript([], None))
        return [
            len(self._transcript([line], None)) - empty
            for line in transcript_lines(transcript, range(len(transcript.segments)))
        ]

    def render(self, name: str, **variables: Any) -> str:
        return self._env.get_template(f"{self._folder}/{name}.j2").render(**variables)

    def _transcript(self, lines: list[dict[str, Any]], part: Part | None) -> str:
        header = None
        if part is not None:
            header = {
                "number": part.number,
                "count": part.count,
                "first": part.first,
                "last": part.last,
                "repeated_last": part.first + part.repeated - 1 if part.repeated else None,
            }
        return self.render("transcript", lines=lines, part=header)


def render_prompt(
    transcript: Transcript, context: CallContext, version: str = PROMPT_VERSION
) -> Prompt:
    """The whole call's prompt in one request (see `PromptRenderer.prompt`)."""
    return PromptRenderer(version).prompt(transcript, context)


def transcript_lines(transcript: Transcript, segment_ids: range) -> list[dict[str, Any]]:
    """One line per segment: id, start, the speaker's name (or label) and side, the words."""
    lines = []
    for segment in transcript.segments[segment_ids.start : segment_ids.stop]:
        speaker = transcript.speaker(segment.speaker)
        lines.append(
            {
                "id": segment.id,
                "start": segment.start,
                "speaker": speaker.display_name,
                "side": speaker.side.value,
                "text": segment.text,
            }
        )
    return lines


def _context_variables(context: CallContext) -> dict[str, Any]:
    plan = context.current_plan
    return {
        "call_date": context.call_date,
        "timezone": context.timezone,
        "buyer_company": context.buyer_company,
        "seller_company": context.seller_company,
        "participants": context.participants,
        "milestones": plan.milestones if plan else (),
    }


_INSTRUCTION_VARIABLES: dict[str, Any] = {
    "limits": {**LIST_MAX, "evidence": EVIDENCE_MAX, "quote": QUOTE_MAX, "text": TEXT_MAX},
    "sides": [s.value for s in Side],
    "roles": [r.value for r in Role],
    "statuses": [s.value for s in CommitmentStatus],
    "key_date_kinds": [k.value for k in KeyDateKind],
    "risk_kinds": [k.value for k in RiskKind],
}
