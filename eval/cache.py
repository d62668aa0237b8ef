"""A file cache for what costs money or minutes: extractor answers and transcriptions.

    CALLPLAN_DATA_DIR/eval-cache/extractions/<key>.json   the extractor's raw answer for a call
    CALLPLAN_DATA_DIR/eval-cache/transcripts/<key>.json   the speech model's transcript of a file

A key hashes everything the result depends on, so an unchanged call costs nothing on a re-run
(no LLM tokens, no transcription) and any change that could alter the answer misses:
- extractions: the transcript and call context the extractor reads (not the row's gold, so
  fixing a label re-bills nothing), the extractor's name, model and prompt version, the
  settings that shape its answer, and a fingerprint of its code (the rules' source; the
  prompt templates and LLM modules), so an edited prompt or rule is never served stale;
- transcripts: the audio file's bytes and the speech model's settings.
Only raw answers are stored: grounding, date resolution and scoring always run afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

import pipeline
import prompts
from pipeline.extract import CallContext
from pipeline.models import ExtractorInfo, Transcript

# Bump when what is stored changes shape or meaning.
CACHE_FORMAT = "1"

M = TypeVar("M", bound=BaseModel)


class Cache:
    """JSON files by namespace and key; `folder=None` turns it off (`--no-cache`)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def get(self, namespace: str, key: str, model: type[M]) -> M | None:
        if self.folder is None:
            return None
        path = self.folder / namespace / f"{key}.json"
        try:
            value = model.model_validate_json(path.read_bytes())
        except (OSError, ValidationError):  # absent, or written by an older format: recompute
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, namespace: str, key: str, value: BaseModel) -> None:
        if self.folder is None:
            return
        folder = self.folder / namespace
        folder.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so an interrupted run never leaves half a file to be read.
        handle, scratch = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(value.model_dump_json())
        Path(scratch).replace(folder / f"{key}.json")


def digest(*parts: object) -> str:
    """A stable hash of JSON-serialisable parts (pydantic models as their JSON)."""
    hasher = hashlib.sha256(CACHE_FORMAT.encode())
    for part in parts:
        text = (
            part.model_dump_json()
            if isinstance(part, BaseModel)
            else json.dumps(part, sort_keys=True, default=str)
        )
        hasher.update(text.encode())
        hasher.update(b"\0")
    return hasher.hexdigest()


def extraction_key(
    info: ExtractorInfo,
    settings: Mapping[str, object],
    transcript: Transcript,
    context: CallContext,
) -> str:
    """The key of one extractor answer (see the module docstring for what goes in)."""
    return digest(info, code_fingerprint(info), settings, transcript, context)


def code_fingerprint(info: ExtractorInfo) -> str:
    """A hash of the code and templates that decide the extractor's answer."""
    package = Path(pipeline.__file__).parent
    if info.name == "llm":
        files: Iterable[Path] = [
            *sorted(Path(prompts.__file__).parent.rglob("*.j2")),
            *sorted((package / "extract").glob("llm*.py")),
        ]
    else:
        files = sorted(package.rglob("*.py"))
    hasher = hashlib.sha256()
    for path in files:
        if path.is_file():
            hasher.update(path.relative_to(package.parent).as_posix().encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()
