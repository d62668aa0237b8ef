"""Notifications owed for a job's outcome or a publish survive the process that committed it:
a process that dies right after the commit (here: its first hook raises `ProcessDied`, which no
code of the service catches, so nothing after the commit runs, as after kill -9) leaves them
owed, and a sweep sends them, once, however many sweeps race for them; a restart sends nothing
already sent; an upgrade from revision 0002 sends no history; a mail server that is down is
retried, up to a limit. Everything is real: the database (SQLite and PostgreSQL), the job, the
outbox's `.eml` files, a local SMTP server, an HTTP receiver for the webhooks.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pipeline.settings import LLMSettings
from service.app import build_runtime, create_app
from service.auth.service import add_user, create_org, issue_token
from service.db.migrate import upgrade
from service.db.models import (
    Call,
    Deal,
    Job,
    Notification,
    PlanVersion,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from service.db.session import make_engine, make_sessions, read_only, transaction
from service.jobs.runner import run_job
from service.notifications import sweep
from service.runtime import Runtime
from service.settings import NotificationSettings, ServiceSettings, WebhookSettings
from tests.service import test_notify, test_webhooks
from tests.service.conftest import Api, User, add_users, make_settings
from tests.service.test_jobs import NoWorker, closed_port, service
from tests.service.test_notify import (
    audit,
    free_port,
    outbox,
    parse,
    parts,
    smtp_server,
    smtp_settings,
    until,
)
from tests.service.test_webhooks import Receiver, deliveries, register

receiver = test_webhooks.receiver  # a real HTTP server on loopback that records every request
api_factory = test_notify.api_factory  # an `Api` over settings the test chooses (SQLite)

GRACE_S = 0.5


class ProcessDied(BaseException):
    """What kill -9 right after a commit means for the code after it: none of it runs."""


def died(_: int) -> None:
    raise ProcessDied


def quick(settings: ServiceSettings, **notifications: Any) -> ServiceSettings:
    """Short grace and retries; only a sweep at start-up unless `poll_s` is given; webhook
    receivers on loopback, retried quickly."""
    settings.notifications = NotificationSettings(
        **{"grace_s": GRACE_S, "poll_s": 3600.0, "retry_base_s": 0.2, **notifications},
        _env_file=None,  # type: ignore[call-arg]
    )
    settings.webhooks = WebhookSettings(
        allow_private_targets=True,
        retry_base_s=0.2,
        poll_s=0.2,
        _env_file=None,  # type: ignore[call-arg]
    )
    return settings


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> ServiceSettings:
    return quick(make_settings(tmp_path, database_url))


def notifications(runtime: Runtime) -> list[tuple[str, int, str, int]]:
    with read_only(runtime.sessions) as session:
        rows = session.scalars(select(Notification).order_by(Notification.id))
        return [(n.event, n.subject_id, n.state, n.attempts) for n in rows]


@contextmanager
def process_that_dies(settings: ServiceSettings) -> Iterator[Runtime]:
    """Another process of the service, which dies just after it commits a job's outcome or a
    publish (its hooks raise `ProcessDied` before any real one runs)."""
    runtime = build_runtime(settings, migrate=False)
    for hooks in (runtime.on_job_done, runtime.on_job_failed, runtime.on_plan_published):
        hooks.insert(0, died)
    try:
        yield runtime
    finally:
        runtime.engine.dispose()


def died_after_commit(settings: ServiceSettings, job_id: int) -> None:
    """The job run in a process that dies just after committing `done`."""
    with process_that_dies(settings) as runtime, pytest.raises(ProcessDied):
        run_job(runtime, job_id)


@contextmanager
def no_worker(api: Api) -> Iterator[None]:
    """Jobs queued meanwhile wait: no worker takes them."""
    queue, api.runtime.queue = api.runtime.queue, NoWorker()
    try:
        yield
    finally:
        api.runtime.queue = queue


def uploaded(api: Api, deal_id: int) -> int:
    """A call uploaded while no worker takes jobs: its job's id."""
    with no_worker(api):
        return int(api.ok(api.upload(deal_id), 202)["job"]["id"])


def call_events(receiver: Receiver) -> list[int]:
    return [h.event["data"]["job_id"] for h in receiver.events("call.processed")]


