"""Transport failures as Callplan errors: one line saying what failed where, and what to change.

openai error                         Callplan error        because
APITimeoutError                      ExtractionError       may pass (or raise the timeout)
APIConnectionError                   ExtractionError       may pass (or fix the URL)
RateLimitError (retries used up)     ExtractionError       may pass; quota exhausted is
                                                           a ConfigurationError
AuthenticationError, PermissionDenied ConfigurationError   fix the key
NotFoundError                        ConfigurationError    fix the model or the URL
BadRequestError: context too long    ConfigurationError    fix CALLPLAN_LLM_CONTEXT_TOKENS
BadRequestError: schema refused      ConfigurationError    set CALLPLAN_LLM_SCHEMA_BOUNDS
other APIStatusError                 ExtractionError
"""

from __future__ import annotations

import openai

from pipeline.errors import CallplanError, ConfigurationError, ExtractionAttempt, ExtractionError

# OpenAI says context_length_exceeded; llama.cpp exceed_context_size_error; others in words.
_CONTEXT_TOO_LONG = (
    "context_length",
    "context size",
    "exceed_context_size",
    "input tokens exceed",
    "prompt is too long",
)


def transport_error(
    error: openai.OpenAIError,
    attempts: list[ExtractionAttempt],
    endpoint_setting: str = "CALLPLAN_LLM_BASE_URL",
) -> CallplanError:
    """A one-line error saying what failed at which endpoint, and which setting to check."""
    url = _endpoint(error)
    if isinstance(error, openai.APITimeoutError):
        return ExtractionError(
            f"the LLM endpoint at {url} did not answer in time; raise CALLPLAN_LLM_TIMEOUT_S "
            "or use a smaller model",
            attempts,
        )
    if isinstance(error, openai.APIConnectionError):
        return ExtractionError(
            f"cannot reach the LLM endpoint at {url}: {_root_cause(error)}; check "
            f"{endpoint_setting} and that the server is running",
            attempts,
        )
    if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
        return ConfigurationError(
            f"the LLM endpoint at {url} refused the API key (HTTP {error.status_code}); "
            "check CALLPLAN_LLM_API_KEY"
        )
    if isinstance(error, openai.NotFoundError):
        return ConfigurationError(
            f"the LLM endpoint at {url} does not know this model or path (HTTP 404: "
            f"{short(error.message)}); check CALLPLAN_LLM_MODEL and {endpoint_setting}"
        )
    if isinstance(error, openai.RateLimitError):
        return _rate_limited(error, url, attempts)
    if isinstance(error, openai.BadRequestError) and (refused := _bad_request(error, url)):
        return refused
    if isinstance(error, openai.APIStatusError):
        return ExtractionError(
            f"the LLM endpoint at {url} answered HTTP {error.status_code}: {short(error.message)}",
            attempts,
        )
    return ExtractionError(f"the LLM request failed: {short(str(error))}", attempts)


def _rate_limited(
    error: openai.RateLimitError, url: str, attempts: list[ExtractionAttempt]
) -> CallplanError:
    if error.code == "insufficient_quota":  # no retry helps: billing must change
        return ConfigurationError(
            f"the LLM account at {url} has no quota left (HTTP 429: {short(error.message)}); "
            "check the account's plan and billing"
        )
    return ExtractionError(
        f"the LLM endpoint at {url} is still rate-limiting after the retries (HTTP 429: "
        f"{short(error.message)}); try again later or raise CALLPLAN_LLM_MAX_RETRIES",
        attempts,
    )


def _bad_request(error: openai.BadRequestError, url: str) -> CallplanError | None:
    said = f"{error.code or ''} {error.message}".lower()
    if any(sign in said for sign in _CONTEXT_TOO_LONG):
        return ConfigurationError(
            f"the prompt is longer than the model at {url} accepts ({short(error.message)}); "
            "set CALLPLAN_LLM_CONTEXT_TOKENS to the model's context window (for Ollama, its "
            "num_ctx) so long calls are sent in parts"
        )
    if "json_schema' is not supported" in said:
        return ConfigurationError(
            f"the model at {url} does not support structured output (a JSON schema for the "
            "answer); choose one that does (OpenAI gpt-4o-mini or later; vLLM, Ollama and "
            "llama.cpp servers support it for any model)"
        )
    if "schema" in said and "response_format" in said:
        return ConfigurationError(
            f"the LLM endpoint at {url} refused the answer's JSON schema ({short(error.message)}); "
            "set CALLPLAN_LLM_SCHEMA_BOUNDS=false if it objects to length or count limits"
        )
    return None


def _endpoint(error: openai.OpenAIError) -> str:
    request = getattr(error, "request", None)
    if request is None:
        return "the configured URL"
    url = str(request.url).split("?")[0]
    return url.removesuffix("/chat/completions")


def _root_cause(error: BaseException) -> str:
    # The OpenAI client says only "Connection error."; the socket error underneath says why.
    while error.__cause__ is not None:
        error = error.__cause__
    return short(str(error) or type(error).__name__)


def short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
