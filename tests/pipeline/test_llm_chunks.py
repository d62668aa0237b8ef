"""Cutting a long call into parts: spans under a token budget, with overlap, never mid-segment."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigurationError
from pipeline.extract.llm_chunks import (
    CHARS_PER_TOKEN,
    ChunkBudget,
    estimate_tokens,
    plan_spans,
    retry_tokens,
    split_call,
)
from pipeline.extract.llm_prompt import PromptRenderer
from tests.builders import BUYER, SELLER, context, transcript


def test_spans_cover_every_segment_once_as_news_and_stay_under_budget() -> None:
    sizes = [30.0, 50.0, 20.0, 80.0, 10.0, 60.0, 40.0, 25.0, 35.0, 45.0]
    spans = plan_spans(sizes, room=120, overlap=30)

    news = [i for ids, repeated in spans for i in list(ids)[repeated:]]
    assert news == list(range(len(sizes)))
    for ids, repeated in spans:
        assert sum(sizes[i] for i in ids) <= 120
        assert sum(sizes[i] for i in list(ids)[:repeated]) <= 30
    assert spans[0][1] == 0
    # A previous span's last segment is repeated when it fits the overlap (20 and 10 do; 40 not).
    assert [repeated for _, repeated in spans[1:4]] == [1, 1, 0]


def test_no_overlap_gives_back_to_back_spans() -> None:
    spans = plan_spans([10.0] * 10, room=30, overlap=0)
    assert spans == [(range(0, 3), 0), (range(3, 6), 0), (range(6, 9), 0), (range(9, 10), 0)]


def test_a_segment_longer_than_the_room_gets_a_span_of_its_own() -> None:
    spans = plan_spans([10.0, 500.0, 10.0], room=100, overlap=0)
    assert [ids for ids, _ in spans] == [range(0, 1), range(1, 2), range(2, 3)]


def test_overlap_never_repeats_a_whole_span() -> None:
    # Each span holds one big segment; repeating it whole would make no progress.
    spans = plan_spans([90.0, 90.0, 90.0], room=100, overlap=95)
    assert spans == [(range(0, 1), 0), (range(1, 2), 0), (range(2, 3), 0)]


def test_a_short_call_is_one_part_and_a_long_one_several() -> None:
    lines = [("Daniel Brooks", "word " * 40), ("Sarah Mitchell", "more words " * 30)] * 20
    call = transcript(lines, (SELLER, BUYER))
    renderer = PromptRenderer()

    [whole] = split_call(call, context(), renderer, ChunkBudget(128_000, 4096, 300))
    assert whole.segment_ids == range(len(call.segments)) and whole.count == 1

    parts = split_call(call, context(), renderer, ChunkBudget(4096, 1024, 300))
    assert len(parts) > 1
    assert [p.number for p in parts] == list(range(1, len(parts) + 1))
    for part in parts:  # each whole prompt fits the context with room for the answer
        prompt = renderer.prompt(call, context(), part)
        assert estimate_tokens(prompt.text) + 1024 <= 4096


def test_parts_keep_room_for_a_correction_turn() -> None:
    # A retry sends the first prompt again plus the failed answer and the errors: it must fit.
    lines = [("Daniel Brooks", "word " * 40), ("Sarah Mitchell", "more words " * 30)] * 20
    call = transcript(lines, (SELLER, BUYER))
    renderer = PromptRenderer()
    retry = retry_tokens(max_output_tokens=512, max_attempts=3)
    assert retry == 512 + 400 and retry_tokens(512, max_attempts=1) == 0

    first_only = split_call(call, context(), renderer, ChunkBudget(4096, 512, 0))
    with_retry = split_call(call, context(), renderer, ChunkBudget(4096, 512, 0, retry))
    assert len(with_retry) > len(first_only)
    for part in with_retry:
        prompt = renderer.prompt(call, context(), part)
        assert estimate_tokens(prompt.text) + 512 + retry <= 4096


def test_a_context_with_no_room_for_the_transcript_is_a_configuration_error() -> None:
    call = transcript([("Daniel Brooks", "Hello.")], (SELLER,))
    with pytest.raises(ConfigurationError) as raised:
        split_call(call, context(), PromptRenderer(), ChunkBudget(2048, 2048, 0))

    assert "CALLPLAN_LLM_CONTEXT_TOKENS=2048" in raised.value.message
    assert "CALLPLAN_LLM_MAX_OUTPUT_TOKENS" in raised.value.message


def test_the_estimate_is_characters_over_the_calibrated_ratio() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("x" * 33) == 10
    assert pytest.approx(3.3) == CHARS_PER_TOKEN
