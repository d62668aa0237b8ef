"""The offline extractor: deterministic rules over speaker-attributed sentences, no model weights.

Every item's evidence is a sentence of the transcript, so it is grounded by construction.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.extract.base import CallContext
from pipeline.extract.rules.commitments import find_commitments
from pipeline.extract.rules.goals import find_key_dates, find_outcomes
from pipeline.extract.rules.lexicon import COMPANY
from pipeline.extract.rules.people import find_stakeholders
from pipeline.extract.rules.risks import find_risks
from pipeline.extract.rules.sentences import split_sentences
from pipeline.models import (
    CallInfo,
    Commitment,
    Extraction,
    ExtractorInfo,
    Side,
    Stakeholder,
    Transcript,
)

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
        commitments = find_commitments(sentences, known_people, context.call_date)
        ours = [c for c in (context.buyer_company, context.seller_company) if c]
        listed = {p.name for p in context.participants}
        commitments = [
            c if c.owner in listed else _at_another_company(c, ours) for c in commitments
        ]
        return Extraction(
            extractor=self.info,
            call=CallInfo(
                date=context.call_date,
                timezone=context.timezone,
                duration_s=transcript.duration_s,
            ),
            participants=context.participants,
            outcomes=tuple(find_outcomes(sentences, context.call_date)),
            stakeholders=tuple(stakeholders + _owners_not_listed(commitments, stakeholders)),
            commitments=tuple(commitments),
            key_dates=tuple(find_key_dates(sentences, context.call_date)),
            risks=tuple(find_risks(sentences)),
        )


def _owners_not_listed(
    commitments: list[Commitment], stakeholders: list[Stakeholder]
) -> list[Stakeholder]:
    """Someone who owes a step of the plan takes part in it: "Raj from our IT team will
    provision the SSO by the 3rd" makes Raj a stakeholder, with that sentence as evidence."""
    listed = {s.name.lower() for s in stakeholders if s.name}
    listed |= {n.split()[0] for n in listed}  # "Raj" is "Raj Patel" when he was named in full
    owners: dict[str, Stakeholder] = {}
    for c in commitments:
        if c.owner is None or c.owner.lower() in listed or c.owner.lower() in owners:
            continue
        owners[c.owner.lower()] = Stakeholder(name=c.owner, side=c.owner_side, evidence=c.evidence)
    return list(owners.values())


def _at_another_company(c: Commitment, ours: list[str]) -> Commitment:
    """ "Joseph at Rift Valley Hauliers has agreed to fit the loggers": someone of a company that
    is neither the buyer nor the seller is a partner (when the call says who they are)."""
    if c.owner is None or not ours:
        return c
    first = re.escape(c.owner.split()[0])
    m = re.search(
        rf"\b{first}(?: [A-Z][\w'’-]+)? (?:at|from) (?P<company>{COMPANY})",
        c.evidence[0].quote,
    )
    if m is None or any(fuzz.partial_ratio(m["company"].lower(), o.lower()) >= 80 for o in ours):
        return c
    return c.model_copy(update={"owner_side": Side.PARTNER})
