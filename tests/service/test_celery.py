"""Celery over the machine's Redis with real `callplan worker` processes: a worker killed in the
middle of transcribing, its job finished by a second worker, the suggestions written once.

Every run uses its own Redis key prefix (CALLPLAN_JOBS_KEY_PREFIX), so runs in parallel do not
share a queue, and deletes its keys afterwards. A killed worker's message comes back after the
visibility timeout (service/jobs/celery_app.py says how kombu does it); the test sets 2 s.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from service.app import build_runtime, create_app
from service.db.models import PlanRow, SuggestionRow
from service.jobs.queue import CeleryQueue
from service.runtime import Runtime
from service.settings import ServiceSettings
from tests.service.conftest import (
    SAMPLE,
    Api,
    add_users,
    make_settings,
    postgres_url,
    require_or_skip,
)
from tests.service.test_jobs import closed_port, service

REDIS = "redis://127.0.0.1:6379/0"
VISIBILITY_TIMEOUT_S = 2.0


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

    def __init__(self, settings: ServiceSettings, log: Path) -> None:
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
) -> Iterator[Callable[[], Worker]]:
    started: list[Worker] = []

    def start() -> Worker:
        started.append(Worker(celery_settings, tmp_path / f"worker-{len(started) + 1}.log"))
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
    celery_settings: ServiceSettings, start_worker: Callable[[], Worker]
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
