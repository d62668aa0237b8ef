"""The LLM extractor: the call in parts that fit the model, each asked, corrected, cached, merged.

    transcript ─► parts (llm_chunks) ─► for each part: cache? ─► chat model ─► parse ─► kept answer
                                                                  ▲              │ invalid
                                                                  └─ correction ◄┘ (≤ max_attempts)
               ─► merge duplicates (llm_merge) ─► match people, drop what code refuses (llm_checks)
               ─► Extraction (+ usage: tokens, attempts, parts, cache, cost)

When every attempt for a part is invalid, the items that validate on their own are kept and the
rest are recorded in `Extraction.problems`. A part with nothing usable is recorded too, and only
a call with no usable part raises `ExtractionError`, with every attempt attached. Transport
failures that settings must fix (a refused key, an unknown model, a context too small) raise
`ConfigurationError`; those that may pass (unreachable, timeout, rate limit) `ExtractionError`.
The transcript only ever travels inside the user message's markers.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import perf_counter
from typing import Any

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from openai.types.chat import ChatCompletion

from pipeline.errors import ConfigurationError, ExtractionAttempt, ExtractionError
from pipeline.extract.base import CallContext
from pipeline.extract.llm_cache import AnswerCache, CachedAnswer, answer_key
from pipeline.extract.llm_checks import verify
from pipeline.extract.llm_chunks import ECHO_MAX_CHARS, split_call
from pipeline.extract.llm_errors import short, transport_error
from pipeline.extract.llm_merge import merge_parts
from pipeline.extract.llm_parse import parse_output
from pipeline.extract.llm_prompt import PROMPT_VERSION, Part, Prompt, PromptRenderer
from pipeline.extract.llm_providers import LLMOptions, build_chat_model, llm_options
from pipeline.extract.llm_schema import LLMExtraction, response_format, to_extraction
from pipeline.models import Extraction, ExtractorInfo, Transcript, Usage
from pipeline.settings import Settings

__all__ = ["PROMPT_VERSION", "LLMExtractor", "LLMOptions", "build_llm_extractor"]

_CUT_OFF = "the answer was cut off at the output token limit: return fewer and shorter items"
_STRUCTURED_OUTPUT_ADVICE = r"(Invalid schema for|This model does not support) OpenAI's structured"
_EMPTY = LLMExtraction(outcomes=[], stakeholders=[], commitments=[], key_dates=[], risks=[])


@dataclass(frozen=True)
class _Reply:
    text: str
    input_tokens: int
    output_tokens: int
    cut_off: bool = False


@dataclass(frozen=True)
class _Answer:
    """A part's kept answer (None: nothing usable) and what to record about it."""

    output: LLMExtraction | None
    problems: tuple[str, ...] = ()
    error: str | None = None


@dataclass
class _Run:
    """What one extraction spent, across parts."""

    attempts: list[ExtractionAttempt] = field(default_factory=list)
    cached_parts: int = 0
    problems: list[str] = field(default_factory=list)


def build_llm_extractor(settings: Settings) -> LLMExtractor:
    """The LLM extractor the settings describe: provider, limits, cache, prices."""
    llm = settings.llm
    cache = AnswerCache(settings.data_dir / "llm-cache") if llm.cache else None
    return LLMExtractor(build_chat_model(llm), llm_options(llm), cache=cache)


