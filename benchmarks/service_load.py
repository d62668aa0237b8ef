#!/usr/bin/env python3
"""The review service's read endpoints under load, on SQLite and on PostgreSQL.

`callplan serve` runs as a real uvicorn process on a loopback port (embedded jobs, log level
warning), against a new SQLite file and against a new schema in the machine's PostgreSQL
(dropped afterwards). A deal is seeded through the API: the sample call's transcript uploaded
and processed, its suggestions accepted (so the working plan is full size). A second process
(`_loadgen.py`) then sends, at a fixed rate (open loop: latency includes queueing), the three
reads a rep's review screen makes, round robin:

    GET /api/deals/{id}/suggestions    GET /api/deals/{id}/plan    GET /api/suggestions/{id}

and the same rate to GET /healthz (no database, no token) as the baseline of the same run;
then, closed loop, the most requests a second the server answers. Each measurement is repeated
(baseline and reads alternating, so load from elsewhere hits both) and the median is printed.

    python benchmarks/service_load.py [--databases sqlite,postgresql] [--rates 100,200]
        [--duration 20] [--repeats 3] [--connections 64] [--concurrency 8] [--processes 1]

With `--processes 2` the reads are answered by `callplan serve --workers 2` (two uvicorn
processes on one port; seeding ran first on one process with the embedded job worker).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from _common import SAMPLE, header
from _service import add_user, create_deal, database, serve, service_env, wait_for_job

LOADGEN = Path(__file__).with_name("_loadgen.py")


def seed(url: str, token: str, deals: int) -> list[str]:
    """`deals` deals with the sample call processed and its suggestions accepted; the read
    paths of the last one."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        for _ in range(deals):
            deal_id = create_deal(client)
            with (SAMPLE / "script.txt").open("rb") as file:
                accepted = client.post(
                    f"/api/deals/{deal_id}/calls",
                    files={"file": ("script.txt", file)},
                    data={"call_date": "2026-11-18"},
                ).raise_for_status()
            job = wait_for_job(client, accepted.json()["job"]["id"])
            if job["state"] != "done":
                raise SystemExit(f"seeding failed: the job ended {job['state']}: {job['error']}")
            items = client.get(f"/api/deals/{deal_id}/suggestions?limit=200").json()["items"]
            ids = [item["id"] for item in items]
            client.post(
                f"/api/deals/{deal_id}/suggestions/bulk", json={"action": "accept", "ids": ids}
            ).raise_for_status()
        plan = client.get(f"/api/deals/{deal_id}/plan").raise_for_status()
        print(
            f"# seeded {deals} deal(s); the last: {len(ids)} suggestions, "
            f"working plan {len(plan.content) / 1024:.0f} KB, suggestion list "
            f"{len(client.get(f'/api/deals/{deal_id}/suggestions').content) / 1024:.0f} KB"
        )
    return [
        f"/api/deals/{deal_id}/suggestions",
        f"/api/deals/{deal_id}/plan",
        f"/api/suggestions/{ids[len(ids) // 2]}",
    ]


@dataclass(frozen=True)
class Target:
    url: str
    pid: int  # the server's, for its CPU time
    token: str
    reads: list[str]


def load(target: Target, paths: list[str], options: list[str]) -> dict[str, Any]:
    """One run of the load generator in its own process, with the server's CPU time per
    request (all its threads, warm-up requests included) and the machine's load after it."""
    command = [sys.executable, str(LOADGEN), target.url, *options]
    for path in paths:
        command += ["--path", path]
    if paths != ["/healthz"]:
        command += ["--token", target.token]
    cpu = cpu_seconds(target.pid)
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    sent = result["requests"] + result["warmup_requests"]
    result["cpu_ms"] = (cpu_seconds(target.pid) - cpu) / sent * 1000
    result["load"] = os.getloadavg()[0]
    return result


