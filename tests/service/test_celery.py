"""Celery over the machine's Redis with real `callplan worker` processes: a worker killed in the
middle of transcribing, its job finished by a second worker, the suggestions written once; a
worker killed just after finishing a job, its email and webhook event sent by the service.

Every run uses its own Redis key prefix (CALLPLAN_JOBS_KEY_PREFIX), so runs in parallel do not
share a queue, and deletes its keys afterwards. A killed worker's message comes back after the
visibility timeout (service/jobs/celery_app.py says how kombu does it); the test sets 2 s.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from service.app import build_runtime, create_app
from service.db.models import Job, PlanRow, SuggestionRow, utcnow
from service.db.session import transaction
from service.jobs.queue import CeleryQueue
from service.jobs.stranded import requeue_stranded
from service.runtime import Runtime
from service.settings import MailSettings, ServiceSettings
from tests.service import test_notify, test_webhooks
from tests.service.conftest import (
    SAMPLE,
    Api,
    add_users,
    make_settings,
    postgres_url,
    require_or_skip,
)
from tests.service.test_jobs import closed_port, service
from tests.service.test_notifications import call_events, notifications, quick
from tests.service.test_notify import Received, until
from tests.service.test_webhooks import Receiver, deliveries, register

smtp = test_notify.smtp  # a real SMTP server on loopback
receiver = test_webhooks.receiver  # a real HTTP server on loopback that records every request

REDIS = "redis://127.0.0.1:6379/0"
VISIBILITY_TIMEOUT_S = 2.0
GRACE_S = 3.0


@pytest.fixture
def key_prefix() -> Iterator[str]:
    """A Redis key prefix of this test's own; its keys are deleted afterwards."""
    client = redis.Redis.from_url(REDIS)
    try:
        client.ping()
    except redis.ConnectionError as error:
        client.close()
        require_or_skip(f"Redis is not reachable at 127.0.0.1:6379 ({error})")
    prefix = f"callplan-test-{uuid.uuid4().hex[:12]}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def celery_settings(
    tmp_path: Path, postgres_admin: Any, key_prefix: str
) -> Iterator[ServiceSettings]:
    for url in postgres_url(postgres_admin):  # a fresh schema, not yet migrated
        yield make_settings(
            tmp_path,
            url,
            backend="celery",
            broker_url=REDIS,
            key_prefix=key_prefix,
            visibility_timeout_s=VISIBILITY_TIMEOUT_S,
        )


class Worker:
    """A `callplan worker` process (its own process group, so a kill reaches all of it)."""

    def __init__(self, settings: ServiceSettings, log: Path, **extra: str) -> None:
        jobs = settings.jobs
        env = {
            **os.environ,
            "CALLPLAN_DATA_DIR": str(settings.data_dir),
            "CALLPLAN_DATABASE_URL": settings.resolved_database_url,
            "CALLPLAN_EXTRACTOR": settings.extractor,
            "CALLPLAN_JOBS_BACKEND": "celery",
            "CALLPLAN_JOBS_BROKER_URL": jobs.broker_url,
            "CALLPLAN_JOBS_KEY_PREFIX": jobs.key_prefix,
            "CALLPLAN_JOBS_VISIBILITY_TIMEOUT_S": str(jobs.visibility_timeout_s),
            **extra,
        }
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "worker"],
                cwd=log.parent,  # no stray .env
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while " ready." not in self.text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"worker {self.pid} did not start:\n{self.text()}")
            time.sleep(0.1)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(10)


@pytest.fixture
def start_worker(
    celery_settings: ServiceSettings, tmp_path: Path
) -> Iterator[Callable[..., Worker]]:
    """Starts a worker; keyword arguments are more environment variables for it."""
    started: list[Worker] = []

    def start(**env: str) -> Worker:
        log = tmp_path / f"worker-{len(started) + 1}.log"
        started.append(Worker(celery_settings, log, **env))
        return started[-1]

    try:
        yield start
    finally:
        for worker in started:
            worker.kill()


