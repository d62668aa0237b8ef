"""`callplan serve --workers 2`: two web processes share the port, each with its own app built
from the environment; with the embedded job worker it is refused (each process would run jobs)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

CALLPLAN = Path(sys.executable).parent / "callplan"


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "CALLPLAN_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1"}
    env.pop("CALLPLAN_DATABASE_URL", None)
    return {**env, **extra}


def test_several_web_processes_need_celery_jobs(tmp_path: Path) -> None:
    done = subprocess.run(
        [CALLPLAN, "serve", "--workers", "2", "--port", str(free_port())],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "--workers > 1 needs CALLPLAN_JOBS_BACKEND=celery" in done.stderr


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_two_web_processes_answer_on_one_port(tmp_path: Path) -> None:
    env = _env(tmp_path, CALLPLAN_JOBS_BACKEND="celery", CALLPLAN_JOBS_KEY_PREFIX="serve-test")
    added = subprocess.run(
        [CALLPLAN, "users", "add", "--org", "Northwind", "--email", "d@n.example", "--name", "D"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    token = added.stdout.strip().splitlines()[-1]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [CALLPLAN, "serve", "--workers", "2", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while len(_children(process.pid)) < 2 or not _answers(url):
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
            # Fresh connections, so the kernel spreads them over both processes.
            for n in range(8):
                created = client.post(
                    "/api/deals",
                    json={"name": f"Deal {n}", "buyer_company": "Acme", "timezone": "UTC"},
                    headers={"Connection": "close"},
                )
                assert created.status_code == 201, created.text
            listed = client.get("/api/deals", params={"limit": 50}).json()
        assert sorted(d["name"] for d in listed["items"]) == [f"Deal {n}" for n in range(8)]
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
