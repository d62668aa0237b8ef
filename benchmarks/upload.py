#!/usr/bin/env python3
"""Uploads to the review service: throughput, and the server's memory, which must not grow
with the file.

`callplan serve` runs as a real uvicorn process (SQLite, upload limit raised to 4 GiB). Valid
WAV files (48 kHz stereo 16-bit, a quiet 440 Hz tone; 10 MB and 1 GB) are written to disk a
megabyte at a time, then sent from this process over loopback as the raw body and as
multipart. For each upload: MB/s end to end (until the 202), the server's resident memory
before and its peak during the upload (VmHWM, reset before each upload), and how long the
server took from the last byte sent to the answer (storing, the `ingest` probe of the audio,
the database). The probe is also timed on its own, here, on the same file. The speech model is
pointed at a missing folder, so each upload's job fails at once instead of transcribing hours
of tone (this measures the upload path, not transcription). Last, GET latency at 50/s (from
`_loadgen.py`) alone and while the largest file is uploaded: an upload must not hold up the
API. The files are deleted afterwards.

    python benchmarks/upload.py [--sizes-mb 10,1024] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import httpx
from _common import header, timed
from _service import (
    add_user,
    create_deal,
    database,
    memory_kb,
    reset_peak,
    serve,
    service_env,
    wait_for_job,
)

RATE, CHANNELS, WIDTH = 48_000, 2, 2
CHUNK = 1024 * 1024
LOADGEN = Path(__file__).with_name("_loadgen.py")


def write_wav(path: Path, size_bytes: int) -> None:
    """A WAV of about `size_bytes`, written a chunk at a time (never whole in memory)."""
    frame = CHANNELS * WIDTH
    data_bytes = (size_bytes - 44) // frame * frame
    header_bytes = b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
    header_bytes += b"fmt " + struct.pack(
        "<IHHIIHH", 16, 1, CHANNELS, RATE, RATE * frame, frame, WIDTH * 8
    )
    header_bytes += b"data" + struct.pack("<I", data_bytes)
    second = b"".join(  # one second of tone; 440 Hz repeats exactly every second at 48 kHz
        struct.pack("<hh", sample, sample)
        for sample in (round(3000 * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(RATE))
    )
    with path.open("wb") as file:
        file.write(header_bytes)
        left = data_bytes
        while left:
            piece = second[: min(left, len(second))]
            file.write(piece)
            left -= len(piece)


class PeakWatch:
    """Samples a process's RSS every 20 ms (a cross-check of VmHWM)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak_kb = max(self.peak_kb, memory_kb(self.pid)["VmRSS"])


class Sent:
    """The file for httpx to send (it reads it in pieces), noting when it read past the end."""

    def __init__(self, file: BinaryIO) -> None:
        self.file, self.ended = file, 0.0

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        if not data:
            self.ended = time.perf_counter()
        return data

    def fileno(self) -> int:  # httpx sends Content-Length from the file's size
        return self.file.fileno()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.file.seek(offset, whence)

    def __iter__(self) -> Iterator[bytes]:
        return iter(lambda: self.read(CHUNK), b"")


def upload(client: httpx.Client, deal_id: int, path: Path, how: str) -> dict[str, Any]:
    """One upload: seconds end to end, and from the last byte sent to the answer."""
    url = f"/api/deals/{deal_id}/calls"
    with path.open("rb") as file:
        sent = Sent(file)
        started = time.perf_counter()
        if how == "raw":
            params = {"call_date": "2026-11-18", "filename": path.name}
            response = client.post(url, params=params, content=sent)
        else:
            files = {"file": (path.name, sent)}
            response = client.post(url, files=files, data={"call_date": "2026-11-18"})
        answered = time.perf_counter()
    if response.status_code != 202:
        raise SystemExit(f"upload refused: {response.status_code} {response.text[:300]}")
    return {
        "seconds": answered - started,
        "after_last_byte_s": answered - sent.ended,
        "job": response.json()["job"]["id"],
    }


def measure(client: httpx.Client, pid: int, deal_id: int, path: Path, how: str) -> dict[str, Any]:
    before = memory_kb(pid)["VmRSS"]
    reset_peak(pid)
    with PeakWatch(pid) as watch:
        result = upload(client, deal_id, path, how)
    peak = max(memory_kb(pid)["VmHWM"], watch.peak_kb)
    job = wait_for_job(client, result.pop("job"))  # fails at once: no speech model (see top)
    assert job["state"] == "failed", job
    size_mb = path.stat().st_size / 1e6
    return {
        **result,
        "mb_s": size_mb / result["seconds"],
        "rss_mb": before / 1024,
        "peak_mb": peak / 1024,
    }


