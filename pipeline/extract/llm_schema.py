"""The answer the LLM must give, how it is checked, and how it becomes a domain `Extraction`.

The models are built for structured output (OpenAI strict JSON-schema mode, llama.cpp grammars):
every field is required (nullable instead of optional), no extra keys are allowed, and every
string and list is bounded so a weak model cannot ramble until it hits the token limit. Dates are
the words spoken; code resolves them later (`pipeline.normalise`), as it checks quotes
(`pipeline.ground`). Evidence is only a quote and segment ids: speaker and times come from the
transcript, never from the model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from langchain_core.utils.function_calling import convert_to_openai_function
from langchain_core.utils.json import parse_partial_json
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from pipeline.extract.base import CallContext
from pipeline.models import (
    CallInfo,
    Commitment,
    CommitmentStatus,
    Evidence,
    Extraction,
    ExtractorInfo,
    KeyDate,
    KeyDateKind,
    Outcome,
    Risk,
    RiskKind,
    Role,
    Side,
    Stakeholder,
    Transcript,
)

QUOTE_MAX = 300
NAME_MAX = 80
LABEL_MAX = 120  # titles, companies, owner roles, metrics
TEXT_MAX = 200  # actions, statements, descriptions
DATE_TEXT_MAX = 80
EVIDENCE_MAX = 3
SEGMENTS_PER_QUOTE_MAX = 3
LIST_MAX = {"outcomes": 5, "stakeholders": 15, "commitments": 20, "key_dates": 10, "risks": 10}
# The correction prompt lists this many errors at most: a flood of them helps no model.
_ERRORS_SHOWN = 12

Quote = Annotated[str, Field(min_length=1, max_length=QUOTE_MAX)]
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
Label = Annotated[str, Field(min_length=1, max_length=LABEL_MAX)]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX)]
DateText = Annotated[str, Field(min_length=1, max_length=DATE_TEXT_MAX)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LLMEvidence(_Strict):
    """Words copied from the transcript and the ids of the segments they come from."""

    quote: Quote
    segment_ids: list[Annotated[int, Field(ge=0)]] = Field(
        min_length=1, max_length=SEGMENTS_PER_QUOTE_MAX
    )

    @field_validator("segment_ids")
    @classmethod
    def _cited_segments_exist(cls, ids: list[int], info: ValidationInfo) -> list[int]:
        # The segment count is known only per call, so it comes in the validation context.
        count = (info.context or {}).get("segment_count")
        if count is None:
            return ids
        if missing := [i for i in ids if i >= count]:
            raise ValueError(f"segment ids {missing} do not exist (ids run 0 to {count - 1})")
        return ids


class _Cited(_Strict):
    # Evidence is the first field of every item: quoting before summarising keeps a model on the
    # words that were said.
    evidence: list[LLMEvidence] = Field(min_length=1, max_length=EVIDENCE_MAX)


class LLMOutcome(_Cited):
    """A result the buyer said they want."""

    statement: Text
    metric: Label | None
    target_text: DateText | None
    stated_by: Name | None


class LLMStakeholder(_Cited):
    """A person, or a role with no name yet, involved in the decision."""

    name: Name | None
    title: Label | None
    company: Label | None
    side: Side
    role: Role | None


class LLMCommitment(_Cited):
    """Someone said they, or a named person, would do something."""

    action: Text
    owner: Name | None
    owner_role: Label | None
    owner_side: Side
    due_text: DateText | None
    status: CommitmentStatus


class LLMKeyDate(_Cited):
    """A date that matters to the deal, as spoken."""

    kind: KeyDateKind
    date_text: DateText
    description: Text


class LLMRisk(_Cited):
    """A signal that the deal may stall."""

    kind: RiskKind
    description: Text


class LLMExtraction(_Strict):
    """Everything found in one call."""

    outcomes: list[LLMOutcome] = Field(max_length=LIST_MAX["outcomes"])
    stakeholders: list[LLMStakeholder] = Field(max_length=LIST_MAX["stakeholders"])
    commitments: list[LLMCommitment] = Field(max_length=LIST_MAX["commitments"])
    key_dates: list[LLMKeyDate] = Field(max_length=LIST_MAX["key_dates"])
    risks: list[LLMRisk] = Field(max_length=LIST_MAX["risks"])


_ITEM_MODELS: dict[str, type[_Cited]] = {
    "outcomes": LLMOutcome,
    "stakeholders": LLMStakeholder,
    "commitments": LLMCommitment,
    "key_dates": LLMKeyDate,
    "risks": LLMRisk,
}


def response_format(segment_count: int) -> dict[str, Any]:
    """The `response_format` for OpenAI-compatible servers, with segment ids capped to this call."""
    schema = convert_to_openai_function(LLMExtraction, strict=True)["parameters"]
    _cap_segment_ids(schema, segment_count - 1)
    return {
        "type": "json_schema",
        "json_schema": {"name": "call_extraction", "strict": True, "schema": schema},
    }


def _cap_segment_ids(node: Any, last_id: int) -> None:
    # A grammar-constrained server then cannot even generate an id the transcript lacks.
    if isinstance(node, dict):
        if isinstance(ids := node.get("properties", {}).get("segment_ids"), dict):
            ids["items"]["maximum"] = last_id
        for value in node.values():
            _cap_segment_ids(value, last_id)
    elif isinstance(node, list):
        for value in node:
            _cap_segment_ids(value, last_id)


@dataclass(frozen=True)
class Parsed:
    """One answer checked: the valid output, or why not, and what could be kept item by item."""

    output: LLMExtraction | None
    errors: list[str] = field(default_factory=list)
    partial: LLMExtraction | None = None
    problems: list[str] = field(default_factory=list)


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
_CUT_OFF_NOTE = "the answer was cut off at the output token limit; its unfinished item was dropped"


def parse_output(raw: str, segment_count: int, *, cut_off: bool = False) -> Parsed:
    """Check a raw answer against the schema and the transcript's segment ids.

    Args:
        raw: the model's answer.
        segment_count: how many segments the transcript has (cited ids must exist).
        cut_off: the answer stopped at the output token limit; its complete items can be kept.
    """
    # Servers without structured output often wrap the JSON in a Markdown fence.
    fenced = _FENCE.match(raw)
    text = fenced.group(1) if fenced else raw
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        errors = [f"the answer is not valid JSON ({error})"]
        if cut_off and (repaired := _complete_items(text)) is not None:
            return _partial(repaired, segment_count, errors, [_CUT_OFF_NOTE])
        return Parsed(None, errors)
    try:
        context = {"segment_count": segment_count}
        return Parsed(LLMExtraction.model_validate(data, context=context))
    except ValidationError as error:
        return _partial(data, segment_count, describe_errors(error), [])


def _partial(data: object, segment_count: int, errors: list[str], notes: list[str]) -> Parsed:
    kept = salvage(data, segment_count)
    if kept is None:
        return Parsed(None, errors)
    return Parsed(None, errors, partial=kept[0], problems=notes + kept[1])


def _complete_items(text: str) -> dict[str, Any] | None:
    """The items of an answer cut off mid-way, without the one being written when it stopped."""
    try:
        data = parse_partial_json(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    # The unfinished item may hold truncated words that still validate ("Send the secu"), so it
    # goes whole: it is the last item of the last list written (dicts keep the answer's order).
    for key in reversed(list(data)):
        if isinstance(data[key], list) and data[key]:
            data[key] = data[key][:-1]
            break
    return data


def salvage(data: object, segment_count: int) -> tuple[LLMExtraction, list[str]] | None:
    """The items that validate on their own, and a line for each thing dropped.

    Returns None when the answer is not an object with at least one of the expected lists.
    """
    if not isinstance(data, dict) or not data.keys() & _ITEM_MODELS.keys():
        return None
    problems = [f"ignored unexpected key {key!r}" for key in data if key not in _ITEM_MODELS]
    kept: dict[str, list[_Cited]] = {}
    for key, model in _ITEM_MODELS.items():
        items = data.get(key)
        if not isinstance(items, list):
            problems.append(f"{key}: missing or not a list, none kept")
            items = []
        if len(items) > LIST_MAX[key]:
            problems.append(f"{key}: {len(items)} items, kept the first {LIST_MAX[key]}")
        kept[key] = []
        for index, item in enumerate(items[: LIST_MAX[key]]):
            try:
                kept[key].append(
                    model.model_validate(item, context={"segment_count": segment_count})
                )
            except ValidationError as error:
                problems.append(f"{key}[{index}] dropped: {'; '.join(describe_errors(error))}")
    return LLMExtraction.model_validate(kept), problems


def describe_errors(error: ValidationError) -> list[str]:
    """Pydantic's errors as short lines a model (or a rep) can act on."""
    lines = []
    for detail in error.errors(include_url=False)[:_ERRORS_SHOWN]:
        where = ".".join(str(part) for part in detail["loc"]) or "the answer"
        got = json.dumps(detail["input"], default=str)
        got = got if len(got) <= 60 else got[:57] + "..."
        lines.append(f"{where}: {detail['msg']} (got {got})")
    if (hidden := error.error_count() - _ERRORS_SHOWN) > 0:
        lines.append(f"... and {hidden} more errors")
    return lines


