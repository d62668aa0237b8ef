"""Accept, edit, reject and undo: each checked against the deal's working plan, in one
transaction.

Accepting applies the suggestion with the pipeline's own `apply` (what the draft assumed) and
works the plan's dates, slippage and findings out again. An edit is checked by applying it to
the working plan before it is kept, so an edited suggestion always still applies. Every change
needs the version the rep saw (If-Match): a rep acting on a stale copy gets 409, never a silent
overwrite. A decision can be taken back (`undo`): a rejection always, an acceptance while nothing
else has changed the working plan since (later acceptances are undone first, last first).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from pipeline.models import Plan, Suggestion, SuggestionKind
from pipeline.plan import Catalogue, apply, rederive
from service.audit.service import record
from service.auth.service import Caller
from service.db.models import Deal, SuggestionRow, utcnow
from service.deals.service import editable_deal, get_deal
from service.errors import ConflictError, FieldError, NotFoundError, first_problem
from service.plans.working import plan_options, plan_row, working_plan
from service.suggestions.schemas import EvidencePublic, SuggestionPublic


def select_for_deal(caller: Caller, deal_id: int, status: str | None) -> Select[Any]:
    query = select(SuggestionRow).where(
        SuggestionRow.org_id == caller.org_id, SuggestionRow.deal_id == deal_id
    )
    if status:
        query = query.where(SuggestionRow.status == status)
    return query.order_by(SuggestionRow.id)


def get_suggestion(
    session: Session, caller: Caller, suggestion_id: int, *, lock: bool = False
) -> SuggestionRow:
    """The suggestion, if the caller may see it; `lock` holds its row until the transaction
    ends, so two changes from the same version cannot both pass the version check
    (PostgreSQL; SQLite's write transactions hold the whole database)."""
    query = select(SuggestionRow).where(
        SuggestionRow.id == suggestion_id, SuggestionRow.org_id == caller.org_id
    )
    if lock:  # and read the row as it is now, not as this session last saw it
        query = query.with_for_update().execution_options(populate_existing=True)
    row = session.scalar(query)
    if row is None:
        raise NotFoundError(f"no suggestion {suggestion_id}")
    get_deal(session, caller, row.deal_id)
    return row


def accept(
    session: Session, caller: Caller, catalogue: Catalogue, suggestion_id: int, version: int | None
) -> SuggestionRow:
    row, deal = _decidable(session, caller, suggestion_id, version)
    plan_holder = plan_row(session, deal.id, lock=True)
    current = working_plan(plan_holder)
    if plan_holder is None or current is None:
        raise ConflictError(f"deal {deal.id} has no plan yet; wait for its first call's job")
    updated = _applied(current, Suggestion.model_validate(row.body), suggestion_id)
    row.undo_plan = plan_holder.plan
    plan_holder.plan = rederive(updated, plan_options(deal, catalogue)).model_dump(mode="json")
    plan_holder.revision += 1
    plan_holder.updated_at = utcnow()
    row.undo_digest = _digest(plan_holder.plan)
    _decide(row, caller, "accepted")
    _audit(session, caller, "suggestion.accepted", row, {"kind": row.kind, "edited": row.edited})
    return row


def edit(
    session: Session, caller: Caller, suggestion_id: int, version: int, changes: dict[str, Any]
) -> SuggestionRow:
    row, deal = _decidable(session, caller, suggestion_id, version)
    changes = _corrected(row.kind, changes)
    body = {**row.body, "proposed": {**row.body.get("proposed", {}), **changes}}
    try:
        edited = Suggestion.model_validate(body)
    except ValidationError as error:
        raise _field_error("the edit is not valid", error) from error
    current = working_plan(plan_row(session, deal.id))
    if current is not None:
        _applied(current, edited, suggestion_id)  # refuse an edit that would not apply
    row.body = edited.model_dump(mode="json")
    row.edited = True
    row.version += 1
    _audit(session, caller, "suggestion.edited", row, {"changes": changes})
    return row


def reject(
    session: Session, caller: Caller, suggestion_id: int, version: int | None, reason: str
) -> SuggestionRow:
    row, _ = _decidable(session, caller, suggestion_id, version)
    row.reason = reason
    _decide(row, caller, "rejected")
    _audit(session, caller, "suggestion.rejected", row, {"kind": row.kind, "reason": reason})
    return row


def undo(
    session: Session, caller: Caller, suggestion_id: int, version: int | None
) -> SuggestionRow:
    """The decision taken back: the suggestion is pending again. Undoing an acceptance puts
    the working plan back as it was before it, only while the plan is still what that
    acceptance made (409 otherwise, saying why)."""
    row = get_suggestion(session, caller, suggestion_id, lock=True)
    deal = editable_deal(session, caller, row.deal_id)
    _check_version(row, suggestion_id, version)
    if row.status == "pending":
        raise ConflictError(f"suggestion {suggestion_id} is pending: there is no decision to undo")
    was = row.status
    if was == "accepted":
        holder = plan_row(session, deal.id, lock=True)
        if holder is None or row.undo_plan is None or row.undo_digest is None:
            raise ConflictError(
                f"suggestion {suggestion_id} was accepted before Callplan kept what an "
                "acceptance changed, so it cannot be undone"
            )
        if _digest(holder.plan) != row.undo_digest:
            raise ConflictError(
                f"the working plan has changed since suggestion {suggestion_id} was accepted "
                "(a later acceptance, a new call or a step changed by hand): undo the later "
                "acceptances first, the last one first"
            )
        holder.plan = row.undo_plan
        holder.revision += 1
        holder.updated_at = utcnow()
    row.status = "pending"
    row.reason = None
    row.decided_by = None
    row.decided_at = None
    row.undo_plan = None
    row.undo_digest = None
    row.version += 1
    _audit(session, caller, "suggestion.undone", row, {"kind": row.kind, "was": was})
    return row


def public(row: SuggestionRow) -> SuggestionPublic:
    s = Suggestion.model_validate(row.body)
    url = f"/api/calls/{row.call_id}/recording"
    evidence = [
        EvidencePublic(**e.model_dump(), recording_url=f"{url}#t={e.start:.1f}") for e in s.evidence
    ]
    return SuggestionPublic(
        id=row.id,
        deal_id=row.deal_id,
        call_id=row.call_id,
        kind=s.kind,
        status=row.status,
        summary=s.summary,
        milestone_id=s.milestone_id,
        proposed=s.proposed,
        previous=s.previous,
        original=row.original.get("proposed") if row.edited else None,
        evidence=evidence,
        reason=row.reason,
        version=row.version,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


def _decidable(
    session: Session, caller: Caller, suggestion_id: int, version: int | None
) -> tuple[SuggestionRow, Deal]:
    row = get_suggestion(session, caller, suggestion_id, lock=True)
    deal = editable_deal(session, caller, row.deal_id)
    _check_version(row, suggestion_id, version)
    if row.status != "pending":
        raise ConflictError(f"suggestion {suggestion_id} is already {row.status}")
    return row, deal


def _audit(
    session: Session, caller: Caller, action: str, row: SuggestionRow, detail: dict[str, Any]
) -> None:
    record(
        session,
        caller,
        action,
        f"suggestion:{row.id}",
        org_id=caller.org_id,
        deal_id=row.deal_id,
        detail=detail,
    )


def _check_version(row: SuggestionRow, suggestion_id: int, version: int | None) -> None:
    if version is not None and version != row.version:
        raise ConflictError(
            f"suggestion {suggestion_id} changed since you read it (version {row.version}, "
            f"yours {version}); reload it, your change was not applied"
        )


def _digest(plan: dict[str, Any]) -> str:
    """The working plan's content, whatever order the database gives its keys back in."""
    return hashlib.sha256(json.dumps(plan, sort_keys=True).encode()).hexdigest()


def _applied(plan: Plan, suggestion: Suggestion, suggestion_id: int) -> Plan:
    try:
        return apply(plan, suggestion)
    except ValidationError as error:
        raise _field_error(f"suggestion {suggestion_id}", error) from error
    except ValueError as error:
        raise ConflictError(
            f"suggestion {suggestion_id} no longer applies: {error} "
            "(the step it changes was rejected or removed); reject it"
        ) from error


def _corrected(kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    """A new step's date set by the rep is a correction of what was heard, not a slip: the
    date it is measured from moves with it, and it is a day the rep chose."""
    if kind != SuggestionKind.ADD_MILESTONE or "due_date" not in changes:
        return changes
    dated = changes["due_date"] is not None
    follow = {
        "first_due_date": changes["due_date"],
        "due_precision": "day" if dated else None,
        "date_basis": "stated" if dated else None,
        "date_note": None,
    }
    return {**follow, **changes}


def _field_error(what: str, error: ValidationError) -> FieldError:
    loc, message = first_problem(error, skip=("proposed",))
    where = ".".join(loc)
    return FieldError(
        f"{what}: {where}: {message}" if where else f"{what}: {message}", loc[0] if loc else None
    )


def _decide(row: SuggestionRow, caller: Caller, status: str) -> None:
    row.status = status
    row.version += 1
    row.decided_by = caller.user_id
    row.decided_at = utcnow()
