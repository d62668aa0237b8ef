"""The delivery worker: a thread beside the API that sends due deliveries, one attempt each.

An attempt is claimed first (its next attempt moved a lease ahead, in a transaction), so two
dispatchers (two web processes) never send the same attempt, and an attempt whose process died
is tried again when the lease runs out. The request is made outside any transaction. A 2xx
answer delivers; anything else (another status, no answer, a timeout) is logged and retried
after `retry_base_s * 2**(attempt - 1)` (capped), until `max_attempts`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from service.db.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, utcnow
from service.db.session import read_only, transaction
from service.settings import WebhookSettings
from service.webhooks.signing import HEADER, sign
from service.webhooks.targets import check_url

log = logging.getLogger("callplan.webhooks")

BATCH = 50


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    number: int
    url: str
    secret: str
    event: str
    event_id: str
    body: bytes


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None
    duration_ms: int
    excerpt: str | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class Dispatcher:
    def __init__(self, sessions: sessionmaker[Session], settings: WebhookSettings) -> None:
        self._sessions = sessions
        self._settings = settings
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="callplan-webhooks", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def wake(self) -> None:
        """Look for due deliveries now (an event was just queued)."""
        self._wake.set()

    def _loop(self) -> None:
        with httpx.Client(timeout=self._settings.timeout_s, follow_redirects=False) as client:
            while not self._stopping.is_set():
                try:
                    send_due(self._sessions, self._settings, client)
                    pause = _until_next(self._sessions, self._settings.poll_s)
                except Exception:  # a database hiccup must not end the thread
                    log.exception("webhook delivery pass failed; trying again")
                    pause = self._settings.poll_s
                self._wake.wait(pause)
                self._wake.clear()


def send_due(
    sessions: sessionmaker[Session], settings: WebhookSettings, client: httpx.Client
) -> int:
    """One attempt for each delivery that is due now; returns how many were attempted."""
    with read_only(sessions) as session:
        due = list(
            session.scalars(
                select(WebhookDelivery.id)
                .where(
                    WebhookDelivery.state == "pending", WebhookDelivery.next_attempt_at <= utcnow()
                )
                .order_by(WebhookDelivery.next_attempt_at)
                .limit(BATCH)
            )
        )
    sent = 0
    for delivery_id in due:
        claimed = _claim(sessions, settings, delivery_id)
        if claimed is not None:
            _record(sessions, settings, claimed, _attempt(settings, client, claimed))
            sent += 1
    return sent


def _claim(
    sessions: sessionmaker[Session], settings: WebhookSettings, delivery_id: int
) -> Claimed | None:
    with transaction(sessions) as session:
        delivery = session.scalar(
            select(WebhookDelivery)
            .where(
                WebhookDelivery.id == delivery_id,
                WebhookDelivery.state == "pending",
                WebhookDelivery.next_attempt_at <= utcnow(),
            )
            .with_for_update(skip_locked=True)
        )
        if delivery is None:  # another dispatcher has it
            return None
        endpoint = session.get_one(WebhookEndpoint, delivery.endpoint_id)
        if endpoint.deleted_at is not None:
            _finish(delivery, "failed", None, "the webhook was deleted")
            return None
        delivery.attempts += 1
        lease = 2 * settings.timeout_s + 30
        delivery.next_attempt_at = utcnow() + dt.timedelta(seconds=lease)
        return Claimed(
            delivery_id=delivery.id,
            number=delivery.attempts,
            url=endpoint.url,
            secret=endpoint.secret,
            event=delivery.event,
            event_id=delivery.event_id,
            body=delivery.body.encode(),
        )


def _attempt(settings: WebhookSettings, client: httpx.Client, c: Claimed) -> Outcome:
    started = time.monotonic()
    try:
        check_url(c.url, allow_private=settings.allow_private_targets)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Callplan-Webhooks/1",
            "Callplan-Event": c.event,
            "Callplan-Event-Id": c.event_id,
            "Callplan-Delivery": str(c.delivery_id),
            HEADER: sign(c.secret, int(time.time()), c.body),
        }
        response = client.post(c.url, content=c.body, headers=headers)
        status, error, excerpt = response.status_code, None, response.text[:500] or None
    except Exception as problem:  # no answer, a refused target, a bad URL: this attempt's error
        status, error, excerpt = None, f"{type(problem).__name__}: {problem}", None
    if status is not None and not 200 <= status < 300:
        error = f"the receiver answered {status}"
    return Outcome(status, error, round((time.monotonic() - started) * 1000), excerpt)


def _record(
    sessions: sessionmaker[Session], settings: WebhookSettings, c: Claimed, outcome: Outcome
) -> None:
    with transaction(sessions) as session:
        session.add(
            WebhookAttempt(
                delivery_id=c.delivery_id,
                number=c.number,
                status_code=outcome.status_code,
                error=outcome.error,
                duration_ms=outcome.duration_ms,
                response_excerpt=outcome.excerpt,
            )
        )
        delivery = session.get_one(WebhookDelivery, c.delivery_id)
        if outcome.ok:
            _finish(delivery, "delivered", outcome.status_code, None)
        elif c.number >= settings.max_attempts:
            _finish(delivery, "failed", outcome.status_code, outcome.error)
        else:
            delivery.last_status, delivery.last_error = outcome.status_code, outcome.error
            delivery.next_attempt_at = utcnow() + dt.timedelta(seconds=backoff(settings, c.number))


def backoff(settings: WebhookSettings, attempts: int) -> float:
    """Seconds before the next attempt after `attempts` failed ones: 30 s, 1 min, 2 min, ..."""
    return float(min(settings.retry_base_s * 2 ** (attempts - 1), settings.retry_max_s))


def _finish(delivery: WebhookDelivery, state: str, status: int | None, error: str | None) -> None:
    delivery.state, delivery.last_status, delivery.last_error = state, status, error
    delivery.next_attempt_at = None
    delivery.finished_at = utcnow()


def _until_next(sessions: sessionmaker[Session], poll_s: float) -> float:
    """Seconds until the next pending attempt is due, at most `poll_s` (other processes, such
    as Celery workers, queue events this thread is not woken for)."""
    with read_only(sessions) as session:
        soonest = session.scalar(
            select(func.min(WebhookDelivery.next_attempt_at)).where(
                WebhookDelivery.state == "pending"
            )
        )
    if soonest is None:
        return poll_s
    if soonest.tzinfo is None:  # an aggregate skips the column type: SQLite gives it naive
        soonest = soonest.replace(tzinfo=dt.UTC)
    return max(0.0, min(poll_s, (soonest - utcnow()).total_seconds()))
