"""The answer the LLM must give, how it is checked, and how it becomes a domain `Extraction`.

The models are built for structured output (OpenAI strict JSON-schema mode, llama.cpp grammars):
every field is required (nullable instead of optional), no extra keys are allowed, and every
string and list is bounded so a weak model cannot ramble until it hits the token limit. Dates are
the words spoken; code resolves them later (`pipeline.normalise`), as it checks quotes
(`pipeline.ground`). Evidence is only a quote and segment ids: speaker and times come from the
transcript, never from the model. Parsing and salvaging an answer is `llm_parse`.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from langchain_core.utils.function_calling import convert_to_openai_function
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

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
        # The ids shown are known only per request (the call, or one part of a long call), so
        # they come in the validation context.
        shown: range | None = (info.context or {}).get("segment_ids")
        if shown is None:
            return ids
        if missing := [i for i in ids if i not in shown]:
            first, last = shown.start, shown.stop - 1
            raise ValueError(f"segment ids {missing} do not exist here (ids run {first} to {last})")
        return ids


class Cited(_Strict):
    # Evidence is the first field of every item: quoting before summarising keeps a model on the
    # words that were said.
    evidence: list[LLMEvidence] = Field(min_length=1, max_length=EVIDENCE_MAX)


class LLMOutcome(Cited):
    """A result the buyer said they want."""

    statement: Text
    metric: Label | None
    target_text: DateText | None
    stated_by: Name | None


class LLMStakeholder(Cited):
    """A person, or a role with no name yet, involved in the decision."""

    name: Name | None
    title: Label | None
    company: Label | None
    side: Side
    role: Role | None


class LLMCommitment(Cited):
    """Someone said they, or a named person, would do something."""

    action: Text
    owner: Name | None
    owner_role: Label | None
    owner_side: Side
    due_text: DateText | None
    status: CommitmentStatus


class LLMKeyDate(Cited):
    """A date that matters to the deal, as spoken."""

    kind: KeyDateKind
    date_text: DateText
    description: Text


class LLMRisk(Cited):
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


ITEM_MODELS: dict[str, type[Cited]] = {
    "outcomes": LLMOutcome,
    "stakeholders": LLMStakeholder,
    "commitments": LLMCommitment,
    "key_dates": LLMKeyDate,
    "risks": LLMRisk,
}


# JSON-schema keywords that bound a value; some strict modes reject them (see `bounds`).
_BOUND_KEYWORDS = ("maxLength", "minLength", "maxItems", "minItems", "maximum", "minimum")


def response_format(segment_ids: range, *, bounds: bool = True) -> dict[str, Any]:
    """The `response_format` for OpenAI-compatible servers, for a request showing these segments.

    Args:
        segment_ids: the ids of the segments in the prompt; cited ids are capped to them.
        bounds: keep length, count and id bounds in the schema. Without them the server
            constrains only the shape; the bounds are still checked when the answer is parsed.
    """
    schema = convert_to_openai_function(LLMExtraction, strict=True)["parameters"]
    _cap_segment_ids(schema, segment_ids)
    if not bounds:
        _drop_bounds(schema)
    return {
        "type": "json_schema",
        "json_schema": {"name": "call_extraction", "strict": True, "schema": schema},
    }


def _cap_segment_ids(node: Any, shown: range) -> None:
    # A grammar-constrained server then cannot even generate an id the prompt lacks.
    if isinstance(node, dict):
        if isinstance(ids := node.get("properties", {}).get("segment_ids"), dict):
            ids["items"]["minimum"] = shown.start
            ids["items"]["maximum"] = shown.stop - 1
        for value in node.values():
            _cap_segment_ids(value, shown)
    elif isinstance(node, list):
        for value in node:
            _cap_segment_ids(value, shown)


def _drop_bounds(node: Any) -> None:
    if isinstance(node, dict):
        for keyword in _BOUND_KEYWORDS:
            node.pop(keyword, None)
        for value in node.values():
            _drop_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _drop_bounds(value)


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


def _item(kind: type[DomainItem], item: Cited, transcript: Transcript) -> DomainItem:
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