def probe_seconds(path: Path) -> float:
    from pipeline.ingest import ingest

    seconds, _ = timed(lambda: ingest(path))
    return seconds


def report(name: str, runs: list[dict[str, Any]]) -> None:
    def med(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    print(
        f"| {name} | {med('mb_s'):.0f} | {med('seconds'):.2f} | {med('after_last_byte_s'):.2f}"
        f" | {med('rss_mb'):.0f} | {med('peak_mb'):.0f} | {med('peak_mb') - med('rss_mb'):+.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes-mb", default="10,1024")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    header("uploads to callplan serve (SQLite, loopback, httpx client in this process)")
    with tempfile.TemporaryDirectory(prefix="callplan-upload-") as tmp:
        folder = Path(tmp)
        files = []
        for size_mb in (int(s) for s in args.sizes_mb.split(",")):
            path = folder / f"tone-{size_mb}mb.wav"
            seconds, _ = timed(lambda path=path, size_mb=size_mb: write_wav(path, size_mb * 2**20))
            print(f"# wrote {path.name} ({path.stat().st_size / 1e6:.0f} MB) in {seconds:.1f} s")
            files.append(path)
        with database("sqlite", folder) as url:
            env = service_env(
                folder,
                url,
                CALLPLAN_UPLOAD_MAX_BYTES=str(4 * 2**30),
                CALLPLAN_WHISPER_MODEL=str(folder / "no-speech-model"),
            )
            token = add_user(env, "dana@northwind.example")
            with serve(env) as server:
                stored = folder / "data" / "files"
                run_all(server.url, server.pid, token, files, args.repeats, stored)
        for path in files:
            print(f"# ingest probe of {path.name} here: {probe_seconds(path) * 1000:.0f} ms")


def run_all(url: str, pid: int, token: str, files: list[Path], repeats: int, stored: Path) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=600) as client:
        deal_id = create_deal(client)
        print(f"# server RSS after start-up: {memory_kb(pid)['VmRSS'] / 1024:.0f} MB")
        measure(client, pid, deal_id, files[0], "multipart")  # loads the parser, PyAV...
        print(f"# after a first upload: {memory_kb(pid)['VmRSS'] / 1024:.0f} MB")
        print(
            "| upload | MB/s | seconds | after the last byte, s | RSS before, MB | peak MB"
            " | peak - before |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for path in files:
            for how in ("raw", "multipart"):
                runs = []
                for _ in range(repeats):
                    runs.append(measure(client, pid, deal_id, path, how))
                    for kept in stored.rglob("*.wav"):  # disk: 1 GB each
                        kept.unlink()
                report(f"{path.stat().st_size / 1e6:.0f} MB, {how}", runs)
        reads_during_upload(client, token, deal_id, files[-1])
        for kept in stored.rglob("*.wav"):
            kept.unlink()


def reads_during_upload(client: httpx.Client, token: str, deal_id: int, path: Path) -> None:
    """GET latency (50/s: /healthz and the deal) alone, then while `path` is uploaded as
    multipart, the slower kind: does an upload hold the event loop?"""
    paths = ["--path", "/healthz", "--path", f"/api/deals/{deal_id}"]
    seconds = 10.0
    command = [sys.executable, str(LOADGEN), str(client.base_url).rstrip("/"), *paths]
    command += ["--token", token, "--rate", "50", "--duration", str(seconds), "--warmup", "1"]
    alone = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
    with subprocess.Popen(command, stdout=subprocess.PIPE) as reads:
        time.sleep(1.5)
        busy = upload(client, deal_id, path, "multipart")["seconds"]
        during = json.loads(reads.communicate()[0])
    print(f"\nGET at 50/s for {seconds:g} s, alone / while a {path.stat().st_size / 1e6:.0f} MB")
    print(f"multipart upload took {busy:.1f} s of it (machine load {os.getloadavg()[0]:.1f}):")
    for name, run in (("alone", alone), ("during the upload", during)):
        figures = run["all"]
        print(
            f"  {name}: p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms,"
            f" max {figures['max_ms']:.1f} ms, failed {run['errors']}"
        )


if __name__ == "__main__":
    main()
