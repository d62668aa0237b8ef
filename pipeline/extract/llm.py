"""The LLM extractor: a structured-output request per attempt, errors fed back, usage recorded.

    system: rules (static)   user: call context + <<<transcript>>> + what to return
        └─► chat model ─► raw JSON ─► schema + segment-id check ─► Extraction
                 ▲                            │ invalid
                 └── raw answer + correction ◄┘   (at most `max_attempts` requests)

When every attempt is invalid, the items that validate on their own are kept and the rest are
recorded in `Extraction.problems`; only an answer with nothing usable raises `ExtractionError`,
with every attempt attached. Transport failures that settings must fix (a refused key, an
unknown model) raise `ConfigurationError`; those that may pass (unreachable, timeout, overload)
raise `ExtractionError`. The transcript only ever travels inside the user message's markers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from time import perf_counter
from typing import Any

import openai
from jinja2 import Environment
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from openai.types.chat import ChatCompletion
from pydantic import SecretStr

from pipeline.errors import CallplanError, ConfigurationError, ExtractionAttempt, ExtractionError
from pipeline.extract.base import CallContext
from pipeline.extract.llm_schema import (
    EVIDENCE_MAX,
    LIST_MAX,
    QUOTE_MAX,
    TEXT_MAX,
    LLMExtraction,
    parse_output,
    response_format,
    to_extraction,
)
from pipeline.models import (
    CommitmentStatus,
    Extraction,
    ExtractorInfo,
    KeyDateKind,
    RiskKind,
    Role,
    Side,
    Transcript,
    Usage,
)
from pipeline.settings import LLMSettings
from prompts import environment

PROMPT_VERSION = "extract-v1"
_TEMPLATES = "extract/v1"
# A failed answer is echoed back in the correction so the model can see its mistake; a runaway
# answer is cut so the retry still fits a small context window.
_ECHO_MAX_CHARS = 4000
_CUT_OFF = "the answer was cut off at the output token limit: return fewer and shorter items"
_EMPTY = LLMExtraction(outcomes=[], stakeholders=[], commitments=[], key_dates=[], risks=[])


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str


@dataclass(frozen=True)
class _Reply:
    text: str
    input_tokens: int
    output_tokens: int
    cut_off: bool = False


def build_chat_model(settings: LLMSettings) -> BaseChatModel:
    """A chat model for any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server)."""
    if not settings.configured:
        raise ConfigurationError(
            "no LLM endpoint is configured: set CALLPLAN_LLM_BASE_URL (a local server) "
            "or CALLPLAN_LLM_API_KEY (OpenAI)"
        )
    # Local servers need no key, but the OpenAI client refuses to start without one.
    api_key = settings.api_key or SecretStr("not-needed")
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=api_key,
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
        temperature=settings.temperature,
        max_completion_tokens=settings.max_output_tokens,
        # Local servers speak Chat Completions only; never switch to the Responses API.
        use_responses_api=False,
    )


class LLMExtractor:
    """Extracts plan items with a chat model that is handed in."""

    def __init__(
        self, chat_model: BaseChatModel, *, model_name: str | None = None, max_attempts: int = 3
    ) -> None:
        if max_attempts < 1:
            raise ConfigurationError(f"max_attempts must be at least 1, not {max_attempts}")
        self._chat_model = chat_model
        self._model_name = model_name or getattr(chat_model, "model_name", None)
        self._max_attempts = max_attempts
        self._env = environment()

    @property
    def info(self) -> ExtractorInfo:
        return ExtractorInfo(name="llm", model=self._model_name, prompt_version=PROMPT_VERSION)

    def extract(self, transcript: Transcript, context: CallContext) -> Extraction:
        """Ask the model, correcting it up to `max_attempts` times, and record what it cost.

        Raises:
            ExtractionError: no attempt gave anything usable, or the endpoint failed.
            ConfigurationError: the endpoint refused the key or does not know the model.
        """
        started = perf_counter()
        attempts: list[ExtractionAttempt] = []
        output, problems = self._converse(transcript, context, attempts)
        usage = Usage(
            attempts=len(attempts),
            input_tokens=sum(a.input_tokens for a in attempts),
            output_tokens=sum(a.output_tokens for a in attempts),
            latency_s=round(perf_counter() - started, 3),
        )
        extraction = to_extraction(output, transcript, context, self.info)
        return extraction.model_copy(update={"usage": usage, "problems": tuple(problems)})

    def _converse(
        self, transcript: Transcript, context: CallContext, attempts: list[ExtractionAttempt]
    ) -> tuple[LLMExtraction, list[str]]:
        """The first valid answer, else the items that validated in the last salvageable one."""
        count = len(transcript.segments)
        if count == 0:
            return _EMPTY, ["the transcript has no segments, so the LLM was not asked"]
        prompt = render_prompt(transcript, context, self._env)
        first: list[BaseMessage] = [SystemMessage(prompt.system), HumanMessage(prompt.user)]
        messages, schema, salvageable = first, response_format(count), None
        for _ in range(self._max_attempts):
            reply = self._ask(messages, schema, attempts)
            parsed = parse_output(reply.text, count, cut_off=reply.cut_off)
            errors = ([_CUT_OFF] if reply.cut_off else []) + parsed.errors
            attempts.append(
                ExtractionAttempt(
                    raw_output=reply.text,
                    error="; ".join(errors) or None,
                    input_tokens=reply.input_tokens,
                    output_tokens=reply.output_tokens,
                )
            )
            if parsed.output is not None:
                return parsed.output, []
            salvageable = parsed if parsed.partial is not None else salvageable
            # Only the latest failure is shown: older ones add tokens, not information.
            correction = render_correction(errors, count, self._env)
            messages = [*first, AIMessage(_echo(reply.text)), HumanMessage(correction)]
        if salvageable is not None and salvageable.partial is not None:
            note = f"no valid answer in {_attempts(attempts)}; kept the items that validated"
            return salvageable.partial, [note, *salvageable.problems]
        last = _short(attempts[-1].error or "no answer", 300)
        raise ExtractionError(
            f"the LLM gave no usable answer in {_attempts(attempts)}: {last}", attempts
        )

    def _ask(
        self,
        messages: Sequence[BaseMessage],
        schema: dict[str, Any],
        attempts: list[ExtractionAttempt],
    ) -> _Reply:
        try:
            message = self._chat_model.invoke(list(messages), response_format=schema)
        except openai.LengthFinishReasonError as error:
            # The OpenAI client raises instead of returning a truncated structured answer;
            # the answer and its token counts are still in the error.
            return _reply_from_completion(error.completion)
        except openai.OpenAIError as error:
            raise transport_error(error, attempts) from error
        usage = message.usage_metadata if isinstance(message, AIMessage) else None
        return _Reply(
            text=_text(message.content),
            input_tokens=usage["input_tokens"] if usage else 0,
            output_tokens=usage["output_tokens"] if usage else 0,
        )


def render_prompt(
    transcript: Transcript, context: CallContext, env: Environment | None = None
) -> Prompt:
    """The system prompt (fixed rules) and the user message (context, transcript, instructions)."""
    env = env or environment()
    plan = context.current_plan
    parts = [
        _render(
            env,
            "context",
            call_date=context.call_date,
            timezone=context.timezone,
            buyer_company=context.buyer_company,
            seller_company=context.seller_company,
            participants=context.participants,
            milestones=plan.milestones if plan else (),
        ),
        _render(env, "transcript", lines=transcript_lines(transcript)),
        _render(
            env,
            "instructions",
            limits={**LIST_MAX, "evidence": EVIDENCE_MAX, "quote": QUOTE_MAX, "text": TEXT_MAX},
            sides=[s.value for s in Side],
            roles=[r.value for r in Role],
            statuses=[s.value for s in CommitmentStatus],
            key_date_kinds=[k.value for k in KeyDateKind],
            risk_kinds=[k.value for k in RiskKind],
        ),
    ]
    return Prompt(system=_render(env, "system"), user="\n".join(parts))


def render_correction(errors: Sequence[str], segment_count: int, env: Environment) -> str:
    return _render(env, "correction", errors=errors, last_segment_id=segment_count - 1)


def transcript_lines(transcript: Transcript) -> list[dict[str, Any]]:
    """One line per segment: id, start, the speaker's name (or label) and side, the words."""
    lines = []
    for segment in transcript.segments:
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


