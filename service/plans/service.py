"""The working plan, publishing it as an immutable numbered version, and versions' diffs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from pipeline.models import Plan
from service.audit.service import record
from service.auth.service import Caller
from service.db.models import PlanVersion, SuggestionRow
from service.deals.service import editable_deal, get_deal
from service.errors import ConflictError, NotFoundError
from service.notifications import deliver, owe
from service.plans.diff import PlanDiff, diff
from service.plans.schemas import VersionPublic, VersionSummary, WorkingPlan
from service.plans.working import plan_row, working_plan
from service.runtime import Runtime


def working(session: Session, caller: Caller, deal_id: int) -> WorkingPlan:
    get_deal(session, caller, deal_id)
    row = plan_row(session, deal_id)
    plan = working_plan(row)
    if row is None or plan is None:
        raise NotFoundError(f"deal {deal_id} has no plan yet: upload a call first")
    pending = session.scalar(
        select(func.count()).where(
            SuggestionRow.deal_id == deal_id, SuggestionRow.status == "pending"
        )
    )
    return WorkingPlan(
        deal_id=deal_id,
        revision=row.revision,
        pending_suggestions=pending or 0,
        last_published=_last_number(session, deal_id),
        plan=plan,
    )


def publish_and_announce(
    session: Session, caller: Caller, runtime: Runtime, deal_id: int, note: str | None
) -> PlanVersion:
    """Publish and commit, then send the org's webhooks (plan.published). What the publish owes
    is recorded in its own transaction, so a process that dies before sending loses nothing."""
    version = publish(session, caller, deal_id, note)
    settings = runtime.settings.notifications
    owed = owe(session, settings, "plan.published", version.id, version.org_id)
    session.commit()
    deliver(runtime, owed)
    return version


def publish(session: Session, caller: Caller, deal_id: int, note: str | None) -> PlanVersion:
    """The working plan as the next numbered version; the versions before are never changed."""
    editable_deal(session, caller, deal_id)
    row = plan_row(session, deal_id, lock=True)
    plan = working_plan(row)
    if plan is None:
        raise ConflictError(f"deal {deal_id} has no plan yet: upload a call and review it first")
    last = _last_number(session, deal_id)
    if last is not None and diff(_version_plan(session, deal_id, last), plan, ("", "")).empty:
        raise ConflictError(f"nothing changed since version {last}; accept suggestions first")
    number = (last or 0) + 1
    published = plan.model_copy(
        update={"version": number, "status": "published", "suggestions": ()}
    )
    version = PlanVersion(
        org_id=caller.org_id,
        deal_id=deal_id,
        number=number,
        plan=published.model_dump(mode="json"),
        published_by=caller.user_id,
        note=note,
    )
    session.add(version)
    session.flush()
    record(
        session,
        caller,
        "plan.published",
        f"plan_version:{number}",
        org_id=caller.org_id,
        deal_id=deal_id,
        detail={"version": number, "note": note},
    )
    return version


def select_versions(caller: Caller, deal_id: int) -> Select[Any]:
    return (
        select(PlanVersion)
        .where(PlanVersion.org_id == caller.org_id, PlanVersion.deal_id == deal_id)
        .order_by(PlanVersion.number.desc())
    )


def get_version(session: Session, caller: Caller, deal_id: int, number: int) -> PlanVersion:
    get_deal(session, caller, deal_id)
    version: PlanVersion | None = session.scalar(
        select_versions(caller, deal_id).where(PlanVersion.number == number)
    )
    if version is None:
        raise NotFoundError(f"deal {deal_id} has no published version {number}")
    return version


def compare(
    session: Session, caller: Caller, deal_id: int, before: int | None, after: int | None
) -> PlanDiff:
    """`before` and `after` are version numbers; None for `after` means the working plan, None
    for `before` the last published version (or nothing, before the first)."""
    get_deal(session, caller, deal_id)
    if after is None:
        target = working(session, caller, deal_id).plan
    else:
        target = Plan.model_validate(get_version(session, caller, deal_id, after).plan)
    if before is None:
        before = _last_number(session, deal_id)
    source = (
        Plan.model_validate(get_version(session, caller, deal_id, before).plan)
        if before is not None
        else None
    )
    labels = (str(before) if before else "none", str(after) if after else "draft")
    return diff(source, target, labels)


def summary(v: PlanVersion) -> VersionSummary:
    return VersionSummary.model_validate(v, from_attributes=True)


def public(v: PlanVersion) -> VersionPublic:
    return VersionPublic(**summary(v).model_dump(), plan=Plan.model_validate(v.plan))


def latest_published(session: Session, deal_id: int) -> Plan | None:
    number = _last_number(session, deal_id)
    return _version_plan(session, deal_id, number) if number else None


def _last_number(session: Session, deal_id: int) -> int | None:
    return session.scalar(
        select(func.max(PlanVersion.number)).where(PlanVersion.deal_id == deal_id)
    )


def _version_plan(session: Session, deal_id: int, number: int) -> Plan:
    raw = session.scalars(
        select(PlanVersion.plan).where(PlanVersion.deal_id == deal_id, PlanVersion.number == number)
    ).one()
    return Plan.model_validate(raw)