def test_what_a_dead_process_owed_is_sent_once_by_racing_sweeps(
    api: Api, receiver: Receiver, settings: ServiceSettings
) -> None:
    hook = register(api, receiver.url, ["call.processed"])
    deal = api.create_deal()
    job_id = uploaded(api, deal["id"])
    died_after_commit(settings, job_id)

    assert api.ok(api.get(f"/api/jobs/{job_id}"))["state"] == "done"
    assert outbox(api) == [] and deliveries(api, hook["id"]) == []  # nothing sent: it died
    assert notifications(api.runtime) == [("job.done", job_id, "pending", 1)]

    # Two processes (two runtimes, each with its own connections), two sweeps in each.
    other = build_runtime(settings, migrate=False)
    try:
        time.sleep(GRACE_S)  # the dead process's grace runs out
        runtimes = [api.runtime, other, api.runtime, other]
        start = threading.Barrier(len(runtimes))
        swept: list[int] = []

        def race(runtime: Runtime) -> None:
            start.wait()
            swept.append(sweep(runtime))

        threads = [threading.Thread(target=race, args=(r,)) for r in runtimes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(swept) == [0, 0, 0, 1]
        assert sweep(other) == sweep(api.runtime) == 0
    finally:
        other.engine.dispose()

    [email] = outbox(api)
    assert "NEW STEPS FROM THE CALL" in parts(parse(email.read_bytes()))[0]
    assert len(audit(api, deal["id"], "email.sent")) == 1
    [delivery] = until(lambda: [d for d in deliveries(api, hook["id"]) if d["state"] != "pending"])
    assert delivery["state"] == "delivered" and call_events(receiver) == [job_id]
    assert notifications(api.runtime) == [("job.done", job_id, "done", 2)]


def test_a_failure_retried_before_the_sweep_is_not_sent(
    api: Api, settings: ServiceSettings
) -> None:
    deal = api.create_deal()
    job_id = uploaded(api, deal["id"])
    endpoint = f"http://127.0.0.1:{closed_port()}/v1"  # nothing listens: extraction fails
    llm = LLMSettings(base_url=endpoint, max_retries=0, cache=False, _env_file=None)
    failing = settings.model_copy(update={"extractor": "llm", "llm": llm})
    with process_that_dies(failing) as runtime, pytest.raises(ProcessDied):
        run_job(runtime, job_id)
    assert api.ok(api.get(f"/api/jobs/{job_id}"))["state"] == "failed"

    with no_worker(api):
        api.ok(api.post(f"/api/jobs/{job_id}/retry"), 202)  # the rep saw it failed, and retried
    time.sleep(GRACE_S)
    assert sweep(api.runtime) == 0
    assert outbox(api) == [] and audit(api, deal["id"], "email.failed") == []
    assert notifications(api.runtime) == [("job.failed", job_id, "skipped", 1)]


def published_and_died(settings: ServiceSettings, user: User, deal_id: int) -> None:
    """The plan published through the API of a process that dies just after the commit."""
    with process_that_dies(settings) as runtime, pytest.raises(ProcessDied):
        client = TestClient(create_app(runtime))  # no lifespan: its threads never started
        client.post(f"/api/deals/{deal_id}/plan/publish", headers=user.headers, json={})


def test_a_restart_sends_what_was_owed_and_nothing_already_sent(
    settings: ServiceSettings, receiver: Receiver
) -> None:
    users = add_users(settings)
    with service(settings, users, NoWorker()) as before:
        hook = register(before, receiver.url, ["call.processed", "plan.published"])
        deal = before.create_deal()
        sent = uploaded(before, deal["id"])
        run_job(before.runtime, sent)  # notified as usual
        until(lambda: call_events(receiver) == [sent])
        assert len(outbox(before)) == 1

        owed = uploaded(before, deal["id"])
        died_after_commit(settings, owed)
        page = before.ok(before.get(f"/api/deals/{deal['id']}/suggestions?limit=200"))
        accepted = next(s for s in page["items"] if s["kind"] == "set_objective")
        before.ok(before.post(f"/api/suggestions/{accepted['id']}/accept"))
        published_and_died(settings, before.user, deal["id"])
        assert before.ok(before.get(f"/api/deals/{deal['id']}/plan/versions"))["total"] == 1
        assert len(outbox(before)) == 1 and len(deliveries(before, hook["id"])) == 1

    time.sleep(GRACE_S)  # the dead process's grace runs out while the service is down
    with service(settings, users) as after:
        # The sweep at start-up: the email and event of the job, the plan's event.
        until(lambda: len(receiver.hits) == 3)
        emails = until(lambda: outbox(after) if len(outbox(after)) == 2 else None)
        assert call_events(receiver) == [sent, owed]
        [published] = receiver.events("plan.published")
        assert published.event["data"]["version"]["number"] == 1
        expected = [
            ("job.done", "done", 1),  # `sent`: by the process that committed it
            ("job.done", "done", 2),  # `owed`: by the sweep
            ("plan.published", "done", 2),
        ]
        # The sweep marks a notification done after its hooks ran: the webhook event can reach
        # the receiver a moment before that commit.
        until(
            lambda: [(e, state, n) for e, _, state, n in notifications(after.runtime)] == expected
        )

    with service(settings, users) as again:  # and once more: everything was sent
        assert sweep(again.runtime) == 0
        time.sleep(0.5)  # the dispatcher's polls and the start-up sweep find nothing
        assert outbox(again) == emails and len(receiver.hits) == 3
        assert len(audit(again, deal["id"], "email.sent")) == 2


def before_0003(settings: ServiceSettings, receiver: Receiver) -> dict[str, User]:
    """A database as revision 0002 left it: a rep, a webhook, a job done and one failed (their
    emails and events were sent then), a published version."""
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine, "0002")
        sessions = make_sessions(engine)
        with transaction(sessions) as session:
            org = create_org(session, "Northwind")
            rep = add_user(session, org, "dana@northwind.example", "Dana", "rep")
            _, token = issue_token(session, rep.id)
            deal = Deal(org_id=org.id, owner_id=rep.id, name="Old deal", buyer_company="Acme")
            session.add(deal)
            session.flush()
            call = Call(
                org_id=org.id,
                deal_id=deal.id,
                uploaded_by=rep.id,
                call_date=dt.date(2026, 10, 1),
                filename="old.txt",
                kind="text",
                storage_key="old.txt",
                size_bytes=1,
                sha256="0" * 64,
            )
            session.add(call)
            session.flush()
            finished = utcnow() - dt.timedelta(days=3)
            for state in ("done", "failed"):
                session.add(Job(org_id=org.id, call_id=call.id, state=state, finished_at=finished))
            session.add(
                PlanVersion(org_id=org.id, deal_id=deal.id, number=1, plan={}, published_by=rep.id)
            )
            session.add(
                WebhookEndpoint(
                    org_id=org.id,
                    url=receiver.url,
                    events=["call.processed", "job.failed", "plan.published"],
                    secret="whsec_old",
                    prefix="whsec_old",
                    created_by=rep.id,
                )
            )
    finally:
        engine.dispose()
    return {"rep": User(token=token, email="dana@northwind.example")}


