"""The job hooks: email the deal's rep when a call's job is done or has failed.

Each job outcome is emailed once, however often its hook runs (a job message redelivered to a
second Celery worker, a sweep after a process died: service/notifications.py): an `email.sent`
in the deal's audit trail for the outcome means there is nothing left to do.

A mail server that is down or refuses the message never fails the job: the failure is recorded
in the audit trail as `email.failed`, the message is kept in the outbox's `unsent/` folder (once,
however many attempts fail) so it is never lost, and the hook raises `EmailNotSentError`, so the
notification is tried again later, a limited number of times. If a later attempt gets through,
the kept copy is deleted, so nobody sends it a second time by hand.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from email.message import EmailMessage
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.errors import CallplanError
from service.audit.service import record
from service.db.models import AuditEvent
from service.db.session import read_only, transaction
from service.notify.digest import About, Links, about, call_digest, job_failure
from service.notify.mailer import Mailer, OutboxMailer
from service.notify.messages import job_done_message, job_failed_message
from service.runtime import Runtime

log = logging.getLogger("callplan.notify")


class EmailNotSentError(CallplanError):
    """The mail server did not take the message (it is kept in the outbox's `unsent/`)."""


def install(runtime: Runtime, mailer: Mailer) -> None:
    """Email the rep after every job: hooked into the job runner's done and failed paths."""
    runtime.on_job_done.append(partial(notify, runtime, mailer, "job.done"))
    runtime.on_job_failed.append(partial(notify, runtime, mailer, "job.failed"))


def notify(runtime: Runtime, mailer: Mailer, kind: str, job_id: int) -> None:
    """Email the rep about the job's outcome, unless it was emailed already; raises
    `EmailNotSentError` if the mail server did not take it."""
    settings = runtime.settings
    links = Links(settings.public_url)
    with read_only(runtime.sessions) as session:
        subject, job = about(session, job_id)
        key = f"{kind}@{job.finished_at.isoformat() if job.finished_at else ''}"
        earlier = _earlier(session, job_id, key)
        if earlier.sent:
            return
        if kind == "job.done":
            digest = call_digest(session, job_id, runtime.pipeline.catalogue, links)
            message = job_done_message(digest, settings.mail.from_address)
        else:
            message = job_failed_message(
                job_failure(session, job_id, links), settings.mail.from_address
            )
    unsent, kept = settings.resolved_outbox_dir / "unsent", earlier.kept
    detail = {
        "kind": kind,
        "key": key,
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
    }
    try:
        sent_to = mailer.send(message)
    except Exception as error:
        log.warning("email to %s failed: %s", message["To"], error)
        reason = f"{type(error).__name__}: {error}"
        kept = kept or _keep(OutboxMailer(unsent), message, f"job-{job_id}-{key}")
        _record(runtime, subject, "email.failed", {**detail, "error": reason, "kept_in": kept})
        raise EmailNotSentError(f"email to {message['To']} not sent ({reason})") from error
    _record(runtime, subject, "email.sent", {**detail, "sent_to": sent_to})
    if kept is not None:
        _discard(Path(kept), unsent)


def _record(runtime: Runtime, subject: About, action: str, detail: dict[str, str]) -> None:
    with transaction(runtime.sessions) as session:
        record(
            session,
            None,
            action,
            f"job:{subject.job_id}",
            org_id=subject.org_id,
            deal_id=subject.deal_id,
            detail=detail,
        )


def _keep(unsent: OutboxMailer, message: EmailMessage, name: str) -> str:
    """The message in `unsent/` under a name of its job outcome: two attempts that fail at once
    (one outlived its lease and a sweep ran it alongside) keep one copy, not two."""
    try:
        return unsent.send(message, re.sub(r"[^\w.-]", "-", name))
    except Exception as error:
        log.exception("email could not be kept either")
        return f"nowhere ({type(error).__name__}: {error})"


def _discard(kept: Path, unsent: Path) -> None:
    """The copy kept when an earlier attempt failed: sent now, so no longer unsent."""
    if kept.parent == unsent:  # not "nowhere (...)", nor a folder changed since
        kept.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Earlier:
    """What became of earlier attempts at the email of one job outcome."""

    sent: bool
    kept: str | None  # where the first failed attempt kept the message


def _earlier(session: Session, job_id: int, key: str) -> _Earlier:
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.detail)
        .where(
            AuditEvent.subject == f"job:{job_id}",
            AuditEvent.action.in_(("email.sent", "email.failed")),
        )
        .order_by(AuditEvent.id)
    )
    attempts = [(action, detail) for action, detail in rows if detail.get("key") == key]
    kept = (d.get("kept_in") for action, d in attempts if action == "email.failed")
    return _Earlier(
        sent=any(action == "email.sent" for action, _ in attempts),
        kept=next((k for k in kept if k), None),
    )
