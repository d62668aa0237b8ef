"""Long calls: the transcript cut into parts that fit the model's context, between segments.

    context_tokens = fixed prompt (rules, call context, instructions) + part's lines + answer
                                                                        (max_output_tokens)

Each part after the first repeats the last segments of the one before (`overlap_tokens` worth),
so a request and its answer that straddle a cut ("Can you send the pricing?" / "Yes, by
Tuesday") are seen together once. Items found twice in the overlap are merged afterwards
(`llm_merge`). Tokens are estimated, not counted: no tokenizer is needed, or downloaded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.errors import ConfigurationError
from pipeline.extract.base import CallContext
from pipeline.extract.llm_prompt import Part, PromptRenderer
from pipeline.models import Transcript

# Measured on rendered transcripts with SmolLM2's tokenizer (49k words): 3.3 to 3.75 characters
# per token (ids, times and names cost more than prose). Tokenizers with larger vocabularies
# (GPT-4o, Llama 3) need fewer tokens, so this errs on the side of parts that fit.
CHARS_PER_TOKEN = 3.3
# Role markers and message framing that the chat template adds around the two messages.
_FRAMING_TOKENS = 32
# A failed answer echoed back in a correction is cut to this many characters.
ECHO_MAX_CHARS = 4000
# The correction's own words and the list of errors, at most.
CORRECTION_TOKENS = 400


def retry_tokens(max_output_tokens: int, max_attempts: int) -> int:
    """Context a correction turn adds to the first prompt (none when there is no retry)."""
    if max_attempts <= 1:
        return 0
    return min(max_output_tokens, round(ECHO_MAX_CHARS / CHARS_PER_TOKEN)) + CORRECTION_TOKENS


# A part must leave the transcript at least this much room, or the settings make no sense.
_MIN_TRANSCRIPT_TOKENS = 256


def estimate_tokens(text: str) -> int:
    """A cheap, slightly high estimate of the tokens in `text`."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


@dataclass(frozen=True)
class ChunkBudget:
    """How much of the model's context a request may use."""

    context_tokens: int
    max_output_tokens: int
    overlap_tokens: int
    # Room for a correction turn: the failed answer echoed back (at most ECHO_MAX_CHARS) and the
    # errors. A retry's prompt is the first prompt plus this, and it must fit too.
    retry_tokens: int = 0


def split_call(
    transcript: Transcript, context: CallContext, renderer: PromptRenderer, budget: ChunkBudget
) -> list[Part]:
    """The parts to send, in order; one part when the whole call fits.

    Raises:
        ConfigurationError: the context leaves no room for the transcript.
    """
    room = transcript_room(transcript, context, renderer, budget)
    sizes = [chars / CHARS_PER_TOKEN for chars in renderer.line_sizes(transcript)]
    # Overlap is context, not content: it may not crowd out the part's own segments.
    overlap = min(budget.overlap_tokens, room // 4)
    spans = plan_spans(sizes, room, overlap)
    return [
        Part(number=i, count=len(spans), segment_ids=ids, repeated=repeated)
        for i, (ids, repeated) in enumerate(spans, start=1)
    ]


def transcript_room(
    transcript: Transcript, context: CallContext, renderer: PromptRenderer, budget: ChunkBudget
) -> int:
    """Tokens left for a part's transcript lines once the fixed prompt and the answer fit."""
    # The fixed text is sized with the longest part header it can have.
    widest = Part(number=999, count=999, segment_ids=range(99_998, 99_999), repeated=1)
    fixed = estimate_tokens(renderer.prompt(transcript, context, widest).text) + _FRAMING_TOKENS
    room = budget.context_tokens - budget.max_output_tokens - budget.retry_tokens - fixed
    if room < _MIN_TRANSCRIPT_TOKENS:
        raise ConfigurationError(
            f"CALLPLAN_LLM_CONTEXT_TOKENS={budget.context_tokens} leaves {max(room, 0)} tokens "
            f"for the transcript after the answer (CALLPLAN_LLM_MAX_OUTPUT_TOKENS="
            f"{budget.max_output_tokens}) and the instructions (~{fixed}); raise the first "
            "(to the model's context window) or lower the second"
        )
    return room


def plan_spans(sizes: Sequence[float], room: float, overlap: float) -> list[tuple[range, int]]:
    """Consecutive spans of segment ids with at most `room` tokens each, as (ids, repeated).

    A span after the first starts with the previous span's last segments, up to `overlap`
    tokens of them (`repeated` says how many). A single segment longer than `room` gets a span
    of its own rather than being cut: segment ids are what evidence cites.
    """
    spans: list[tuple[range, int]] = []
    start = 0
    while start < len(sizes):
        back, used = start, 0.0
        if spans:
            previous, repeated = spans[-1]
            floor = previous.start + repeated + 1  # never repeat all of the previous span's news
            while back > floor and used + sizes[back - 1] <= overlap:
                back -= 1
                used += sizes[back]
        end, total = start, used
        while end < len(sizes) and (end == start or total + sizes[end] <= room):
            total += sizes[end]
            end += 1
        spans.append((range(back, end), start - back))
        start = end
    return spans