def wait_for(api: Api, job_id: int, ready: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    job: dict[str, Any] = api.ok(api.get(f"/api/jobs/{job_id}"))
    while not ready(job):
        assert time.monotonic() < deadline, job
        assert job["state"] != "failed", job
        time.sleep(0.1)
        job = api.ok(api.get(f"/api/jobs/{job_id}"))
    return job


def rows(runtime: Runtime, call_id: int) -> int:
    with runtime.sessions() as session:
        query = select(func.count()).where(SuggestionRow.call_id == call_id)
        return session.scalar(query) or 0


def summaries(api: Api, deal_id: int) -> list[tuple[str, str]]:
    page = api.ok(api.get(f"/api/deals/{deal_id}/suggestions?limit=200"))
    return [(s["kind"], s["summary"]) for s in page["items"]]


def calls_on_plan(runtime: Runtime, deal_id: int) -> int:
    with runtime.sessions() as session:
        plan = session.get_one(PlanRow, deal_id).plan
        return len(plan["calls"])


@pytest.mark.slow
def test_a_job_whose_worker_is_killed_finishes_on_a_second_worker_once(
    celery_settings: ServiceSettings, start_worker: Callable[..., Worker]
) -> None:
    first = start_worker()  # before anything migrated the database: the worker does it
    users = add_users(celery_settings)  # migrates at the same time; one waits for the other
    first.wait_ready()
    runtime = build_runtime(celery_settings)
    try:
        with TestClient(create_app(runtime)) as client:
            api = Api(client, runtime, users)
            assert isinstance(runtime.queue, CeleryQueue)
            deals = [api.create_deal()["id"] for _ in range(2)]
            killed, whole = (api.ok(api.upload(deal, SAMPLE / "call.ogg"), 202) for deal in deals)
            job_id = killed["job"]["id"]
            running = wait_for(api, job_id, lambda job: job["progress"] > 0.02)
            assert (running["state"], running["attempts"]) == ("transcribing", 1)
            first.kill()
            time.sleep(VISIBILITY_TIMEOUT_S)  # nobody runs the job now: it stays as it was
            left = api.ok(api.get(f"/api/jobs/{job_id}"))
            assert (left["state"], left["progress"]) == ("transcribing", running["progress"])

            second = start_worker()
            done = wait_for(api, job_id, lambda job: job["state"] == "done")
            other = wait_for(api, whole["job"]["id"], lambda job: job["state"] == "done")
            assert done["attempts"] == 2 and other["attempts"] == 1
            assert summaries(api, deals[0]) == summaries(api, deals[1])  # as if never killed
            written = rows(runtime, killed["call"]["id"])
            assert written == rows(runtime, whole["call"]["id"]) == len(summaries(api, deals[0]))
            assert written > 5
            assert calls_on_plan(runtime, deals[0]) == 1
    finally:
        runtime.engine.dispose()

    log = first.text()
    assert "callplan worker: jobs from queue 'callplan'" in log
    assert f"key prefix '{celery_settings.jobs.key_prefix}'" in log
    assert f"job {job_id}: call {killed['call']['id']}, attempt 1 on celery@" in log
    log = second.text()
    assert (
        f"job {job_id}: call {killed['call']['id']}, resumed while transcribing, attempt 2" in log
    )
    assert f"pid {second.pid}" in log
    assert f"job {job_id}: done in" in log


@pytest.mark.slow
def test_a_job_that_outruns_the_visibility_timeout_runs_once_while_its_worker_lives(
    celery_settings: ServiceSettings, start_worker: Callable[..., Worker]
) -> None:
    """Transcribing the sample takes several visibility timeouts: Redis hands the message to the
    idle second worker, which finds the job alive on the first and looks again later."""
    users = add_users(celery_settings)
    first, second = start_worker(), start_worker()
    first.wait_ready()
    second.wait_ready()
    runtime = build_runtime(celery_settings)
    try:
        with TestClient(create_app(runtime)) as client:
            api = Api(client, runtime, users)
            deal = api.create_deal()
            accepted = api.ok(api.upload(deal["id"], SAMPLE / "call.ogg"), 202)
            job_id = accepted["job"]["id"]
            done = wait_for(api, job_id, lambda job: job["state"] == "done")
            assert done["attempts"] == 1
            assert rows(runtime, accepted["call"]["id"]) > 5
    finally:
        runtime.engine.dispose()
    logs = {w: w.text() for w in (first, second)}
    ran = [w for w, text in logs.items() if f"job {job_id}: done in" in text]
    assert len(ran) == 1, logs
    idle = second if ran[0] is first else first
    assert f"job {job_id}: running on celery@" in logs[idle]
    assert "this worker looks again later" in logs[idle]
    assert "resumed while" not in logs[idle]


def test_an_upload_the_queue_cannot_take_fails_its_job_with_the_reason_for_a_retry(
    tmp_path: Path, key_prefix: str
) -> None:
    down = f"redis://127.0.0.1:{closed_port()}/0"
    settings = make_settings(
        tmp_path,
        f"sqlite:///{tmp_path / 'callplan.db'}",
        backend="celery",
        broker_url=down,
        key_prefix=key_prefix,
    )
    users = add_users(settings)
    with service(settings, users) as api:
        accepted = api.ok(api.upload(api.create_deal()["id"]), 202)
        job = accepted["job"]
        assert (job["state"], job["stage"]) == ("failed", "failed while waiting for a worker")
        assert job["error"].startswith(f"the job queue at {down} cannot be reached")
        assert api.ok(api.get(f"/api/calls/{accepted['call']['id']}"))["filename"] == "script.txt"

    back = settings.model_copy(
        update={"jobs": settings.jobs.model_copy(update={"broker_url": REDIS})}
    )
    with service(back, users) as api:
        queued = api.ok(api.post(f"/api/jobs/{job['id']}/retry"), 202)
        assert (queued["state"], queued["error"]) == ("queued", None)
    client = redis.Redis.from_url(REDIS)
    try:
        assert client.llen(f"{key_prefix}callplan") == 1  # the message, waiting for a worker
    finally:
        client.close()


@contextmanager
def hanging_mail_server() -> Iterator[int]:
    """A port that takes connections and never answers: a mail server that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


def mail_to(port: int) -> dict[str, str]:
    """A worker's environment: emails by SMTP to `port` (no TLS, no login), notifications
    taken over by the service's sweep 3 s after the commit if the worker has not sent them."""
    return {
        "CALLPLAN_MAIL_BACKEND": "smtp",
        "CALLPLAN_MAIL_SMTP_HOST": "127.0.0.1",
        "CALLPLAN_MAIL_SMTP_PORT": str(port),
        "CALLPLAN_MAIL_SMTP_SECURITY": "none",
        "CALLPLAN_MAIL_SMTP_TIMEOUT_S": "120",
        "CALLPLAN_NOTIFICATIONS_GRACE_S": str(GRACE_S),
    }


def test_a_workers_notifications_are_sent_by_it_or_if_it_died_by_the_service(
    celery_settings: ServiceSettings,
    start_worker: Callable[..., Worker],
    smtp: Received,
    receiver: Receiver,
) -> None:
    """The first worker dies after committing its job's `done`, while its email hook waits for
    a mail server that hangs: the service's sweep sends that job's email and event. The second
    worker sends its own job's (the service's sweep never touches them)."""
    settings = quick(celery_settings, grace_s=GRACE_S, poll_s=0.2)
    settings.mail = MailSettings(
        backend="smtp",
        smtp_port=smtp.port,
        smtp_security="none",
        _env_file=None,  # type: ignore[call-arg]
    )
    users = add_users(settings)
    with hanging_mail_server() as hanging:
        first = start_worker(**mail_to(hanging))
        first.wait_ready()
        runtime = build_runtime(settings)
        try:
            with TestClient(create_app(runtime)) as client:
                api = Api(client, runtime, users)
                hook = register(api, receiver.url, ["call.processed"])
                deal = api.create_deal()["id"]
                stranded = api.ok(api.upload(deal), 202)["job"]["id"]
                wait_for(api, stranded, lambda job: job["state"] == "done")
                first.kill()  # committed, and hung in its first hook: nothing sent
                assert smtp.messages == [] and deliveries(api, hook["id"]) == []
                assert notifications(runtime) == [("job.done", stranded, "pending", 1)]

                start_worker(**mail_to(smtp.port)).wait_ready()
                sent = api.ok(api.upload(deal), 202)["job"]["id"]
                wait_for(api, sent, lambda job: job["state"] == "done")
                until(lambda: len(smtp.messages) == 2 and len(receiver.hits) == 2)
                until(lambda: all(state == "done" for _, _, state, _ in notifications(runtime)))
                assert sorted(call_events(receiver)) == sorted([stranded, sent])
                assert notifications(runtime) == [
                    ("job.done", stranded, "done", 2),  # the service's sweep: a second attempt
                    ("job.done", sent, "done", 1),  # the second worker, straight after the job
                ]
        finally:
            runtime.engine.dispose()
    assert [recipients for _, recipients, _, _ in smtp.messages] == [["dana@northwind.example"]] * 2
    assert f"job {stranded}: done in" in first.text()


def test_a_job_whose_message_the_broker_lost_is_sent_again_and_done(
    celery_settings: ServiceSettings,
    start_worker: Callable[..., Worker],
    key_prefix: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    users = add_users(celery_settings)
    client = redis.Redis.from_url(REDIS)
    try:
        with service(celery_settings, users) as api:  # its queue is Celery's, and it looks out
            assert isinstance(api.runtime.queue, CeleryQueue)
            accepted = api.ok(api.upload(api.create_deal()["id"]), 202)
            job_id = accepted["job"]["id"]
            assert client.delete(f"{key_prefix}callplan") == 1  # the broker loses the message
            worker = start_worker()  # without the message sent again it would wait for ever
            done = wait_for(api, job_id, lambda job: job["state"] == "done")
            assert done["attempts"] == 1  # run once, after being sent again
            assert f"job {job_id}: call {accepted['call']['id']}, attempt 1" in worker.text()
        assert f"job {job_id}: queued over 2 s with no worker on it: sent again" in caplog.text
    finally:
        client.close()


def test_only_jobs_queued_longer_than_the_timeout_are_sent_again(
    celery_settings: ServiceSettings,
) -> None:
    users = add_users(celery_settings)
    sent: list[int] = []

    class Recording:  # the queue's one method, recording what is sent
        def enqueue(self, job_id: int) -> None:
            sent.append(job_id)

    with service(celery_settings, users, queue=Recording()) as api:  # type: ignore[arg-type]
        old, new = (api.ok(api.upload(api.create_deal()["id"]), 202)["job"] for _ in range(2))
        with transaction(api.runtime.sessions) as session:
            session.get_one(Job, old["id"]).updated_at = utcnow() - dt.timedelta(seconds=60)
        sent.clear()  # the uploads' own sends
        assert requeue_stranded(api.runtime) == [old["id"]] == sent
        stage = api.ok(api.get(f"/api/jobs/{old['id']}"))["stage"]
        assert stage == "waiting for a worker (sent again: none took it in 2 s)"
        assert requeue_stranded(api.runtime) == []  # touched: not again before another timeout
        assert api.ok(api.get(f"/api/jobs/{new['id']}"))["stage"] == "waiting for a worker"
