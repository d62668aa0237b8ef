"""Notifications owed for what happened, kept in the database so that a process that dies right
after committing an outcome does not lose them: the rep's email (service/notify) and the org's
webhook event (service/webhooks) for a job done or failed, the webhook event for a published plan.

    owe(session, settings, event, ...)   in the transaction that commits the outcome
    deliver(runtime, owed)               after the commit: the runtime's hooks for the event,
                                         then the notification is finished
    sweep(runtime)                       what is due again: its process died before finishing
                                         it, or one of its hooks failed (`sweeper`: a thread
                                         beside the API, a sweep at start-up and every poll_s)

A table of its own rather than a `notified_at` column on jobs and plan versions: a job can fail,
be retried and then be done, and each outcome is owed on its own row (a column would be
overwritten); one table is one sweep and one claim for the three events; a row carries its
attempts, lease and last error as a webhook delivery does; and rows from before the table
existed have nothing owed, so an upgrade re-sends no history.

Claims. A notification is written already claimed by the process that commits the outcome:
`due_at` is its lease, `grace_s` ahead. That process runs the hooks at once and finishes the
row; a sweep takes only rows whose lease ran out (their process died, even on another machine:
a Celery worker), moving `due_at` a lease ahead in a transaction that locks the row (PostgreSQL:
FOR UPDATE SKIP LOCKED, so a second sweep skips it; SQLite: writes begin IMMEDIATE, so sweeps
take turns and the second finds it claimed). So each attempt runs in one process only (if it
takes less than `grace_s`), and the hooks run at least once: a process that dies while running
them leaves its lease to run out.
They are idempotent besides (an email is sent once per job outcome, an event queued once per
key), so a rerun sends again only what a dead process sent without recording it.

Failures never fail the job or the publish. A hook that raises is logged and the notification is
retried by a sweep `retry_base_s` later, twice as long each time, until `max_attempts` (by
default 1, 2, 4, 8 minutes: 5 attempts in some 15 minutes); then it is marked `failed` with the
error, and nothing tries it again. The retries are for what passes: a mail server that is down
(service/notify raises `EmailNotSentError`; the message waits in the outbox's `unsent/`), a
database that is restarting. What never passes (a recipient the mail server rejects, a bug)
stops at the cap. What is not a failure raises nothing: an org without webhooks gets no event.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import CallplanError
from service.db.models import Job, Notification, utcnow
from service.db.session import read_only, transaction
from service.periodic import Periodic
from service.runtime import Runtime
from service.settings import NotificationSettings

log = logging.getLogger("callplan.notifications")

Event = Literal["job.done", "job.failed", "plan.published"]
BATCH = 50


@dataclass(frozen=True)
class Owed:
    """A notification claimed by this process: its `number`th attempt."""

    id: int
    event: str
    subject_id: int  # the job's id, or the plan version's
    number: int


def owe(
    session: Session, settings: NotificationSettings, event: Event, subject_id: int, org_id: int
) -> Owed:
    """Record, in the transaction that commits the outcome, that `event`'s hooks are owed: this
    process's first attempt, which a sweep takes over if it is not finished `grace_s` from now."""
    row = Notification(
        org_id=org_id,
        event=event,
        subject_id=subject_id,
        attempts=1,
        due_at=utcnow() + dt.timedelta(seconds=settings.grace_s),
    )
    session.add(row)
    session.flush()
    return Owed(row.id, event, subject_id, 1)


def deliver(runtime: Runtime, owed: Owed) -> None:
    """Run the event's hooks (each one, whatever the others do), then record how it went.
    Raises nothing: what fails is logged and retried by a sweep."""
    errors = []
    for hook in _hooks(runtime, owed.event):
        try:
            hook(owed.subject_id)
        except CallplanError as error:  # a known failure (the mail server is down): no trace
            log.warning("%s of %s: %s (attempt %s)", *_what(owed), error, owed.number)
            errors.append(f"{type(error).__name__}: {error}")
        except Exception as error:
            log.exception("%s of %s: a hook failed (attempt %s)", *_what(owed), owed.number)
            errors.append(f"{type(error).__name__}: {error}")
    try:
        _finish(runtime.sessions, runtime.settings.notifications, owed, "; ".join(errors))
    except Exception:  # its lease runs out and a sweep runs the (idempotent) hooks again
        log.exception("%s of %s: hooks run, but not recorded", *_what(owed))


