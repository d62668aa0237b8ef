"""The model's answers kept on disk, so re-running a call costs no tokens.

    CALLPLAN_DATA_DIR/llm-cache/<k[:2]>/<k>.json    one part's kept answer, with what it cost

The key `k` hashes everything the answer depends on: the prompt as sent (so the transcript part,
the call context and the prompt templates), the prompt version, the model and its endpoint, and
the settings that shape the answer (temperature, output cap, attempts, the response schema).
Change any of them and the answer is asked for again. Only answers the extractor kept are
stored (valid, or the items that validated); a part with no usable answer is asked again.
Grounding, checks and date resolution always run afresh on a cached answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.extract.llm_prompt import Prompt
from pipeline.extract.llm_schema import LLMExtraction

# Bump when what is stored changes shape or meaning.
CACHE_FORMAT = "1"


class CachedAnswer(BaseModel):
    """One part's answer as the extractor kept it, and what it cost when it was asked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    output: LLMExtraction
    problems: tuple[str, ...] = ()
    attempts: int
    input_tokens: int
    output_tokens: int
    model: str | None
    prompt_version: str
    created: dt.datetime


class AnswerCache:
    """JSON files, one per answer, written aside and renamed so a reader never sees half a file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> CachedAnswer | None:
        try:
            return CachedAnswer.model_validate_json(self._path(key).read_bytes())
        except (OSError, ValidationError):  # absent, unreadable, or an older format: ask again
            return None

    def put(self, key: str, answer: CachedAnswer) -> str | None:
        """Store an answer; a problem to record if it could not be (the answer is kept anyway)."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, scratch = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(answer.model_dump_json())
            Path(scratch).replace(path)
        except OSError as error:
            return f"the answer could not be cached in {self.folder}: {error.strerror or error}"
        return None

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"


def answer_key(identity: Mapping[str, object], prompt: Prompt, schema: dict[str, Any]) -> str:
    """The cache key of one request's answer (see the module docstring for what goes in)."""
    hasher = hashlib.sha256(f"callplan-llm-cache-{CACHE_FORMAT}".encode())
    for part in (identity, prompt.system, prompt.user, schema):
        hasher.update(json.dumps(part, sort_keys=True, default=str).encode())
        hasher.update(b"\0")
    return hasher.hexdigest()
