"""Notifications as a manager sees them (the rows `service/notifications.py` keeps): what each
owed, how it went, and sending one again that was given up on once its cause is fixed (a mail
server that was down longer than the retries, a webhook endpoint that was broken)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from service.audit.service import record
from service.auth.service import Caller
from service.db.models import Call, Job, Notification, PlanVersion, utcnow
from service.errors import ConflictError, ForbiddenError, NotFoundError
from service.notices.schemas import NotificationPublic


def managing(caller: Caller) -> Caller:
    if not caller.is_manager:
        raise ForbiddenError(
            "notifications are looked after by a manager of your org: they cover every rep's deals"
        )
    return caller


def select_for_org(caller: Caller, state: str | None) -> Select[Any]:
    managing(caller)
    query = select(Notification).where(Notification.org_id == caller.org_id)
    if state:
        query = query.where(Notification.state == state)
    return query.order_by(Notification.id.desc())


def get_notification(session: Session, caller: Caller, notification_id: int) -> Notification:
    managing(caller)
    row = session.scalar(
        select(Notification)
        .where(Notification.id == notification_id, Notification.org_id == caller.org_id)
        .with_for_update()
    )
    if row is None:
        raise NotFoundError(f"no notification {notification_id}")
    return row


def resend(session: Session, caller: Caller, notification_id: int) -> Notification:
    """A failed notification owed again from now: the next sweep runs its hooks (the rep's
    email, the org's webhook events) with a fresh count of attempts."""
    row = get_notification(session, caller, notification_id)
    if row.state != "failed":
        raise ConflictError(
            f"notification {notification_id} is {row.state}: only a failed one is sent again"
        )
    error = row.last_error
    row.state, row.attempts, row.due_at = "pending", 0, utcnow()
    row.last_error, row.finished_at = None, None
    record(
        session,
        caller,
        "notification.resent",
        f"notification:{row.id}",
        org_id=caller.org_id,
        deal_id=_deal_of(session, row),
        detail={"event": row.event, "subject_id": row.subject_id, "last_error": error},
    )
    return row


def _deal_of(session: Session, row: Notification) -> int:
    """The deal a notification is about: its job's call's, or its plan version's."""
    if row.event == "plan.published":
        return session.get_one(PlanVersion, row.subject_id).deal_id
    return session.get_one(Call, session.get_one(Job, row.subject_id).call_id).deal_id


def public(row: Notification) -> NotificationPublic:
    return NotificationPublic.model_validate(row, from_attributes=True)
