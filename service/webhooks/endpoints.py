"""Webhook endpoints of the caller's org (managers only), their delivery log, redelivery."""

from __future__ import annotations

from fastapi import APIRouter

from service.deps import CallerDep, Id, RuntimeDep, SessionDep
from service.pagination import Page, PageDep, page_of, paginate
from service.webhooks import service
from service.webhooks.dispatcher import Dispatcher
from service.webhooks.schemas import (
    DeliveryDetail,
    DeliveryPublic,
    WebhookCreate,
    WebhookCreated,
    WebhookPublic,
)

router = APIRouter(prefix="/api/webhooks", tags=["webhooks"])


@router.post("", status_code=201, summary="Register a webhook (its secret is shown once)")
def create_webhook(
    data: WebhookCreate, session: SessionDep, caller: CallerDep, runtime: RuntimeDep
) -> WebhookCreated:
    allow = runtime.settings.webhooks.allow_private_targets
    created = service.create(session, caller, data, allow_private=allow)
    session.commit()
    return created


@router.get("", summary="Your org's webhooks")
def list_webhooks(session: SessionDep, caller: CallerDep, page: PageDep) -> Page[WebhookPublic]:
    rows, total = paginate(session, service.select_endpoints(caller), page)
    return page_of([service.public(e) for e in rows], total, page)


@router.get("/{webhook_id}", summary="One webhook")
def read_webhook(webhook_id: Id, session: SessionDep, caller: CallerDep) -> WebhookPublic:
    return service.public(service.get_endpoint(session, caller, webhook_id))


@router.delete("/{webhook_id}", summary="Delete a webhook (its delivery log stays readable)")
def delete_webhook(webhook_id: Id, session: SessionDep, caller: CallerDep) -> WebhookPublic:
    endpoint = service.delete(session, caller, webhook_id)
    session.commit()
    return service.public(endpoint)


@router.get("/{webhook_id}/deliveries", summary="Deliveries with each attempt's status code")
def list_deliveries(
    webhook_id: Id, session: SessionDep, caller: CallerDep, page: PageDep
) -> Page[DeliveryPublic]:
    service.get_endpoint(session, caller, webhook_id)
    rows, total = paginate(session, service.select_deliveries(caller, webhook_id), page)
    return page_of([service.delivery_public(session, d) for d in rows], total, page)


@router.get("/{webhook_id}/deliveries/{delivery_id}", summary="One delivery, with the body sent")
def read_delivery(
    webhook_id: Id, delivery_id: Id, session: SessionDep, caller: CallerDep
) -> DeliveryDetail:
    delivery = service.get_delivery(session, caller, webhook_id, delivery_id)
    return service.delivery_detail(session, delivery)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=202,
    summary="Send a delivery's event again (same event id and body)",
)
def redeliver(
    webhook_id: Id, delivery_id: Id, session: SessionDep, caller: CallerDep, runtime: RuntimeDep
) -> DeliveryPublic:
    again = service.redeliver(session, caller, webhook_id, delivery_id)
    session.commit()
    for worker in runtime.background:
        if isinstance(worker, Dispatcher):
            worker.wake()
    return service.delivery_public(session, again)