def test_an_upgrade_from_0002_sends_nothing_for_what_was_done_before(
    settings: ServiceSettings, receiver: Receiver
) -> None:
    users = before_0003(settings, receiver)
    with service(settings, users) as api:  # migrates to 0003 at start-up, then sweeps
        assert sweep(api.runtime) == 0
        time.sleep(0.5)
        assert outbox(api) == [] and receiver.hits == []
        with read_only(api.runtime.sessions) as session:
            assert session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
            assert notifications(api.runtime) == []

        # What happens after the upgrade is notified as usual.
        job = api.ok(api.upload(api.create_deal()["id"]), 202)["job"]
        assert api.wait(job["id"])["state"] == "done"
        until(lambda: len(outbox(api)) == 1 and call_events(receiver) == [job["id"]])
        until(lambda: notifications(api.runtime) == [("job.done", job["id"], "done", 1)])


@pytest.fixture
def smtp_port() -> int:
    """A port for a mail server that is down now (nothing listens there) and started later."""
    return free_port()


def job_notification(api: Api) -> tuple[str, int, str, int]:
    [row] = notifications(api.runtime)
    return row


def test_a_mail_server_that_was_down_gets_the_email_on_a_retry(
    tmp_path: Path, api_factory: Any, smtp_port: int
) -> None:
    # The first attempt must end within its lease (grace_s) or a sweep runs it beside it and
    # a second copy is kept: 0.5 s was too little on a slower machine (CI, 2026-11-23).
    settings = quick(smtp_settings(tmp_path, smtp_port), poll_s=0.1, grace_s=3.0)
    settings.notifications.retry_base_s = 2.0  # time to check it is still owed
    api = api_factory(settings)
    deal_id, _ = api.processed_deal()  # the job is done all the same
    [failed] = until(lambda: audit(api, deal_id, "email.failed"))
    [kept] = outbox(api, "unsent")
    assert failed["detail"]["kept_in"] == str(kept)
    assert job_notification(api)[2:] == ("pending", 1)  # owed still: retried by a sweep

    servers = smtp_server(port=smtp_port)
    server = next(servers)
    try:
        [(_, recipients, raw, _)] = until(lambda: server.messages)
        assert recipients == ["dana@northwind.example"]
        assert "NEW STEPS FROM THE CALL" in parts(parse(raw))[0]
        until(lambda: job_notification(api)[2] == "done")
        time.sleep(0.5)  # sweeps go on, and find nothing owed
        assert len(server.messages) == 1
    finally:
        servers.close()
    assert len(audit(api, deal_id, "email.sent")) == 1
    assert outbox(api, "unsent") == []  # the kept copy is gone: nobody sends it again by hand
    assert job_notification(api)[3] >= 2


