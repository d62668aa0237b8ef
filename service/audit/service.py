from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from service.auth.service import Caller
from service.db.models import AuditEvent


def record(
    session: Session,
    caller: Caller | None,
    action: str,
    subject: str,
    *,
    org_id: int,
    deal_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an event to the caller's unit of work (it lands with the change it records)."""
    session.add(
        AuditEvent(
            org_id=org_id,
            deal_id=deal_id,
            actor_id=caller.user_id if caller else None,
            action=action,
            subject=subject,
            detail=detail or {},
        )
    )


def for_deal(caller: Caller, deal_id: int) -> Select[Any]:
    return (
        select(AuditEvent)
        .where(AuditEvent.org_id == caller.org_id, AuditEvent.deal_id == deal_id)
        .order_by(AuditEvent.id.desc())
    )


class AuditEventPublic(BaseModel):
    id: int
    action: str
    subject: str
    actor_id: int | None
    detail: dict[str, Any]
    at: dt.datetime
