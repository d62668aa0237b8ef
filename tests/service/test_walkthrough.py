"""The README's walkthrough runs: `callplan users add`, `callplan serve`, then scripts/walkthrough
(curl) uploads the sample recording and takes it to a published plan and a buyer's link."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
CALLPLAN = Path(sys.executable).parent / "callplan"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    port = free_port()
    env = {
        **os.environ,
        "CALLPLAN_DATA_DIR": str(tmp_path / "data"),
        "CALLPLAN_EXTRACTOR": "rules",
        "CALLPLAN_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "HF_HUB_OFFLINE": "1",
    }
    env.pop("CALLPLAN_DATABASE_URL", None)
    added = subprocess.run(
        [
            CALLPLAN,
            "users",
            "add",
            "--org",
            "Northwind",
            "--email",
            "dana@northwind.example",
            "--name",
            "Dana Reyes",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    env["TOKEN"] = added.stdout.strip().splitlines()[-1]
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [CALLPLAN, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url, env
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.mark.slow
def test_walkthrough_publishes_and_shares(server: tuple[str, dict[str, str]]) -> None:
    url, env = server
    done = subprocess.run(
        [ROOT / "scripts" / "walkthrough"],
        env={**env, "CALLPLAN_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    share = done.stdout.strip()
    assert share.startswith(f"{url}/share/share_")
    assert "done 1.0 suggestions ready for review" in done.stderr
    page = httpx.get(share)
    assert page.status_code == 200
    assert "Pricing proposal sent to Sarah" in page.text
    assert "Sarah confirmed the other vendor is out" not in page.text  # a rep's reason


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"callplan serve exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("callplan serve did not answer in 60 s")
