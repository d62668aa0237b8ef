"""Shared by the service benchmarks: a database (a SQLite file, or a fresh schema in the
machine's PostgreSQL, dropped afterwards), users with tokens, and `callplan serve` running as
a real uvicorn process on a loopback port, with its resident memory read from /proc."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from _common import SAMPLE

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CALLPLAN = [sys.executable, "-m", "service.cli"]  # `callplan`, with this interpreter


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A database URL: a new SQLite file in `folder`, or a new PostgreSQL schema."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'callplan.db'}"
        return
    from sqlalchemy import create_engine

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    schema = f"cp_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_ADMIN}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def service_env(folder: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment `callplan` runs with: everything under `folder`, the rules extractor."""
    return {
        **os.environ,
        "CALLPLAN_DATA_DIR": str(folder / "data"),
        "CALLPLAN_DATABASE_URL": database_url,
        "CALLPLAN_EXTRACTOR": "rules",
        "CALLPLAN_JOBS_BACKEND": "embedded",
        "HF_HUB_OFFLINE": "1",
        **extra,
    }


def add_user(env: dict[str, str], email: str, role: str = "rep") -> str:
    """A user of org Northwind; returns their API token."""
    command = ["users", "add", "--org", "Northwind", "--email", email, "--name", email]
    printed = subprocess.run(
        [*CALLPLAN, *command, "--role", role],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return printed.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid


@contextmanager
def serve(env: dict[str, str], processes: int = 1) -> Iterator[Server]:
    """`callplan serve` on a free loopback port (log level warning: no access log); more than
    one web process needs Celery jobs (`env` says so)."""
    port = free_port()
    address = ["--host", "127.0.0.1", "--port", str(port), "--workers", str(processes)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [*CALLPLAN, "serve", *address, "--log-level", "warning"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
        server = Server(url=f"http://127.0.0.1:{port}", process=process)
        try:
            _wait_until_up(server, log)
            yield server
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _die_with_parent() -> None:
    """In the child: a benchmark stopped by Ctrl-C or kill leaves no server behind (Linux)."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_until_up(server: Server, log: Any) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log.seek(0)
            raise SystemExit(f"callplan serve stopped:\n{log.read().decode(errors='replace')}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("callplan serve did not answer /healthz within 60 s")


def wait_for_job(client: httpx.Client, job_id: int, timeout_s: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").raise_for_status().json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise SystemExit(f"job {job_id} did not finish in {timeout_s} s")


def create_deal(client: httpx.Client) -> int:
    body = {
        "name": "Greenfield Foods: close automation",
        "buyer_company": "Greenfield Foods",
        "seller_company": "Northwind Software",
        "timezone": "America/New_York",
        "participants": json.loads((SAMPLE / "participants.json").read_text()),
    }
    deal_id: int = client.post("/api/deals", json=body).raise_for_status().json()["id"]
    return deal_id


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak since the last reset) of a process, in kB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def reset_peak(pid: int) -> None:
    """Start VmHWM again from the current RSS (Linux 4.0+: clear_refs value 5)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")
