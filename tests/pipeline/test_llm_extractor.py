"""The LLM extractor over real HTTP: a llama.cpp server, and a server replaying recorded answers."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest

from pipeline.errors import ConfigurationError, ExtractionError
from pipeline.extract import extract
from pipeline.extract.llm import LLMExtractor
from pipeline.extract.llm_providers import LLMOptions, build_chat_model, llm_options
from pipeline.extract.llm_schema import LIST_MAX, response_format
from pipeline.models import Extraction, ExtractorInfo, Side, Transcript
from pipeline.settings import LLMSettings
from tests.builders import BUYER, SELLER, context, transcript
from tests.pipeline.llm_http import Recorded, RecordedServer, answer, api_error, completion

CALL = transcript(
    [
        ("Daniel Brooks", "Thanks for your time, Sarah. How does your close work today?"),
        ("Sarah Mitchell", "Our month-end close takes ten days, mostly spreadsheets and email."),
        ("Sarah Mitchell", "Our goal is to cut month-end close to five days by the end of Q3."),
        ("Daniel Brooks", "Is there a date driving the timeline?"),
        ("Sarah Mitchell", "We need to be live by June 1st, because our vendor contract ends."),
        ("Sarah Mitchell", "Our CFO, Karen Patel, signs anything over fifty thousand dollars."),
        ("Daniel Brooks", "Got it. I'll send over our security questionnaire by Friday."),
        ("Sarah Mitchell", "Tom will review the data processing agreement by December 15th."),
    ],
    (SELLER, BUYER),
)

QUESTIONNAIRE = {
    "evidence": [
        {"quote": "I'll send over our security questionnaire by Friday", "segment_ids": [6]}
    ],
    "action": "Send the security questionnaire",
    "owner": "Daniel Brooks",
    "owner_role": None,
    "owner_side": "seller",
    "due_text": "by Friday",
    "status": "committed",
}
DPA_REVIEW = {
    "evidence": [{"quote": "Tom will review the data processing agreement", "segment_ids": [7]}],
    "action": "Review the data processing agreement",
    "owner": "Tom",
    "owner_role": None,
    "owner_side": "buyer",
    "due_text": "by December 15th",
    "status": "committed",
}


def extractor_for(base_url: str, **settings: Any) -> LLMExtractor:
    """An extractor over the real OpenAI client, failing fast: no transport retries, no cache."""
    llm = LLMSettings(
        **{"model": "recorded", "max_retries": 0, "timeout_s": 5.0, **settings},
        base_url=base_url,
        _env_file=None,
    )
    return LLMExtractor(build_chat_model(llm), llm_options(llm))


# --- end to end against llama.cpp -----------------------------------------------------------


@pytest.mark.slow
def test_a_real_model_over_http_gives_a_valid_extraction(llm_server: str) -> None:
    # A small output budget keeps the test short; SmolLM2-135M fills every list it is offered
    # and is cut off, which exercises keeping the complete items of a truncated answer.
    settings = LLMSettings(base_url=llm_server, model="smollm2", max_output_tokens=256)
    extraction = LLMExtractor(build_chat_model(settings), llm_options(settings)).extract(
        CALL, context()
    )

    assert extraction.extractor == ExtractorInfo(
        name="llm", model="smollm2", prompt_version="extract-v2"
    )
    assert extraction.usage is not None
    assert extraction.usage.attempts >= 1
    assert extraction.usage.input_tokens > 0
    assert extraction.usage.output_tokens > 0
    assert extraction.usage.latency_s > 0
    # Content quality is not asserted (a 135M model); the contract is.
    assert Extraction.model_validate_json(extraction.model_dump_json()) == extraction
    cited = {
        i
        for kind in extraction.counts()
        for item in getattr(extraction, kind)
        for e in item.evidence
        for i in e.segment_ids
    }
    assert cited <= set(range(len(CALL.segments)))


# --- the correction loop --------------------------------------------------------------------


def test_errors_are_fed_back_until_the_answer_is_valid() -> None:
    answers = [
        completion('{"outcomes": [', prompt_tokens=900, completion_tokens=5),
        completion("Sure! Here are the items.", prompt_tokens=950, completion_tokens=6),
        completion(answer(commitments=[QUESTIONNAIRE]), prompt_tokens=980, completion_tokens=70),
    ]
    with RecordedServer(answers) as server:
        extraction = extractor_for(server.base_url).extract(CALL, context())

    assert extraction.usage is not None
    assert extraction.usage.attempts == 3
    assert extraction.usage.input_tokens == 900 + 950 + 980
    assert extraction.usage.output_tokens == 5 + 6 + 70
    assert extraction.problems == ()
    [commitment] = extraction.commitments
    assert (commitment.owner, commitment.due_text, commitment.due_date) == (
        "Daniel Brooks",
        "by Friday",
        None,  # dates are resolved later, by normalise
    )
    [evidence] = commitment.evidence
    assert evidence.speaker == "Daniel Brooks"
    assert (evidence.start, evidence.end) == pytest.approx(
        (CALL.segments[6].start, CALL.segments[6].end), abs=0.01
    )

    first, second = server.requests[0], server.requests[1]
    assert first["response_format"]["type"] == "json_schema"
    assert first["response_format"]["json_schema"]["strict"] is True
    assert [m["role"] for m in second["messages"]] == ["system", "user", "assistant", "user"]
    assert second["messages"][2]["content"] == '{"outcomes": ['
    assert "could not be used" in second["messages"][3]["content"]
    assert "not valid JSON" in second["messages"][3]["content"]


def test_the_answer_goes_on_through_grounding_and_date_resolution() -> None:
    invented = {**DPA_REVIEW, "evidence": [{"quote": "we sign today", "segment_ids": [7]}]}
    with RecordedServer([completion(answer(commitments=[QUESTIONNAIRE, invented]))]) as server:
        extraction = extract(CALL, extractor_for(server.base_url), context())

    [commitment] = extraction.commitments  # the invented quote did not survive grounding
    assert commitment.due_date == dt.date(2026, 11, 20)  # "by Friday", said on Wed 18 Nov
    assert extraction.grounding.dropped == 1


def test_garbage_every_time_raises_with_every_attempt() -> None:
    garbage = completion("I cannot help with that.")
    with RecordedServer([garbage]) as server, pytest.raises(ExtractionError) as raised:
        extractor_for(server.base_url).extract(CALL, context())

    assert len(server.requests) == 3
    assert len(raised.value.attempts) == 3
    assert all(a.raw_output == "I cannot help with that." for a in raised.value.attempts)
    assert all("not valid JSON" in (a.error or "") for a in raised.value.attempts)
    assert "3 attempts" in raised.value.message
    assert "\n" not in raised.value.message


def test_max_attempts_bounds_the_requests() -> None:
    with RecordedServer([completion("nope")]) as server:
        llm = LLMSettings(base_url=server.base_url, model="recorded", max_retries=0)
        extractor = LLMExtractor(build_chat_model(llm), LLMOptions(max_attempts=1))
        with pytest.raises(ExtractionError):
            extractor.extract(CALL, context())
    assert len(server.requests) == 1


# --- keeping what validated -----------------------------------------------------------------


def test_invalid_items_are_dropped_and_recorded_the_valid_ones_kept() -> None:
    vendor_side = {**DPA_REVIEW, "owner_side": "vendor"}
    phantom_risk = {
        "evidence": [{"quote": "legal is buried in year-end work", "segment_ids": [42]}],
        "kind": "legal",
        "description": "Legal review has no date",
    }
    partly_valid = answer(
        commitments=[QUESTIONNAIRE, vendor_side, DPA_REVIEW], risks=[phantom_risk]
    )
    with RecordedServer([completion(partly_valid)]) as server:
        extraction = extractor_for(server.base_url).extract(CALL, context())

    assert [c.action for c in extraction.commitments] == [
        "Send the security questionnaire",
        "Review the data processing agreement",
    ]
    assert extraction.commitments[1].owner_side == Side.BUYER
    assert extraction.risks == ()
    problems = "\n".join(extraction.problems)
    assert "commitments[1] dropped" in problems and "owner_side" in problems
    assert "risks[0] dropped" in problems and "[42] do not exist" in problems
    # Every attempt was spent trying to get it fully right first, with the errors fed back.
    assert extraction.usage is not None and extraction.usage.attempts == 3
    assert "owner_side" in server.requests[1]["messages"][-1]["content"]


def test_an_answer_cut_off_at_the_token_limit_keeps_its_complete_items() -> None:
    whole = answer(commitments=[QUESTIONNAIRE, DPA_REVIEW])
    cut = whole[: whole.index("Review the data")] + "Review the da"
    with RecordedServer([completion(cut, completion_tokens=256, finish="length")]) as server:
        extraction = extractor_for(server.base_url).extract(CALL, context())

    assert [c.action for c in extraction.commitments] == ["Send the security questionnaire"]
    assert any("cut off" in p for p in extraction.problems)
    assert extraction.usage is not None
    assert extraction.usage.output_tokens == 3 * 256
    assert "cut off" in server.requests[1]["messages"][-1]["content"]


def test_an_empty_transcript_is_not_sent(unused_port: int) -> None:
    empty = Transcript(duration_s=0.0, source="txt")
    extraction = extractor_for(f"http://127.0.0.1:{unused_port}/v1").extract(empty, context())

    assert extraction.counts() == dict.fromkeys(LIST_MAX, 0)
    assert extraction.usage is not None and extraction.usage.attempts == 0
    assert extraction.problems


# --- transport failures ---------------------------------------------------------------------


def test_an_unreachable_endpoint_fails_fast_with_its_url(unused_port: int) -> None:
    url = f"http://127.0.0.1:{unused_port}/v1"
    started = time.perf_counter()
    with pytest.raises(ExtractionError) as raised:
        extractor_for(url, timeout_s=2).extract(CALL, context())

    assert time.perf_counter() - started < 5
    assert f"cannot reach the LLM endpoint at {url}" in raised.value.message
    assert "\n" not in raised.value.message


def test_a_refused_key_is_a_configuration_error() -> None:
    refused = api_error(401, "Incorrect API key provided: sk-wrong", "invalid_api_key")
    with RecordedServer([refused]) as server, pytest.raises(ConfigurationError) as raised:
        extractor_for(server.base_url, api_key="sk-wrong").extract(CALL, context())

    assert "refused the API key" in raised.value.message
    assert server.base_url in raised.value.message


def test_an_unknown_model_is_a_configuration_error() -> None:
    missing = api_error(404, "The model `gpt-9` does not exist", "model_not_found")
    with RecordedServer([missing]) as server, pytest.raises(ConfigurationError) as raised:
        extractor_for(server.base_url).extract(CALL, context())

    assert "CALLPLAN_LLM_MODEL" in raised.value.message
    assert "gpt-9" in raised.value.message


def test_a_slow_endpoint_times_out_with_a_clear_message() -> None:
    slow = Recorded(200, completion(answer()).body, delay_s=1.5)
    with RecordedServer([slow]) as server, pytest.raises(ExtractionError) as raised:
        extractor_for(server.base_url, timeout_s=0.3).extract(CALL, context())

    assert "did not answer in time" in raised.value.message


def test_no_endpoint_and_no_key_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CALLPLAN_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("CALLPLAN_LLM_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="CALLPLAN_LLM_BASE_URL"):
        build_chat_model(LLMSettings(_env_file=None))


# --- the schema sent to the model -----------------------------------------------------------


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_the_schema_suits_strict_structured_output() -> None:
    schema = response_format(range(len(CALL.segments)))["json_schema"]["schema"]
    nodes = list(_objects(schema))

    objects = [n for n in nodes if n.get("type") == "object"]
    assert objects
    for node in objects:  # OpenAI strict mode: closed objects, every property required
        assert node["additionalProperties"] is False
        assert set(node["required"]) == set(node["properties"])
    assert all("maxLength" in n for n in nodes if n.get("type") == "string" and "enum" not in n)
    assert all("maxItems" in n for n in nodes if n.get("type") == "array")
    segment_ids = [
        n["properties"]["segment_ids"] for n in objects if "segment_ids" in n["properties"]
    ]
    assert segment_ids
    assert all(s["items"]["maximum"] == len(CALL.segments) - 1 for s in segment_ids)
    assert all(s["items"]["minimum"] == 0 for s in segment_ids)