def to_extraction(
    llm_output: LLMExtraction, transcript: Transcript, context: CallContext, info: ExtractorInfo
) -> Extraction:
    """The model's answer as a raw `Extraction` (quotes not yet checked, dates not resolved).

    Args:
        llm_output: a validated answer.
        transcript: the call; evidence speaker and times are read from the cited segments.
        context: the call's date, time zone and participants.
        info: which extractor, model and prompt version produced it.
    """
    return Extraction(
        extractor=info,
        call=CallInfo(
            date=context.call_date, timezone=context.timezone, duration_s=transcript.duration_s
        ),
        participants=context.participants,
        outcomes=tuple(_item(Outcome, o, transcript) for o in llm_output.outcomes),
        stakeholders=tuple(_item(Stakeholder, s, transcript) for s in llm_output.stakeholders),
        commitments=tuple(_item(Commitment, c, transcript) for c in llm_output.commitments),
        key_dates=tuple(_item(KeyDate, k, transcript) for k in llm_output.key_dates),
        risks=tuple(_item(Risk, r, transcript) for r in llm_output.risks),
    )


DomainItem = TypeVar("DomainItem", Outcome, Stakeholder, Commitment, KeyDate, Risk)


def _item(kind: type[DomainItem], item: _Cited, transcript: Transcript) -> DomainItem:
    # The LLM models use the domain's field names, so only evidence needs translating.
    fields = item.model_dump(exclude={"evidence"})
    located = (_evidence(cited, transcript) for cited in item.evidence)
    evidence = tuple(e for e in located if e is not None)
    return kind.model_validate({**fields, "evidence": evidence})


def _evidence(cited: LLMEvidence, transcript: Transcript) -> Evidence | None:
    ids = sorted({i for i in cited.segment_ids if i < len(transcript.segments)})
    if not ids:
        return None
    segments = [transcript.segment(i) for i in ids]
    return Evidence(
        quote=cited.quote,
        speaker=transcript.speaker(segments[0].speaker).display_name,
        start=round(min(s.start for s in segments), 2),
        end=round(max(s.end for s in segments), 2),
        segment_ids=tuple(ids),
    )