def sweep(runtime: Runtime, stopping: threading.Event | None = None) -> int:
    """Deliver each notification whose lease ran out (until `stopping` is set); returns how
    many were attempted."""
    with read_only(runtime.sessions) as session:
        due = list(
            session.scalars(
                select(Notification.id)
                .where(Notification.state == "pending", Notification.due_at <= utcnow())
                .order_by(Notification.due_at)
                .limit(BATCH)
            )
        )
    attempted = 0
    for notification_id in due:
        if stopping is not None and stopping.is_set():
            break
        owed = _claim(runtime.sessions, runtime.settings.notifications, notification_id)
        if owed is not None:
            log.info("%s of %s: owed, attempt %s", *_what(owed), owed.number)
            deliver(runtime, owed)
            attempted += 1
    return attempted


def sweeper(runtime: Runtime) -> Periodic:
    """A thread beside the API: a sweep as soon as it starts (what a stopped or crashed process
    left owed), then one every `poll_s` (what a Celery worker or another web process left)."""
    return Periodic(
        "callplan-notifications",
        runtime.settings.notifications.poll_s,
        lambda stopping: sweep(runtime, stopping),
        log=log,
    )


def _hooks(runtime: Runtime, event: str) -> list[Callable[[int], None]]:
    if event == "job.done":
        return runtime.on_job_done
    if event == "job.failed":
        return runtime.on_job_failed
    return runtime.on_plan_published


def _claim(
    sessions: sessionmaker[Session], settings: NotificationSettings, notification_id: int
) -> Owed | None:
    with transaction(sessions) as session:
        row = session.scalar(
            select(Notification)
            .where(
                Notification.id == notification_id,
                Notification.state == "pending",
                Notification.due_at <= utcnow(),
            )
            .with_for_update(skip_locked=True)
        )
        if row is None:  # another process has it, or has finished it
            return None
        if row.event == "job.failed" and session.get_one(Job, row.subject_id).state != "failed":
            log.info("job.failed of job %s: not sent, the job was retried since", row.subject_id)
            _close(row, "skipped", None)  # the rep retried it, or a worker is on it again
            return None
        row.attempts += 1
        row.due_at = utcnow() + dt.timedelta(seconds=settings.grace_s)
        return Owed(row.id, row.event, row.subject_id, row.attempts)


def _finish(
    sessions: sessionmaker[Session], settings: NotificationSettings, owed: Owed, error: str
) -> None:
    """Done; or due again after a backoff; or, after `max_attempts`, failed."""
    with transaction(sessions) as session:
        row = session.scalar(
            select(Notification).where(Notification.id == owed.id).with_for_update()
        )
        if row is None or row.state != "pending" or row.attempts != owed.number:
            return  # this attempt outlived its lease: a sweep took it over and records its own
        if not error:
            _close(row, "done", None)
        elif owed.number >= settings.max_attempts:
            log.error("%s of %s: given up after %s attempts", *_what(owed), owed.number)
            _close(row, "failed", error)
        else:
            row.last_error = error
            row.due_at = utcnow() + dt.timedelta(seconds=backoff(settings, owed.number))


def backoff(settings: NotificationSettings, attempts: int) -> float:
    """Seconds before a sweep tries again after `attempts` failed ones: 1 min, 2 min, 4 min..."""
    return float(min(settings.retry_base_s * 2 ** (attempts - 1), 3600.0))


def _close(row: Notification, state: str, error: str | None) -> None:
    row.state, row.last_error = state, error
    row.due_at = None
    row.finished_at = utcnow()


def _what(owed: Owed) -> tuple[str, str]:
    kind = "plan version" if owed.event == "plan.published" else "job"
    return owed.event, f"{kind} {owed.subject_id}"