def cpu_seconds(pid: int) -> float:
    """CPU time of the server: the process and its web processes (`--processes`)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return own + sum(cpu_seconds(child) for child in children(pid))


def children(pid: int) -> list[int]:
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def median(runs: list[dict[str, Any]], *keys: str) -> float:
    return statistics.median(_value(run, keys) for run in runs)


def spread(runs: list[dict[str, Any]], *keys: str) -> str:
    return ", ".join(f"{_value(run, keys):.0f}" for run in runs)


def _value(run: dict[str, Any], keys: tuple[str, ...]) -> float:
    value: Any = run
    for key in keys:
        value = value[key]
    return float(value)


def bench_database(kind: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="callplan-load-") as tmp:
        folder = Path(tmp)
        with database(kind, folder) as url:
            env = service_env(folder, url)
            token = add_user(env, "dana@northwind.example")
            with serve(env) as server:
                reads = seed(server.url, token, args.deals)
            if args.processes > 1:  # jobs are done: the web processes only answer reads
                env = {**env, "CALLPLAN_JOBS_BACKEND": "celery"}
            with serve(env, args.processes) as server:
                target = Target(server.url, server.pid, token, reads)
                print(f"# callplan serve --workers {args.processes}")
                for rate in args.rates:
                    open_loop(kind, target, rate, args)
                closed_loop(kind, target, args)


def open_loop(kind: str, target: Target, rate: float, args: argparse.Namespace) -> None:
    options = ["--rate", str(rate), "--duration", str(args.duration)]
    options += ["--connections", str(args.connections)]
    base: list[dict[str, Any]] = []
    reads: list[dict[str, Any]] = []
    for _ in range(args.repeats):  # alternating, so load from elsewhere hits both
        base.append(load(target, ["/healthz"], options))
        reads.append(load(target, target.reads, options))
    print(f"\n## {kind}: open loop, {rate:g} requests/s for {args.duration:g} s over ", end="")
    print(f"{args.connections} connections, ", end="")
    print(f"median of {args.repeats} (machine load {spread(base + reads, 'load')})")
    print("| GET | achieved rps | p50 ms | p99 ms | p99 of each run | failed | server CPU ms/req |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    rows = [("/healthz (baseline)", base, ("all",)), ("the three reads", reads, ("all",))]
    rows += [(path, reads, ("paths", path)) for path in target.reads]
    for name, runs, where in rows:
        whole = where == ("all",)
        failed = str(sum(run["errors"] for run in runs)) if whole else ""
        cpu = f"{median(runs, 'cpu_ms'):.2f}" if whole else ""
        print(
            f"| {name} | {median(runs, 'rps'):.0f} | {median(runs, *where, 'p50_ms'):.1f}"
            f" | {median(runs, *where, 'p99_ms'):.1f} | {spread(runs, *where, 'p99_ms')}"
            f" | {failed} | {cpu} |"
        )
    p50 = median(reads, "all", "p50_ms") / median(base, "all", "p50_ms")
    p99 = median(reads, "all", "p99_ms") / median(base, "all", "p99_ms")
    print(f"reads / baseline: p50 x{p50:.1f}, p99 x{p99:.1f}")


def closed_loop(kind: str, target: Target, args: argparse.Namespace) -> None:
    options = ["--concurrency", str(args.concurrency), "--duration", str(args.closed)]
    base: list[dict[str, Any]] = []
    reads: list[dict[str, Any]] = []
    for _ in range(args.repeats):
        base.append(load(target, ["/healthz"], options))
        reads.append(load(target, target.reads, options))
    print(f"\n## {kind}: closed loop, {args.concurrency} connections, {args.closed:g} s, ", end="")
    print(f"median of {args.repeats} (machine load {spread(base + reads, 'load')})")
    print("| GET | requests/s | of each run | p50 ms | p99 ms | server CPU ms/req |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, runs in (("/healthz (baseline)", base), ("the three reads", reads)):
        print(
            f"| {name} | {median(runs, 'rps'):.0f} | {spread(runs, 'rps')}"
            f" | {median(runs, 'all', 'p50_ms'):.1f} | {median(runs, 'all', 'p99_ms'):.1f}"
            f" | {median(runs, 'cpu_ms'):.2f} |"
        )
    print(f"reads / baseline: {median(reads, 'rps') / median(base, 'rps'):.2f} of the rate")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--rates", default="200", help="open loop, requests/s: 100,200")
    parser.add_argument("--duration", type=float, default=20.0, help="open loop: seconds")
    parser.add_argument("--connections", type=int, default=64, help="open loop: connections")
    parser.add_argument("--concurrency", type=int, default=8, help="closed loop: connections")
    parser.add_argument("--closed", type=float, default=10.0, help="closed loop: seconds")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--deals", type=int, default=1, help="deals seeded (the last is read)")
    parser.add_argument(
        "--processes", type=int, default=1, help="web processes (callplan serve --workers)"
    )
    args = parser.parse_args()
    args.rates = [float(rate) for rate in args.rates.split(",")]
    header("the review service's reads under load (callplan serve, uvicorn, loopback)")
    for kind in args.databases.split(","):
        bench_database(kind, args)


if __name__ == "__main__":
    main()
