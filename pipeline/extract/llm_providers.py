"""Which chat model to talk to, chosen once from settings: every provider speaks OpenAI's protocol.

    provider   what                                      needs
    openai     OpenAI, or any OpenAI-compatible server   CALLPLAN_LLM_API_KEY and/or _BASE_URL
               (vLLM, Ollama, llama.cpp server, ...)
    azure      Azure OpenAI                              _AZURE_ENDPOINT, _API_KEY
                                                         (_AZURE_DEPLOYMENT: default the model)
    local      a GGUF file in this process (xllamacpp)   _MODEL_PATH, pip install 'callplan[local]'

Transport retries (429 with Retry-After, 5xx, timeouts, dropped connections) are the OpenAI
client's own: exponential backoff with jitter, honouring Retry-After, `max_retries` times.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from langchain_core.language_models import BaseChatModel
from langchain_openai import AzureChatOpenAI, ChatOpenAI
from pydantic import SecretStr

from pipeline.errors import ConfigurationError
from pipeline.extract.llm_chunks import ChunkBudget, retry_tokens
from pipeline.extract.llm_cost import Price, price_for
from pipeline.extract.llm_local import LazyChatModel, LocalServer, check_model_file
from pipeline.settings import LLMSettings


@dataclass(frozen=True)
class LLMOptions:
    """What the extractor needs to know besides the chat model itself."""

    model_name: str | None = None
    max_attempts: int = 3
    budget: ChunkBudget = field(
        default_factory=lambda: ChunkBudget(
            context_tokens=16384, max_output_tokens=4096, overlap_tokens=300
        )
    )
    schema_bounds: bool = True
    price: Price | None = None
    # Where answers come from, for the cache key and for error messages.
    endpoint: str = "unknown"
    endpoint_setting: str = "CALLPLAN_LLM_BASE_URL"
    shaping: dict[str, object] = field(default_factory=dict)  # settings that shape an answer


def llm_options(settings: LLMSettings) -> LLMOptions:
    provider = settings.resolved_provider
    return LLMOptions(
        model_name=model_name(settings),
        max_attempts=settings.max_attempts,
        budget=ChunkBudget(
            context_tokens=settings.context_tokens,
            max_output_tokens=settings.max_output_tokens,
            overlap_tokens=settings.chunk_overlap_tokens,
            retry_tokens=retry_tokens(settings.max_output_tokens, settings.max_attempts),
        ),
        schema_bounds=(
            settings.schema_bounds if settings.schema_bounds is not None else provider != "azure"
        ),
        price=price_for(settings),
        endpoint=_endpoint(settings),
        endpoint_setting={
            "openai": "CALLPLAN_LLM_BASE_URL",
            "azure": "CALLPLAN_LLM_AZURE_ENDPOINT",
            "local": "CALLPLAN_LLM_MODEL_PATH",
        }[provider],
        shaping={
            "temperature": settings.temperature,
            "max_output_tokens": settings.max_output_tokens,
            "max_attempts": settings.max_attempts,
        },
    )


def model_name(settings: LLMSettings) -> str:
    """The model's name as recorded: a local model is named by its file unless named in settings."""
    if settings.resolved_provider == "local" and "model" not in settings.model_fields_set:
        return settings.model_path.stem if settings.model_path else "local"
    return settings.model


def build_chat_model(settings: LLMSettings) -> BaseChatModel:
    """The chat model for the configured provider.

    Raises:
        ConfigurationError: a piece the provider needs is missing, with the setting to set.
    """
    provider = settings.resolved_provider
    if provider == "azure":
        return _azure(settings)
    if provider == "local":
        server = LocalServer(check_model_file(settings.model_path), settings.context_tokens)
        return LazyChatModel(
            build=lambda: _openai(settings, server.base_url(), SecretStr("not-needed")),
            model_name=model_name(settings),
        )
    if not settings.configured:
        raise ConfigurationError(
            "no LLM endpoint is configured: set CALLPLAN_LLM_BASE_URL (a local server), "
            "CALLPLAN_LLM_API_KEY (OpenAI), CALLPLAN_LLM_PROVIDER=azure or "
            "CALLPLAN_LLM_MODEL_PATH (a GGUF file)"
        )
    # Local servers need no key, but the OpenAI client refuses to start without one.
    return _openai(settings, settings.base_url, settings.api_key or SecretStr("not-needed"))


def _openai(settings: LLMSettings, base_url: str | None, api_key: SecretStr) -> ChatOpenAI:
    return ChatOpenAI(
        model=model_name(settings),
        base_url=base_url,
        api_key=api_key,
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
        temperature=settings.temperature,
        max_completion_tokens=settings.max_output_tokens,
        # Local servers speak Chat Completions only; never switch to the Responses API.
        use_responses_api=False,
    )


def _azure(settings: LLMSettings) -> AzureChatOpenAI:
    needed = {
        "CALLPLAN_LLM_AZURE_ENDPOINT (https://RESOURCE.openai.azure.com)": settings.azure_endpoint,
        "CALLPLAN_LLM_API_KEY (the resource's key)": settings.api_key,
    }
    missing = [name for name, value in needed.items() if not value]
    if missing:
        raise ConfigurationError(f"CALLPLAN_LLM_PROVIDER=azure needs {' and '.join(missing)}")
    return AzureChatOpenAI(
        azure_endpoint=settings.azure_endpoint,
        azure_deployment=settings.azure_deployment or settings.model,
        api_version=settings.api_version,
        api_key=settings.api_key,
        model=settings.model,
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
        temperature=settings.temperature,
        max_completion_tokens=settings.max_output_tokens,
        use_responses_api=False,
    )


def _endpoint(settings: LLMSettings) -> str:
    provider = settings.resolved_provider
    if provider == "azure":
        deployment = settings.azure_deployment or settings.model
        return f"azure:{settings.azure_endpoint}/{deployment}?{settings.api_version}"
    if provider == "local":
        path = settings.model_path.expanduser() if settings.model_path else None
        size = path.stat().st_size if path and path.is_file() else 0
        return f"local:{path.name if path else ''}:{size}"
    return settings.base_url or "https://api.openai.com/v1"
