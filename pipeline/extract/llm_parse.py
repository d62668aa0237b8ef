"""Checking an answer: valid as a whole, else the items that validate on their own.

An answer is parsed against `LLMExtraction` with the segment ids the model was shown, so a
citation of a segment outside the prompt is an error the model is told about. When the whole
answer is not valid, `salvage` keeps every item that is, and says what was dropped and why.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from langchain_core.utils.json import parse_partial_json
from pydantic import ValidationError

from pipeline.extract.llm_schema import ITEM_MODELS, LIST_MAX, Cited, LLMExtraction

# The correction prompt lists this many errors at most: a flood of them helps no model.
_ERRORS_SHOWN = 12


@dataclass(frozen=True)
class Parsed:
    """One answer checked: the valid output, or why not, and what could be kept item by item."""

    output: LLMExtraction | None
    errors: list[str] = field(default_factory=list)
    partial: LLMExtraction | None = None
    problems: list[str] = field(default_factory=list)


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
_CUT_OFF_NOTE = "the answer was cut off at the output token limit; its unfinished item was dropped"


def parse_output(raw: str, segment_ids: range, *, cut_off: bool = False) -> Parsed:
    """Check a raw answer against the schema and the segment ids the model was shown.

    Args:
        raw: the model's answer.
        segment_ids: the ids of the segments in the prompt (cited ids must be among them).
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
            return _partial(repaired, segment_ids, errors, [_CUT_OFF_NOTE])
        return Parsed(None, errors)
    try:
        context = {"segment_ids": segment_ids}
        return Parsed(LLMExtraction.model_validate(data, context=context))
    except ValidationError as error:
        return _partial(data, segment_ids, describe_errors(error), [])


def _partial(data: object, segment_ids: range, errors: list[str], notes: list[str]) -> Parsed:
    kept = salvage(data, segment_ids)
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


def salvage(data: object, segment_ids: range) -> tuple[LLMExtraction, list[str]] | None:
    """The items that validate on their own, and a line for each thing dropped.

    Returns None when the answer is not an object with at least one of the expected lists.
    """
    if not isinstance(data, dict) or not data.keys() & ITEM_MODELS.keys():
        return None
    problems = [f"ignored unexpected key {key!r}" for key in data if key not in ITEM_MODELS]
    kept: dict[str, list[Cited]] = {}
    for key, model in ITEM_MODELS.items():
        items = data.get(key)
        if not isinstance(items, list):
            problems.append(f"{key}: missing or not a list, none kept")
            items = []
        if len(items) > LIST_MAX[key]:
            problems.append(f"{key}: {len(items)} items, kept the first {LIST_MAX[key]}")
        kept[key] = []
        for index, item in enumerate(items[: LIST_MAX[key]]):
            try:
                kept[key].append(model.model_validate(item, context={"segment_ids": segment_ids}))
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
