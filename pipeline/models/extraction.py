"""What an extractor found in one call (the `extraction.json` contract, schema version 1).

Every item carries evidence: the transcript's own words and the segments they came from.
Dates are kept twice: the words spoken (`*_text`) and the date code resolved from them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field

from pipeline.dates import Precision
from pipeline.models.base import Frozen, Side
from pipeline.models.transcript import Participant

SCHEMA_VERSION = "1"


class Role(StrEnum):
    """A person's role in the deal."""

    CHAMPION = "champion"
    ECONOMIC_BUYER = "economic_buyer"
    DECISION_MAKER = "decision_maker"
    TECHNICAL_EVALUATOR = "technical_evaluator"
    LEGAL = "legal"
    SECURITY = "security"
    PROCUREMENT = "procurement"
    INFLUENCER = "influencer"
    BLOCKER = "blocker"
    COACH = "coach"
    END_USER = "end_user"


class CommitmentStatus(StrEnum):
    COMMITTED = "committed"
    TENTATIVE = "tentative"
    DECLINED = "declined"


class KeyDateKind(StrEnum):
    GO_LIVE = "go_live"
    COMPELLING_EVENT = "compelling_event"
    SIGNATURE = "signature"
    BUDGET = "budget"
    RENEWAL = "renewal"
    MEETING = "meeting"
    OTHER = "other"


class RiskKind(StrEnum):
    NO_DATE_COMMITMENT = "no_date_commitment"
    UNNAMED_OWNER = "unnamed_owner"
    UNKNOWN_SIGNER = "unknown_signer"
    COMPETITOR = "competitor"
    BUDGET = "budget"
    TIMELINE = "timeline"
    CHAMPION_LEAVING = "champion_leaving"
    LEGAL = "legal"
    SECURITY = "security"
    OTHER = "other"


class Evidence(Frozen):
    """A verbatim quote from the transcript and where it was said."""

    quote: str = Field(min_length=1)
    speaker: str
    start: float
    end: float
    segment_ids: tuple[int, ...] = Field(min_length=1)


class Outcome(Frozen):
    """A result the buyer wants, in their words."""

    statement: str
    metric: str | None = None
    target_date: dt.date | None = None
    target_text: str | None = None
    stated_by: str | None = None
    evidence: tuple[Evidence, ...] = ()


class Stakeholder(Frozen):
    """A person (or a role with no name yet) involved in the decision."""

    name: str | None = None
    title: str | None = None
    company: str | None = None
    side: Side = Side.UNKNOWN
    role: Role | None = None
    evidence: tuple[Evidence, ...] = ()


class Commitment(Frozen):
    """Someone said they (or a named person) would do something, usually by a date."""

    action: str
    owner: str | None = None
    owner_role: str | None = None
    owner_side: Side = Side.UNKNOWN
    due_date: dt.date | None = None
    due_text: str | None = None
    due_precision: Precision | None = None
    status: CommitmentStatus = CommitmentStatus.COMMITTED
    evidence: tuple[Evidence, ...] = ()


class KeyDate(Frozen):
    kind: KeyDateKind
    date: dt.date | None = None
    date_text: str
    description: str
    evidence: tuple[Evidence, ...] = ()


class Risk(Frozen):
    kind: RiskKind
    description: str
    evidence: tuple[Evidence, ...] = ()


class ExtractorInfo(Frozen):
    name: Literal["rules", "llm"]
    model: str | None = None
    prompt_version: str | None = None


class CallInfo(Frozen):
    date: dt.date
    timezone: str = "UTC"
    duration_s: float | None = None


class Usage(Frozen):
    """What the extraction cost: tokens over every attempt, wall time, estimated price.

    Tokens and cost count only what this run spent: parts answered from the cache cost nothing.
    """

    attempts: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    latency_s: float = 0.0
    cost_usd: float | None = None  # None: no price known for the model
    parts: int = 1  # a long call is sent in parts, each its own request
    cached_parts: int = 0  # parts answered from the cache, without a request
    cached: bool = False  # every part came from the cache: the run spent no tokens


class Grounding(Frozen):
    """The result of checking every quote against the transcript."""

    checked: int = 0
    dropped: int = 0
    dropped_items: tuple[str, ...] = ()


class Extraction(Frozen):
    """Everything extracted from one call, grounded and with dates resolved."""

    schema_version: str = SCHEMA_VERSION
    extractor: ExtractorInfo
    call: CallInfo
    participants: tuple[Participant, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    key_dates: tuple[KeyDate, ...] = ()
    risks: tuple[Risk, ...] = ()
    grounding: Grounding = Grounding()
    usage: Usage | None = None
    problems: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "outcomes": len(self.outcomes),
            "stakeholders": len(self.stakeholders),
            "commitments": len(self.commitments),
            "key_dates": len(self.key_dates),
            "risks": len(self.risks),
        }
