"""Prompt templates, versioned by folder (`extract/v1/...`); the version is stored with each result.

Templates are rendered with `StrictUndefined`, so a missing variable fails loudly instead of
silently sending the model an empty field.
"""

from __future__ import annotations

import re
from importlib.resources import files

from jinja2 import Environment, FileSystemLoader, StrictUndefined

__all__ = ["environment", "mmss", "one_line"]

# Marker look-alikes inside transcript text are defused so spoken (or injected) words can never
# close the transcript block early and pose as instructions.
_MARKER = re.compile(r"<{3,}|>{3,}")
_SPACE = re.compile(r"\s+")


def mmss(seconds: float) -> str:
    """Seconds as `mm:ss` (minutes keep counting past 59, as call players show them)."""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes:02d}:{rest:02d}"


def one_line(text: object) -> str:
    """Untrusted text as a single line: newlines could otherwise fake a new segment line."""
    return _MARKER.sub("", _SPACE.sub(" ", str(text))).strip()


def environment() -> Environment:
    """A jinja2 environment over the bundled templates (plain text, so no HTML escaping)."""
    env = Environment(
        loader=FileSystemLoader(str(files("prompts"))),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["mmss"] = mmss
    env.filters["one_line"] = one_line
    return env