def test_a_mail_server_that_stays_down_is_given_up_on_after_max_attempts(
    tmp_path: Path, api_factory: Any, smtp_port: int
) -> None:
    settings = quick(smtp_settings(tmp_path, smtp_port), poll_s=0.1, max_attempts=3)
    api = api_factory(settings)
    deal_id, _ = api.processed_deal()
    until(lambda: job_notification(api)[2] == "failed", timeout_s=30)
    time.sleep(0.5)  # no sweep takes it again
    assert job_notification(api)[2:] == ("failed", 3)
    assert len(audit(api, deal_id, "email.failed")) == 3
    assert len(outbox(api, "unsent")) == 1  # kept once, for someone to send by hand
    with read_only(api.runtime.sessions) as session:
        row = session.scalars(select(Notification)).one()
        assert row.due_at is None and "ConnectionRefusedError" in (row.last_error or "")


def test_a_manager_sends_a_given_up_email_again_once_the_mail_server_is_back(
    tmp_path: Path, api_factory: Any, smtp_port: int
) -> None:
    settings = quick(smtp_settings(tmp_path, smtp_port), poll_s=0.1, max_attempts=2)
    api = api_factory(settings)
    deal_id, _ = api.processed_deal()
    until(lambda: job_notification(api)[2] == "failed", timeout_s=30)
    manager = api.as_("manager")
    [failed] = api.ok(manager.get("/api/notifications?state=failed"))["items"]
    assert (failed["event"], failed["attempts"]) == ("job.done", 2)
    assert "ConnectionRefusedError" in failed["last_error"]
    assert api.get("/api/notifications").status_code == 403  # a rep: managers look after these
    assert api.as_("outsider").get("/api/notifications").status_code == 403
    assert api.ok(manager.get("/api/notifications?state=pending"))["items"] == []

    servers = smtp_server(port=smtp_port)
    server = next(servers)
    try:
        again = api.ok(manager.post(f"/api/notifications/{failed['id']}/resend"), 202)
        assert (again["state"], again["attempts"], again["last_error"]) == ("pending", 0, None)
        [(_, recipients, _, _)] = until(lambda: server.messages)
        assert recipients == ["dana@northwind.example"]
        until(lambda: job_notification(api)[2:] == ("done", 1))
    finally:
        servers.close()
    refused = manager.post(f"/api/notifications/{failed['id']}/resend")
    assert refused.status_code == 409 and "only a failed one" in refused.json()["detail"]
    assert manager.post("/api/notifications/999/resend").status_code == 404
    assert outbox(api, "unsent") == []  # the copy kept for sending by hand is gone
    [resent] = audit(api, deal_id, "notification.resent")
    assert "ConnectionRefusedError" in resent["detail"]["last_error"]
