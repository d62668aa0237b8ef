"""The rep changes the working plan's steps by hand: add a step no call stated, change one
(title, owner, date, status), remove one. Each is checked against the plan's revision (If-Match:
a stale copy gets 409), re-derived like an accepted suggestion, and audited.

A rep may start a plan by hand before the deal's first call; the call's suggestions then come
against it. Pending suggestions about a removed step no longer apply and say so when accepted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.orm import Session

from pipeline.models import MilestoneStatus, Plan, Side
from pipeline.plan import Catalogue, rederive
from pipeline.plan import edits as steps
from service.audit.service import record
from service.auth.service import Caller
from service.db.models import Deal, PlanRow, utcnow
from service.deals.service import editable_deal
from service.errors import ConflictError, FieldError, NotFoundError, first_problem
from service.plans.working import pending, plan_options, plan_row, with_pending, working_plan


def add_step(
    session: Session,
    caller: Caller,
    catalogue: Catalogue,
    deal_id: int,
    fields: dict[str, Any],
    revision: int | None,
) -> tuple[PlanRow, str]:
    """The step added to the working plan (made, if the deal has none yet); its new id."""
    deal = editable_deal(session, caller, deal_id)
    title = str(fields.get("title") or "").strip()
    if not title:
        raise FieldError("title: a step needs a title", "title")
    row = plan_row(session, deal_id, lock=True)
    if row is not None:
        _check_revision(row, revision)
    plan = working_plan(row) or _empty_plan(deal)
    number = steps.next_milestone_number(plan, with_pending(plan, pending(session, deal_id)))
    milestone_id = f"m{number}"
    try:
        changed = steps.add_step(
            plan,
            milestone_id,
            title,
            catalogue,
            owner=fields.get("owner"),
            owner_role=fields.get("owner_role"),
            owner_side=fields.get("owner_side") or Side.UNKNOWN,
            due_date=fields.get("due_date"),
            status=MilestoneStatus(fields.get("status") or MilestoneStatus.NOT_STARTED),
            sides=_sides(deal),
        )
    except ValueError as error:  # pydantic's ValidationError too
        raise _field_error(error) from error
    if row is None:
        row = PlanRow(deal_id=deal.id, org_id=deal.org_id, plan={}, revision=0)
        session.add(row)
    _store(row, changed, deal, catalogue)
    _audit(session, caller, deal, "plan.step_added", milestone_id, _shown(fields))
    return row, milestone_id


def change_step(
    session: Session,
    caller: Caller,
    catalogue: Catalogue,
    deal_id: int,
    milestone_id: str,
    changes: dict[str, Any],
    revision: int | None,
    *,
    correction: bool = False,
) -> PlanRow:
    deal, row, plan = _changing(session, caller, deal_id, revision)
    try:
        changed = steps.change_step(
            plan, milestone_id, changes, correction=correction, sides=_sides(deal)
        )
    except LookupError as error:
        raise NotFoundError(f"deal {deal_id}: {error.args[0]}") from error
    except ValueError as error:  # pydantic's ValidationError too
        raise _field_error(error) from error
    _store(row, changed, deal, catalogue)
    detail = {**_shown(changes), **({"correction": True} if correction else {})}
    _audit(session, caller, deal, "plan.step_changed", milestone_id, detail)
    return row


def remove_step(
    session: Session,
    caller: Caller,
    catalogue: Catalogue,
    deal_id: int,
    milestone_id: str,
    revision: int | None,
) -> PlanRow:
    deal, row, plan = _changing(session, caller, deal_id, revision)
    try:
        removed = plan.milestone(milestone_id)
        changed = steps.remove_step(plan, milestone_id)
    except LookupError as error:
        raise NotFoundError(f"deal {deal_id}: {error.args[0]}") from error
    _store(row, changed, deal, catalogue)
    title = removed.title if removed else milestone_id
    _audit(session, caller, deal, "plan.step_removed", milestone_id, {"title": title})
    return row


def _changing(
    session: Session, caller: Caller, deal_id: int, revision: int | None
) -> tuple[Deal, PlanRow, Plan]:
    deal = editable_deal(session, caller, deal_id)
    row = plan_row(session, deal_id, lock=True)
    plan = working_plan(row)
    if row is None or plan is None:
        raise NotFoundError(f"deal {deal_id} has no plan yet: add a step or upload a call first")
    _check_revision(row, revision)
    return deal, row, plan


def _check_revision(row: PlanRow, revision: int | None) -> None:
    if revision is not None and revision != row.revision:
        raise ConflictError(
            f"the working plan changed since you read it (revision {row.revision}, yours "
            f"{revision}); reload it, your change was not applied"
        )


def _store(row: PlanRow, plan: Plan, deal: Deal, catalogue: Catalogue) -> None:
    row.plan = rederive(plan, plan_options(deal, catalogue)).model_dump(mode="json")
    row.revision += 1
    row.updated_at = utcnow()


def _sides(deal: Deal) -> dict[str, Side]:
    """The deal's people's sides, by casefolded name."""
    return {p["name"].casefold(): Side(p.get("side") or Side.UNKNOWN) for p in deal.participants}


def _empty_plan(deal: Deal) -> Plan:
    today = dt.datetime.now(ZoneInfo(deal.timezone)).date()
    return Plan(deal=str(deal.id), version=1, as_of=today)


def _audit(
    session: Session, caller: Caller, deal: Deal, action: str, milestone_id: str, detail: Any
) -> None:
    record(
        session,
        caller,
        action,
        f"milestone:{milestone_id}",
        org_id=caller.org_id,
        deal_id=deal.id,
        detail=detail,
    )


def _shown(fields: dict[str, Any]) -> dict[str, Any]:
    """The values as JSON keeps them (dates as ISO text) for the audit log."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()}


def _field_error(error: ValueError) -> FieldError:
    if isinstance(error, ValidationError):  # a value the step model refuses
        loc, message = first_problem(error)
        field = loc[0] if loc else None
        return FieldError(f"{field}: {message}" if field else message, field)
    return FieldError(str(error), None)
