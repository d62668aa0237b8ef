"""Normalise: resolve spoken dates with the shared resolver and tie owners to known people.

Whatever the extractor guessed, dates come from the words spoken (`*_text`) resolved here, so both
extractors give the same date for the same words. Owners that are departments or "TBD" are
not people: they are cleared and raised as an `unnamed_owner` risk so the rep asks who.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.dates import ResolvedDate, find_dates, resolve_date
from pipeline.dates.context import in_month, is_bare_day, month_named
from pipeline.extract.base import CallContext
from pipeline.models import (
    Commitment,
    Evidence,
    Extraction,
    KeyDate,
    Outcome,
    Risk,
    RiskKind,
    Side,
    Transcript,
)
from pipeline.speakers import match_participant

_NOT_A_PERSON = re.compile(
    r"^(?:tbd|tba|n/?a|unknown|someone|somebody|anyone|the team|team|we|us|they|them|"
    r"(?:the |our |their )?(?:\w+ )?(?:team|department|dept|group|office|committee|board))$",
    re.IGNORECASE,
)


# Segments before an item's evidence that may name the month of a bare "the 19th".
_MONTH_CONTEXT_SEGMENTS = 3


def normalise(
    extraction: Extraction, context: CallContext, transcript: Transcript | None = None
) -> Extraction:
    """Resolve every spoken date against the call date and canonicalise owners.

    Args:
        extraction: grounded extractor output.
        context: the call's date, time zone, fiscal year and participants.
        transcript: the call's words, for the month of a day said alone ("The 19th works."
            after "How about the 12th of January?"); without it the first such day after the
            call.
    """
    commitments = tuple(_commitment(c, context, transcript) for c in extraction.commitments)
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
            "key_dates": tuple(_key_date(k, context, transcript) for k in extraction.key_dates),
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


def _in_context(
    text: str, evidence: Sequence[Evidence], context: CallContext, transcript: Transcript | None
) -> ResolvedDate:
    """The phrase resolved; a bare day in the month named just before the words that said it."""
    resolved = resolve_spoken(text, context)
    if transcript is None or not evidence or not is_bare_day(text):
        return resolved
    said = next((e for e in evidence if text in e.quote), evidence[0])
    ids = [s.id for s in transcript.segments]
    if not said.segment_ids or said.segment_ids[0] not in ids:
        return resolved
    at = ids.index(said.segment_ids[0])
    segment = transcript.segments[at]
    earlier = [s.text for s in transcript.segments[max(0, at - _MONTH_CONTEXT_SEGMENTS) : at]]
    earlier.append(segment.text[: max(0, segment.text.find(said.quote))])
    fiscal = context.fiscal_year_start_month
    month = month_named(earlier, context.call_date, fiscal_year_start_month=fiscal)
    return in_month(resolved, month, context.call_date)


def _commitment(
    commitment: Commitment, context: CallContext, transcript: Transcript | None
) -> Commitment:
    update: dict[str, object] = {}
    if commitment.due_text:
        resolved = _in_context(commitment.due_text, commitment.evidence, context, transcript)
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


def _key_date(key_date: KeyDate, context: CallContext, transcript: Transcript | None) -> KeyDate:
    resolved = _in_context(key_date.date_text, key_date.evidence, context, transcript)
    return key_date.model_copy(update={"date": resolved.date})
