"""The events an org's webhooks receive, built from the database, and the hooks that queue them:

    call.processed   a call's job is done: its suggestions wait for review
    job.failed       a call's job failed: what failed, and the retry endpoint
    plan.published   a rep published a plan version (the version's plan is in the body)

Queued in the same process that saw the event (the service, or a Celery worker), or by the
service's sweep if that process died first (service/notifications.py); the dispatcher beside
the API sends them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from service.db.models import Call, Deal, Job, PlanVersion, SuggestionRow
from service.db.session import transaction
from service.runtime import Runtime
from service.webhooks.dispatcher import Dispatcher
from service.webhooks.service import emit


def install(runtime: Runtime, dispatcher: Dispatcher | None) -> None:
    """Queue events from the runtime's hooks; `dispatcher` (if in this process) is woken. An
    event that cannot be queued (a database error) raises: service/notifications.py logs it
    and queues it again later (an event is queued once per key, however often a hook runs)."""

    def hook(build: Callable[[Runtime, int], int]) -> Callable[[int], None]:
        def run(subject_id: int) -> None:
            if build(runtime, subject_id) and dispatcher is not None:
                dispatcher.wake()

        return run

    runtime.on_job_done.append(hook(call_processed))
    runtime.on_job_failed.append(hook(job_failed))
    runtime.on_plan_published.append(hook(plan_published))


def call_processed(runtime: Runtime, job_id: int) -> int:
    with transaction(runtime.sessions) as session:
        job = session.get_one(Job, job_id)
        call = session.get_one(Call, job.call_id)
        deal = session.get_one(Deal, call.deal_id)
        rows = session.scalars(
            select(SuggestionRow)
            .where(SuggestionRow.call_id == call.id)
            .order_by(SuggestionRow.ordinal)
        ).all()
        base = runtime.settings.public_url.rstrip("/")
        data = {
            "deal": _deal(deal),
            "call": _call(call),
            "job_id": job.id,
            "suggestions": {
                "total": len(rows),
                "by_kind": dict(Counter(r.kind for r in rows)),
                "items": [
                    {"id": r.id, "kind": r.kind, "summary": r.body.get("summary", "")} for r in rows
                ],
            },
            "review_url": f"{base}/deals/{deal.id}/review",
            "api_url": f"{base}/api/deals/{deal.id}/suggestions?status=pending",
        }
        return emit(session, deal.org_id, "call.processed", f"call.processed:job:{job.id}", data)


def job_failed(runtime: Runtime, job_id: int) -> int:
    with transaction(runtime.sessions) as session:
        job = session.get_one(Job, job_id)
        call = session.get_one(Call, job.call_id)
        deal = session.get_one(Deal, call.deal_id)
        base = runtime.settings.public_url.rstrip("/")
        data = {
            "deal": _deal(deal),
            "call": _call(call),
            "job": {"id": job.id, "stage": job.stage, "error": job.error, "attempts": job.attempts},
            "retry_url": f"{base}/api/jobs/{job.id}/retry",
        }
        finished = job.finished_at.isoformat() if job.finished_at else ""
        return emit(session, deal.org_id, "job.failed", f"job.failed:{job.id}@{finished}", data)


def plan_published(runtime: Runtime, version_id: int) -> int:
    with transaction(runtime.sessions) as session:
        version = session.get_one(PlanVersion, version_id)
        deal = session.get_one(Deal, version.deal_id)
        base = f"{runtime.settings.public_url.rstrip('/')}/api/deals/{deal.id}/plan/versions"
        data = {
            "deal": _deal(deal),
            "version": {
                "number": version.number,
                "published_at": version.published_at.isoformat(),
                "published_by": version.published_by,
                "note": version.note,
                "url": f"{base}/{version.number}",
                "csv_url": f"{base}/{version.number}/export.csv",
                "ics_url": f"{base}/{version.number}/export.ics",
            },
            "plan": version.plan,
        }
        key = f"plan.published:{deal.id}:{version.number}"
        return emit(session, deal.org_id, "plan.published", key, data)


def _deal(deal: Deal) -> dict[str, Any]:
    return {
        "id": deal.id,
        "name": deal.name,
        "buyer_company": deal.buyer_company,
        "owner_id": deal.owner_id,
    }


def _call(call: Call) -> dict[str, Any]:
    return {"id": call.id, "filename": call.filename, "date": call.call_date.isoformat()}
