"""Extract: the extractor proposes, code verifies (grounding), code resolves dates (normalise)."""

from __future__ import annotations

from pipeline.extract.base import CallContext, Extractor
from pipeline.extract.rules import RulesExtractor
from pipeline.ground import ground
from pipeline.models import Extraction, Transcript
from pipeline.normalise import normalise
from pipeline.settings import Settings

__all__ = ["CallContext", "Extractor", "RulesExtractor", "build_extractor", "extract"]


def extract(transcript: Transcript, extractor: Extractor, context: CallContext) -> Extraction:
    """Run an extractor and verify what it returned.

    Args:
        transcript: the speaker-attributed transcript.
        extractor: the rules or the LLM extractor.
        context: call date, time zone, companies, participants, the deal's current plan.

    Returns:
        Only grounded items, with dates resolved from the words spoken.
    """
    raw = extractor.extract(transcript, context)
    return normalise(ground(raw, transcript), context, transcript)


def build_extractor(settings: Settings) -> Extractor:
    """The LLM extractor when an endpoint is configured, else the offline rules."""
    if not settings.use_llm:
        return RulesExtractor()
    from pipeline.extract.llm import build_llm_extractor  # langchain: import on use

    return build_llm_extractor(settings)
