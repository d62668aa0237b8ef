"""Normalise: resolve spoken dates with the shared resolver and tie owners to known people.

Whatever the extractor guessed, dates come from the words spoken (`*_text`) resolved here, so both
extractors give the same date for the same words. Owners that are departments or "TBD" are
not people: they are cleared and raised as an `unnamed_owner` risk so the rep asks who.
"""

from __future__ import annotations

import re

from pipeline.dates import ResolvedDate, find_dates, resolve_date
from pipeline.extract.base import CallContext
from pipeline.models import Commitment, Extraction, KeyDate, Outcome, Risk, RiskKind, Side
from pipeline.speakers import match_participant

_NOT_A_PERSON = re.compile(
    r"^(?:tbd|tba|n/?a|unknown|someone|somebody|anyone|the team|team|we|us|they|them|"
    r"(?:the |our |their )?(?:\w+ )?(?:team|department|dept|group|office|committee|board))$",
    re.IGNORECASE,
)


def normalise(extraction: Extraction, context: CallContext) -> Extraction:
    """Resolve every spoken date against the call date and canonicalise owners.

    Args:
        extraction: grounded extractor output.
        context: the call's date, time zone, fiscal year and participants.
    """
    commitments = tuple(_commitment(c, context) for c in extraction.commitments)
    unnamed = [
        Risk(
            kind=RiskKind.UNNAMED_OWNER,
            description=f"No named owner for: {c.action} (said: {original.owner})",
            evidence=c.evidence,
        )
        for c, original in zip(commitments, extraction.commitments, strict=True)
        if c.owner is None and original.owner is not None and c.evidence
    ]
    return extraction.model_copy(
        update={
            "commitments": commitments,
            "outcomes": tuple(_outcome(o, context) for o in extraction.outcomes),
            "key_dates": tuple(_key_date(k, context) for k in extraction.key_dates),
            "risks": extraction.risks + tuple(unnamed),
        }
    )


def resolve_spoken(text: str, context: CallContext) -> ResolvedDate:
    """Resolve a date phrase; if the words hold more than a phrase, their one date mention."""
    fiscal = context.fiscal_year_start_month
    resolved = resolve_date(text, context.call_date, fiscal_year_start_month=fiscal)
    if resolved.resolved:
        return resolved
    mentions = [
        m for m in find_dates(text, context.call_date, fiscal_year_start_month=fiscal) if m.resolved
    ]
    return mentions[0] if len(mentions) == 1 else resolved


def _commitment(commitment: Commitment, context: CallContext) -> Commitment:
    update: dict[str, object] = {}
    if commitment.due_text:
        resolved = resolve_spoken(commitment.due_text, context)
        update |= {"due_date": resolved.date, "due_precision": resolved.precision}
    else:
        update |= {"due_date": None, "due_precision": None}
    owner = commitment.owner
    if owner is not None and _NOT_A_PERSON.match(owner.strip()):
        update |= {"owner": None, "owner_role": commitment.owner_role or owner}
    elif owner is not None and (known := match_participant(owner, context.participants)):
        update |= {"owner": known.name}
        if commitment.owner_side == Side.UNKNOWN:
            update |= {"owner_side": known.side}
    return commitment.model_copy(update=update)


def _outcome(outcome: Outcome, context: CallContext) -> Outcome:
    if not outcome.target_text:
        return outcome.model_copy(update={"target_date": None})
    return outcome.model_copy(
        update={"target_date": resolve_spoken(outcome.target_text, context).date}
    )


def _key_date(key_date: KeyDate, context: CallContext) -> KeyDate:
    return key_date.model_copy(update={"date": resolve_spoken(key_date.date_text, context).date})
