"""The offline extractor: deterministic rules over speaker-attributed sentences, no model weights.

Every item's evidence is a sentence of the transcript, so it is grounded by construction.
"""

from __future__ import annotations

from pipeline.extract.base import CallContext
from pipeline.extract.rules.commitments import find_commitments
from pipeline.extract.rules.goals import find_key_dates, find_outcomes, find_risks
from pipeline.extract.rules.people import find_stakeholders
from pipeline.extract.rules.sentences import split_sentences
from pipeline.models import CallInfo, Extraction, ExtractorInfo, Side, Transcript

RULES_VERSION = "rules-v1"


class RulesExtractor:
    """The default extractor when no LLM is configured."""

    @property
    def info(self) -> ExtractorInfo:
        return ExtractorInfo(name="rules", model=None, prompt_version=RULES_VERSION)

    def extract(self, transcript: Transcript, context: CallContext) -> Extraction:
        sentences = split_sentences(transcript, context.call_date, context.fiscal_year_start_month)
        stakeholders = find_stakeholders(sentences, context)
        known_people: dict[str, Side] = {p.name: p.side for p in context.participants}
        if context.current_plan is not None:  # people named on earlier calls of the deal
            known_people |= {s.name: s.side for s in context.current_plan.stakeholders if s.name}
        known_people |= {s.name: s.side for s in stakeholders if s.name}
        return Extraction(
            extractor=self.info,
            call=CallInfo(
                date=context.call_date,
                timezone=context.timezone,
                duration_s=transcript.duration_s,
            ),
            participants=context.participants,
            outcomes=tuple(find_outcomes(sentences, context.call_date)),
            stakeholders=tuple(stakeholders),
            commitments=tuple(find_commitments(sentences, known_people, context.call_date)),
            key_dates=tuple(find_key_dates(sentences, context.call_date)),
            risks=tuple(find_risks(sentences)),
        )
