#!/usr/bin/env python3
"""A load generator for the service benchmarks, run as a process of its own, like wrk2.

It keeps a fixed set of HTTP/1.1 keep-alive connections and speaks just enough HTTP to GET a
JSON answer (a few microseconds a request, where an HTTP library takes a millisecond: on a
2-core machine the client's CPU is taken from the server's).

Open loop (`--rate`): request i is due at start + i/rate whatever happened before; it waits
for a free connection if all are busy, and its latency is counted from when it was due, so
time spent queueing (here, in the socket, in the server) is part of the figure and a slow
server cannot slow the schedule down and hide its own delay (coordinated omission). Closed
loop (`--concurrency N`): N connections each send the next request when the answer arrives,
for the highest rate the server sustains.

    python benchmarks/_loadgen.py URL --path /healthz [--path ...] --rate 200 --duration 20
    python benchmarks/_loadgen.py URL --path /healthz --concurrency 8 --duration 10

Prints one JSON object: requests, errors, achieved rate, and latency percentiles per path
(and how many requests the warm-up sent).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections import defaultdict
from urllib.parse import urlsplit

Sample = tuple[str, float, int]  # path, seconds, status (0: no answer)
TIMEOUT_S = 30.0


class Connection:
    """One keep-alive connection; GET with a fixed set of headers, read the whole answer."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        lines = [f"Host: {host}:{port}", *(f"{k}: {v}" for k, v in headers.items())]
        self._headers = "".join(f"{line}\r\n" for line in lines).encode()
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str) -> int:
        for attempt in (1, 2):
            reused = self._streams is not None
            try:
                return await asyncio.wait_for(self._get(path), TIMEOUT_S)
            except (OSError, asyncio.IncompleteReadError) as error:
                self.close()  # the server may close an idle connection: try once more, anew
                if not reused or attempt == 2 or getattr(error, "partial", b""):
                    return 0
            except (TimeoutError, ValueError):
                self.close()
                return 0
        return 0

    async def _get(self, path: str) -> int:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        writer.write(b"GET " + path.encode() + b" HTTP/1.1\r\n" + self._headers + b"\r\n")
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        fields = dict(line.split(":", 1) for line in head[1:] if ":" in line)
        length = {k.strip().lower(): v.strip() for k, v in fields.items()}.get("content-length")
        if length is None:
            raise ValueError("an answer without Content-Length")
        await reader.readexactly(int(length))
        return status

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def figures(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": percentile(values, 50) * 1000,
        "p90_ms": percentile(values, 90) * 1000,
        "p99_ms": percentile(values, 99) * 1000,
        "max_ms": max(values) * 1000,
        "mean_ms": statistics.fmean(values) * 1000,
    }


def summary(samples: list[Sample], seconds: float) -> dict[str, object]:
    by_path: dict[str, list[float]] = defaultdict(list)
    for path, latency, _ in samples:
        by_path[path].append(latency)
    return {
        "requests": len(samples),
        "errors": sum(1 for *_, status in samples if status != 200),
        "statuses": sorted({status for *_, status in samples}),
        "seconds": seconds,
        "rps": len(samples) / seconds,
        "all": figures([latency for _, latency, _ in samples]),
        "paths": {path: figures(values) for path, values in by_path.items()},
    }


async def open_loop(
    idle: asyncio.Queue[Connection], paths: list[str], rate: float, seconds: float
) -> list[Sample]:
    """`rate` requests a second for `seconds`, cycling through `paths`."""

    async def one(path: str, due: float) -> Sample:
        connection = await idle.get()
        try:
            status = await connection.get(path)
        finally:
            idle.put_nowait(connection)
        return path, time.perf_counter() - due, status

    start = time.perf_counter() + 0.01
    tasks = []
    for i in range(round(rate * seconds)):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(paths[i % len(paths)], due)))
    return list(await asyncio.gather(*tasks))


async def closed_loop(
    connections: list[Connection], paths: list[str], seconds: float
) -> list[Sample]:
    deadline = time.perf_counter() + seconds
    samples: list[Sample] = []

    async def client(offset: int, connection: Connection) -> None:
        i = offset
        while (sent := time.perf_counter()) < deadline:
            path = paths[i % len(paths)]
            status = await connection.get(path)
            samples.append((path, time.perf_counter() - sent, status))
            i += 1

    await asyncio.gather(*(client(n, c) for n, c in enumerate(connections)))
    return samples


async def run(args: argparse.Namespace) -> dict[str, object]:
    url = urlsplit(args.url)
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
    count = args.concurrency or args.connections
    connections = [Connection(url.hostname or "", url.port or 80, headers) for _ in range(count)]
    try:
        if args.concurrency:
            warmup = await closed_loop(connections, args.path, args.warmup)
            started = time.perf_counter()
            samples = await closed_loop(connections, args.path, args.duration)
        else:
            idle: asyncio.Queue[Connection] = asyncio.Queue()
            for connection in connections:
                idle.put_nowait(connection)
            warmup = await open_loop(idle, args.path, args.rate, args.warmup)
            started = time.perf_counter()
            samples = await open_loop(idle, args.path, args.rate, args.duration)
        return {**summary(samples, time.perf_counter() - started), "warmup_requests": len(warmup)}
    finally:
        for connection in connections:
            connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--path", action="append", required=True, help="GET this (repeatable)")
    parser.add_argument("--token", help="sent as Authorization: Bearer")
    parser.add_argument("--rate", type=float, default=200.0, help="open loop: requests a second")
    parser.add_argument("--connections", type=int, default=32, help="open loop: connections")
    parser.add_argument("--concurrency", type=int, default=0, help="closed loop: connections")
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds sent first, not counted")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
