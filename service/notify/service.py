"""The job hooks: email the deal's rep when a call's job is done or has failed.

Nothing here may fail a job: every error is logged and recorded in the deal's audit trail as
`email.failed`, and a message the mail server refused is kept in the outbox's `unsent/` folder,
so it is never lost. Each job outcome is emailed once, even if a hook runs twice (a job message
redelivered to a second Celery worker).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.audit.service import record
from service.db.models import AuditEvent
from service.db.session import transaction
from service.notify.digest import About, Links, about, call_digest, job_failure
from service.notify.mailer import Mailer, OutboxMailer
from service.notify.messages import job_done_message, job_failed_message
from service.runtime import Runtime

log = logging.getLogger("callplan.notify")


def install(runtime: Runtime, mailer: Mailer) -> None:
    """Email the rep after every job: hooked into the job runner's done and failed paths."""
    runtime.on_job_done.append(_guarded(runtime, mailer, "job.done"))
    runtime.on_job_failed.append(_guarded(runtime, mailer, "job.failed"))


def _guarded(runtime: Runtime, mailer: Mailer, kind: str) -> Callable[[int], None]:
    def hook(job_id: int) -> None:
        try:
            notify(runtime, mailer, kind, job_id)
        except Exception:  # the job's outcome stands whatever happens to its email
            log.exception("email for job %s (%s) was not sent", job_id, kind)

    return hook


def notify(runtime: Runtime, mailer: Mailer, kind: str, job_id: int) -> None:
    settings = runtime.settings
    links = Links(settings.public_url)
    with runtime.sessions() as session:
        subject, job = about(session, job_id)
        key = f"{kind}@{job.finished_at.isoformat() if job.finished_at else ''}"
        if _already_sent(session, job_id, key):
            return
        if kind == "job.done":
            digest = call_digest(session, job_id, runtime.pipeline.catalogue, links)
            message = job_done_message(digest, settings.mail.from_address)
        else:
            message = job_failed_message(
                job_failure(session, job_id, links), settings.mail.from_address
            )
    outbox = OutboxMailer(settings.resolved_outbox_dir / "unsent")
    send(runtime, mailer, message, subject, {"kind": kind, "key": key}, outbox)


def send(
    runtime: Runtime,
    mailer: Mailer,
    message: EmailMessage,
    subject: About,
    detail: dict[str, str],
    unsent: Mailer,
) -> None:
    """Send, then record what happened; a failed send keeps the message in `unsent`."""
    detail = {**detail, "to": str(message["To"]), "subject": str(message["Subject"])}
    try:
        detail["sent_to"] = mailer.send(message)
        action = "email.sent"
    except Exception as error:
        log.warning("email to %s failed: %s", message["To"], error)
        detail["error"] = f"{type(error).__name__}: {error}"
        detail["kept_in"] = _keep(unsent, message)
        action = "email.failed"
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


def _keep(unsent: Mailer, message: EmailMessage) -> str:
    try:
        return unsent.send(message)
    except Exception as error:
        log.exception("email could not be kept either")
        return f"nowhere ({type(error).__name__}: {error})"


def _already_sent(session: Session, job_id: int, key: str) -> bool:
    details = session.scalars(
        select(AuditEvent.detail).where(
            AuditEvent.subject == f"job:{job_id}",
            AuditEvent.action.in_(("email.sent", "email.failed")),
        )
    )
    return any(d.get("key") == key for d in details)
