#!/usr/bin/env python3
"""Jobs per minute on the sample call with 1 and with 2 Celery workers, measured in one run.

Each round starts its `callplan worker` processes (Redis on 127.0.0.1:6379, a key prefix of its
own, deleted afterwards), waits until they are ready, uploads the sample recording N times
through the API (one deal each, jobs backend celery) and times from the first upload until
every job is done; the speech model loads inside that time, once per worker. The database is a
fresh PostgreSQL schema (or a SQLite file) shared by the API and the workers.

A transcription uses every core it is given (CALLPLAN_WHISPER_CPU_THREADS, 0 = all), so on a
small machine a second worker mostly competes with the first; the third round gives each of
two workers half the cores.

    python benchmarks/jobs.py [--jobs 4] [--database postgresql|sqlite]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
from _common import SAMPLE, header
from _service import database
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from service import admin
from service.app import build_runtime, create_app
from service.db.models import Job
from service.settings import JobSettings, ServiceSettings

REDIS = "redis://127.0.0.1:6379/0"


@dataclass(frozen=True)
class Round:
    name: str
    workers: int
    threads: int  # CALLPLAN_WHISPER_CPU_THREADS per worker; 0 = every core


@dataclass(frozen=True)
class Result:
    seconds: float
    job_seconds: list[float]  # started to finished, per job
    cpu_seconds: float  # the workers' CPU time (user + system) while the round ran

    def per_minute(self, jobs: int) -> float:
        return jobs / self.seconds * 60


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=4, help="recordings per round")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--repeats", type=int, default=1, help="rounds alternate; best kept")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    rounds = [
        Round("1 worker, all cores", 1, 0),
        Round("2 workers, all cores each", 2, 0),
        Round(f"2 workers, {max(1, cores // 2)} thread(s) each", 2, max(1, cores // 2)),
    ]
    header(f"jobs per minute: {args.jobs} x {SAMPLE.name}/call.ogg (166 s), tiny.en, rules")
    measured: dict[Round, list[Result]] = {r: [] for r in rounds}
    with tempfile.TemporaryDirectory() as folder, database(args.database, Path(folder)) as url:
        for _ in range(args.repeats):
            for r in rounds:
                measured[r].append(run_round(r, args.jobs, Path(folder), url))
                print(f"# {r.name}: {measured[r][-1].seconds:.1f} s, load {os.getloadavg()[0]:.1f}")
    best = {r: min(results, key=lambda result: result.seconds) for r, results in measured.items()}
    base = best[rounds[0]].per_minute(args.jobs)
    for r, result in best.items():
        per_job = ", ".join(f"{s:.1f}" for s in sorted(result.job_seconds))
        print(
            f"{r.name:<28} {result.per_minute(args.jobs):5.2f} jobs/min "
            f"({result.seconds:.1f} s; ratio to 1 worker {result.per_minute(args.jobs) / base:.2f};"
            f" each job {per_job} s; worker CPU {result.cpu_seconds / args.jobs:.1f} s a job)"
        )


def run_round(r: Round, jobs: int, folder: Path, url: str) -> Result:
    prefix = f"callplan-bench-{uuid.uuid4().hex[:10]}:"
    settings = ServiceSettings(
        data_dir=folder / "data",
        database_url=url,
        extractor="rules",
        jobs=JobSettings(backend="celery", broker_url=REDIS, key_prefix=prefix),
        _env_file=None,
    )
    token = admin.add(settings, "Northwind", f"{prefix}@example.com", "Bench", "rep")
    headers = {"Authorization": f"Bearer {token.splitlines()[-1]}"}
    runtime = build_runtime(settings)
    try:
        with workers(settings, r, folder) as pids, TestClient(create_app(runtime)) as client:
            cpu = sum(cpu_seconds(pid) for pid in pids)
            started = time.perf_counter()
            ids = [upload(client, headers) for _ in range(jobs)]
            seconds = wait_all(runtime.sessions, ids) - started
            cpu = sum(cpu_seconds(pid) for pid in pids) - cpu
            with runtime.sessions() as session:
                rows = session.scalars(select(Job).where(Job.id.in_(ids))).all()
                spans = [(j.finished_at, j.started_at) for j in rows]
            per_job = [(end - start).total_seconds() for end, start in spans]  # type: ignore[operator]
            return Result(seconds, per_job, cpu)
    finally:
        runtime.engine.dispose()
        forget(prefix)


@contextmanager
def workers(settings: ServiceSettings, r: Round, folder: Path) -> Iterator[list[int]]:
    env = {
        **os.environ,
        "CALLPLAN_DATA_DIR": str(settings.data_dir),
        "CALLPLAN_DATABASE_URL": settings.resolved_database_url,
        "CALLPLAN_EXTRACTOR": "rules",
        "CALLPLAN_JOBS_BACKEND": "celery",
        "CALLPLAN_JOBS_BROKER_URL": REDIS,
        "CALLPLAN_JOBS_KEY_PREFIX": settings.jobs.key_prefix,
        "CALLPLAN_WHISPER_CPU_THREADS": str(r.threads),
    }
    logs = [folder / f"{settings.jobs.key_prefix.rstrip(':')}-{i}.log" for i in range(r.workers)]
    started = []
    try:
        for log in logs:
            with log.open("wb") as out:
                started.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "service.cli", "worker"],
                        cwd=folder,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        for log, process in zip(logs, started, strict=True):
            wait_ready(log, process)
        yield [process.pid for process in started]
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_ready(log: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while " ready." not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"callplan worker did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far, all its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def upload(client: TestClient, headers: dict[str, str]) -> int:
    deal = {
        "name": "Greenfield Foods: close automation",
        "buyer_company": "Greenfield Foods",
        "seller_company": "Northwind Software",
        "timezone": "America/New_York",
        "participants": json.loads((SAMPLE / "participants.json").read_text()),
    }
    deal_id = client.post("/api/deals", json=deal, headers=headers).raise_for_status().json()["id"]
    with (SAMPLE / "call.ogg").open("rb") as file:
        accepted = client.post(
            f"/api/deals/{deal_id}/calls",
            files={"file": ("call.ogg", file)},
            data={"call_date": "2026-11-18"},
            headers=headers,
        )
    job_id: int = accepted.raise_for_status().json()["job"]["id"]
    return job_id


def wait_all(sessions: sessionmaker[Session], ids: list[int]) -> float:
    """When the last job finished (perf_counter); stops on a failed job."""
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        with sessions() as session:
            states = list(session.scalars(select(Job.state).where(Job.id.in_(ids))))
        if "failed" in states:
            raise SystemExit(f"a job failed: {states}")
        if states.count("done") == len(ids):
            return time.perf_counter()
        time.sleep(0.2)
    raise SystemExit("the jobs did not finish in 30 minutes")


def forget(prefix: str) -> None:
    client = redis.Redis.from_url(REDIS)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


if __name__ == "__main__":
    main()