def transport_error(error: openai.OpenAIError, attempts: list[ExtractionAttempt]) -> CallplanError:
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
            "CALLPLAN_LLM_BASE_URL and that the server is running",
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
            f"{_short(error.message)}); check CALLPLAN_LLM_MODEL and CALLPLAN_LLM_BASE_URL"
        )
    if isinstance(error, openai.APIStatusError):
        return ExtractionError(
            f"the LLM endpoint at {url} answered HTTP {error.status_code}: {_short(error.message)}",
            attempts,
        )
    return ExtractionError(f"the LLM request failed: {_short(str(error))}", attempts)


def _render(env: Environment, name: str, **variables: Any) -> str:
    return env.get_template(f"{_TEMPLATES}/{name}.j2").render(**variables)


def _reply_from_completion(completion: ChatCompletion) -> _Reply:
    usage = completion.usage
    content = completion.choices[0].message.content if completion.choices else None
    return _Reply(
        text=content or "",
        input_tokens=usage.prompt_tokens if usage else 0,
        output_tokens=usage.completion_tokens if usage else 0,
        cut_off=True,
    )


def _text(content: str | list[str | dict[Any, Any]]) -> str:
    if isinstance(content, str):
        return content
    return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content)


def _echo(text: str) -> str:
    if not text.strip():
        return "(empty answer)"
    if len(text) <= _ECHO_MAX_CHARS:
        return text
    return text[:_ECHO_MAX_CHARS] + " [... cut]"


def _endpoint(error: openai.OpenAIError) -> str:
    request = getattr(error, "request", None)
    if request is None:
        return "the configured URL"
    url = str(request.url)
    return url.removesuffix("/chat/completions")


def _root_cause(error: BaseException) -> str:
    # The OpenAI client says only "Connection error."; the socket error underneath says why.
    while error.__cause__ is not None:
        error = error.__cause__
    return _short(str(error) or type(error).__name__)


def _attempts(attempts: Sequence[ExtractionAttempt]) -> str:
    return f"{len(attempts)} attempt{'' if len(attempts) == 1 else 's'}"


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