class LLMExtractor:
    """Extracts plan items with a chat model that is handed in."""

    def __init__(
        self,
        chat_model: BaseChatModel,
        options: LLMOptions | None = None,
        *,
        cache: AnswerCache | None = None,
        renderer: PromptRenderer | None = None,
    ) -> None:
        options = options or LLMOptions()
        if options.max_attempts < 1:
            raise ConfigurationError(f"max_attempts must be at least 1, not {options.max_attempts}")
        self._chat_model = chat_model
        self._options = options
        self._model_name = options.model_name or getattr(chat_model, "model_name", None)
        self._cache = cache
        self._renderer = renderer or PromptRenderer()

    @property
    def info(self) -> ExtractorInfo:
        return ExtractorInfo(
            name="llm", model=self._model_name, prompt_version=self._renderer.version
        )

    def extract(self, transcript: Transcript, context: CallContext) -> Extraction:
        """Ask the model about each part of the call, merge the answers, and check them.

        Raises:
            ExtractionError: no part gave anything usable, or the endpoint failed.
            ConfigurationError: the endpoint refused the key or the model, or the context
                settings leave no room for the transcript.
        """
        started, run = perf_counter(), _Run()
        if not transcript.segments:
            empty = to_extraction(_EMPTY, transcript, context, self.info)
            problem = "the transcript has no segments, so the LLM was not asked"
            usage = Usage(parts=0, latency_s=round(perf_counter() - started, 3))
            return empty.model_copy(update={"usage": usage, "problems": (problem,)})
        parts = split_call(transcript, context, self._renderer, self._options.budget)
        extractions = []
        for part in parts:
            answer = self._answer(transcript, context, part, run)
            label = f"{part.label}: " if len(parts) > 1 else ""
            run.problems += [label + p for p in answer.problems]
            if answer.output is not None:
                extractions.append(to_extraction(answer.output, transcript, context, self.info))
            elif len(parts) > 1:
                run.problems.append(f"{label}its items are missing: {answer.error}")
        if not extractions:
            last = short(run.attempts[-1].error or "no answer", 300)
            scope = "" if len(parts) == 1 else f" for any of the {len(parts)} parts of the call"
            raise ExtractionError(
                f"the LLM gave no usable answer{scope} in {_attempts(run.attempts)}: {last}",
                run.attempts,
            )
        merged = merge_parts(extractions).model_copy(update={"problems": tuple(run.problems)})
        checked = verify(merged, transcript, context)
        return checked.model_copy(update={"usage": self._usage(run, len(parts), started)})

    def _usage(self, run: _Run, parts: int, started: float) -> Usage:
        input_tokens = sum(a.input_tokens for a in run.attempts)
        output_tokens = sum(a.output_tokens for a in run.attempts)
        price = self._options.price
        return Usage(
            attempts=len(run.attempts),
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            latency_s=round(perf_counter() - started, 3),
            cost_usd=price.cost(input_tokens, output_tokens) if price else None,
            parts=parts,
            cached_parts=run.cached_parts,
            cached=run.cached_parts == parts,
        )

    def _answer(
        self, transcript: Transcript, context: CallContext, part: Part, run: _Run
    ) -> _Answer:
        """A part's answer: from the cache, else asked (and cached when usable)."""
        prompt = self._renderer.prompt(transcript, context, part)
        schema = response_format(part.segment_ids, bounds=self._options.schema_bounds)
        key = answer_key(self._identity(), prompt, schema)
        if self._cache is not None and (cached := self._cache.get(key)) is not None:
            run.cached_parts += 1
            return _Answer(cached.output, cached.problems)
        first = len(run.attempts)
        answer = self._converse(prompt, schema, part.segment_ids, run.attempts)
        if self._cache is None or answer.output is None:
            return answer
        spent = run.attempts[first:]
        stored = CachedAnswer(
            output=answer.output,
            problems=answer.problems,
            attempts=len(spent),
            input_tokens=sum(a.input_tokens for a in spent),
            output_tokens=sum(a.output_tokens for a in spent),
            model=self._model_name,
            prompt_version=self._renderer.version,
            created=datetime.now(UTC),
        )
        if failure := self._cache.put(key, stored):
            return _Answer(answer.output, (*answer.problems, failure))
        return answer

    def _identity(self) -> dict[str, object]:
        return {
            "prompt_version": self._renderer.version,
            "model": self._model_name,
            "endpoint": self._options.endpoint,
            **self._options.shaping,
        }

    def _converse(
        self,
        prompt: Prompt,
        schema: dict[str, Any],
        segment_ids: range,
        attempts: list[ExtractionAttempt],
    ) -> _Answer:
        """The first valid answer, else the items that validated in the last salvageable one."""
        first: list[BaseMessage] = [SystemMessage(prompt.system), HumanMessage(prompt.user)]
        messages, salvageable, spent = first, None, 0
        for _ in range(self._options.max_attempts):
            reply = self._ask(messages, schema, attempts)
            parsed = parse_output(reply.text, segment_ids, cut_off=reply.cut_off)
            errors = ([_CUT_OFF] if reply.cut_off else []) + parsed.errors
            error = "; ".join(errors) or None
            attempts.append(
                ExtractionAttempt(reply.text, error, reply.input_tokens, reply.output_tokens)
            )
            spent += 1
            if parsed.output is not None:
                return _Answer(parsed.output)
            salvageable = parsed if parsed.partial is not None else salvageable
            # Only the latest failure is shown: older ones add tokens, not information.
            correction = self._renderer.correction(errors, segment_ids)
            messages = [*first, AIMessage(_echo(reply.text)), HumanMessage(correction)]
        tried = f"{spent} attempt{'' if spent == 1 else 's'}"
        if salvageable is not None and salvageable.partial is not None:
            note = f"no valid answer in {tried}; kept the items that validated"
            return _Answer(salvageable.partial, (note, *salvageable.problems))
        return _Answer(None, error=f"no usable answer in {tried}: {short(error or '', 300)}")

    def _ask(
        self,
        messages: Sequence[BaseMessage],
        schema: dict[str, Any],
        attempts: list[ExtractionAttempt],
    ) -> _Reply:
        try:
            with warnings.catch_warnings():
                # langchain warns about `with_structured_output`, which is not used here; the
                # refusal itself becomes a ConfigurationError that says what to change.
                warnings.filterwarnings("ignore", _STRUCTURED_OUTPUT_ADVICE, UserWarning)
                message = self._chat_model.invoke(list(messages), response_format=schema)
        except openai.LengthFinishReasonError as error:
            # The OpenAI client raises instead of returning a truncated structured answer;
            # the answer and its token counts are still in the error.
            return _reply_from_completion(error.completion)
        except openai.OpenAIError as error:
            raise transport_error(error, attempts, self._options.endpoint_setting) from error
        usage = message.usage_metadata if isinstance(message, AIMessage) else None
        return _Reply(
            text=_text(message.content),
            input_tokens=usage["input_tokens"] if usage else 0,
            output_tokens=usage["output_tokens"] if usage else 0,
        )


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


# A failed answer is echoed back in the correction so the model can see its mistake; a runaway
# answer is cut at ECHO_MAX_CHARS so the retry still fits (the chunk budget keeps room for it).
def _echo(text: str) -> str:
    if not text.strip():
        return "(empty answer)"
    if len(text) <= ECHO_MAX_CHARS:
        return text
    return text[:ECHO_MAX_CHARS] + " [... cut]"


def _attempts(attempts: Sequence[ExtractionAttempt]) -> str:
    return f"{len(attempts)} attempt{'' if len(attempts) == 1 else 's'}"
