"""The org's notifications (managers only): the rep's emails and webhook events each job outcome
and publish owed, and sending again one that was given up on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service.deps import CallerDep, Id, SessionDep
from service.notices import service
from service.notices.schemas import NotificationPublic, NotificationState
from service.pagination import Page, PageDep, page_of, paginate

router = APIRouter(prefix="/api/notifications", tags=["notifications"])


@router.get("", summary="Your org's notifications, newest first (failed ones: ?state=failed)")
def list_notifications(
    session: SessionDep,
    caller: CallerDep,
    page: PageDep,
    state: Annotated[NotificationState | None, Query(description="only this state")] = None,
) -> Page[NotificationPublic]:
    rows, total = paginate(session, service.select_for_org(caller, state), page)
    return page_of([service.public(n) for n in rows], total, page)


@router.post(
    "/{notification_id}/resend",
    status_code=202,
    summary="Send a failed notification again (the next sweep runs it)",
)
def resend(notification_id: Id, session: SessionDep, caller: CallerDep) -> NotificationPublic:
    row = service.resend(session, caller, notification_id)
    session.commit()
    return service.public(row)
