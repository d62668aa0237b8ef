"""An org's webhook endpoints, their delivery log, redelivery, and `emit` (queue an event).

Every query filters on the caller's org. Webhooks are managed by the org's managers: an event
carries deals of every rep, and a rep reads only their own deals.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from service.auth.service import Caller
from service.db.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, utcnow
from service.errors import ForbiddenError, NotFoundError
from service.webhooks.schemas import (
    AttemptPublic,
    DeliveryDetail,
    DeliveryPublic,
    EventType,
    WebhookCreate,
    WebhookCreated,
    WebhookPublic,
)
from service.webhooks.signing import new_secret
from service.webhooks.targets import check_url


def managing(caller: Caller) -> Caller:
    if not caller.is_manager:
        raise ForbiddenError(
            "webhooks are set up by a manager of your org: their events carry every rep's deals"
        )
    return caller


def create(
    session: Session, caller: Caller, data: WebhookCreate, *, allow_private: bool
) -> WebhookCreated:
    managing(caller)
    check_url(str(data.url), allow_private=allow_private)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        org_id=managing(caller).org_id,
        url=str(data.url),
        events=list(data.events),
        description=data.description,
        secret=secret,
        prefix=secret[:12],
        created_by=caller.user_id,
    )
    session.add(endpoint)
    session.flush()
    return WebhookCreated(**public(endpoint).model_dump(), secret=secret)


def select_endpoints(caller: Caller) -> Select[Any]:
    return (
        select(WebhookEndpoint)
        .where(WebhookEndpoint.org_id == managing(caller).org_id)
        .where(WebhookEndpoint.deleted_at.is_(None))
        .order_by(WebhookEndpoint.id.desc())
    )


def get_endpoint(session: Session, caller: Caller, endpoint_id: int) -> WebhookEndpoint:
    endpoint = session.scalar(
        select(WebhookEndpoint).where(
            WebhookEndpoint.id == endpoint_id, WebhookEndpoint.org_id == managing(caller).org_id
        )
    )
    if endpoint is None:
        raise NotFoundError(f"no webhook {endpoint_id}")
    return endpoint


def delete(session: Session, caller: Caller, endpoint_id: int) -> WebhookEndpoint:
    """Stop sending to it; its delivery log stays readable."""
    endpoint = get_endpoint(session, caller, endpoint_id)
    if endpoint.deleted_at is None:
        endpoint.deleted_at = utcnow()
    return endpoint


def select_deliveries(caller: Caller, endpoint_id: int) -> Select[Any]:
    return (
        select(WebhookDelivery)
        .where(
            WebhookDelivery.org_id == managing(caller).org_id,
            WebhookDelivery.endpoint_id == endpoint_id,
        )
        .order_by(WebhookDelivery.id.desc())
    )


def get_delivery(
    session: Session, caller: Caller, endpoint_id: int, delivery_id: int
) -> WebhookDelivery:
    get_endpoint(session, caller, endpoint_id)
    delivery: WebhookDelivery | None = session.scalar(
        select_deliveries(caller, endpoint_id).where(WebhookDelivery.id == delivery_id)
    )
    if delivery is None:
        raise NotFoundError(f"no delivery {delivery_id} of webhook {endpoint_id}")
    return delivery


def redeliver(
    session: Session, caller: Caller, endpoint_id: int, delivery_id: int
) -> WebhookDelivery:
    """The same event (same id and body) queued again, now; signed afresh when sent."""
    endpoint = get_endpoint(session, caller, endpoint_id)
    if endpoint.deleted_at is not None:
        raise NotFoundError(f"webhook {endpoint_id} was deleted; register it again")
    original = get_delivery(session, caller, endpoint_id, delivery_id)
    again = WebhookDelivery(
        org_id=original.org_id,
        endpoint_id=endpoint.id,
        event_id=original.event_id,
        event=original.event,
        event_key=original.event_key,
        body=original.body,
        next_attempt_at=utcnow(),
        redelivery_of=original.id,
    )
    session.add(again)
    session.flush()
    return again


def emit(session: Session, org_id: int, event: EventType, key: str, data: dict[str, Any]) -> int:
    """Queue the event for each of the org's endpoints that subscribed to it, once per `key`
    (a hook that runs twice adds nothing). Returns how many deliveries were queued."""
    seen = session.scalar(
        select(WebhookDelivery.id).where(
            WebhookDelivery.org_id == org_id, WebhookDelivery.event_key == key
        )
    )
    endpoints = [
        e
        for e in session.scalars(
            select(WebhookEndpoint).where(
                WebhookEndpoint.org_id == org_id, WebhookEndpoint.deleted_at.is_(None)
            )
        )
        if event in e.events
    ]
    if seen is not None or not endpoints:
        return 0
    now = utcnow()
    event_id = f"evt_{uuid.uuid4().hex}"
    body = {"id": event_id, "type": event, "created_at": now.isoformat(), "data": data}
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    for endpoint in endpoints:
        session.add(
            WebhookDelivery(
                org_id=org_id,
                endpoint_id=endpoint.id,
                event_id=event_id,
                event=event,
                event_key=key,
                body=text,
                next_attempt_at=now,
            )
        )
    return len(endpoints)


def public(endpoint: WebhookEndpoint) -> WebhookPublic:
    return WebhookPublic.model_validate(endpoint, from_attributes=True)


def delivery_public(session: Session, delivery: WebhookDelivery) -> DeliveryPublic:
    return DeliveryPublic(**_delivery_fields(delivery), log=_log(session, delivery.id))


def delivery_detail(session: Session, delivery: WebhookDelivery) -> DeliveryDetail:
    return DeliveryDetail(
        **_delivery_fields(delivery), log=_log(session, delivery.id), body=json.loads(delivery.body)
    )


def _delivery_fields(d: WebhookDelivery) -> dict[str, Any]:
    names = DeliveryPublic.model_fields.keys() - {"log"}
    return {name: getattr(d, name) for name in names}


def _log(session: Session, delivery_id: int) -> list[AttemptPublic]:
    attempts = session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == delivery_id)
        .order_by(WebhookAttempt.number)
    )
    return [AttemptPublic.model_validate(a, from_attributes=True) for a in attempts]
