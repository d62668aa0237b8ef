"""Uploads: multipart and raw body, retried uploads, bad files, the size limit, bad fields, and
the recording link the evidence points at.

A refused file is never silently dropped: the problem says what is wrong and where the file is
kept (under the storage's `rejected/`), and the audit trail records it. An upload over the size
limit leaves nothing behind.
"""

from __future__ import annotations

import selectors
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from service.db.models import Call
from tests.service.conftest import SAMPLE, Api
from tests.service.served import served


class HeldQueue:
    """A queue that only notes the jobs it is given: these tests are about the upload, and a
    recording's job would run the speech model for a minute in the background."""

    def __init__(self) -> None:
        self.jobs: list[int] = []

    def enqueue(self, job_id: int) -> None:
        self.jobs.append(job_id)


@pytest.fixture
def held(api: Api) -> HeldQueue:
    queue = HeldQueue()
    api.runtime.queue = queue
    return queue


def calls_in_db(api: Api) -> int:
    with api.runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(Call)) or 0


def stored_files(api: Api, under: str = "") -> list[Path]:
    root = api.runtime.settings.resolved_storage_dir / under
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def raw_upload(api: Api, deal_id: int, body: Any, **params: str) -> httpx.Response:
    return api.post(
        f"/api/deals/{deal_id}/calls",
        params={"call_date": "2026-11-18", **params},
        content=body,
        headers={"Content-Type": "application/octet-stream"},
    )


def test_multipart_upload_is_stored_and_queued(api: Api, held: HeldQueue) -> None:
    deal = api.create_deal()
    accepted = api.ok(api.upload(deal["id"], SAMPLE / "call.ogg"), 202)
    call, job = accepted["call"], accepted["job"]
    assert (call["kind"], call["filename"], job["state"]) == ("media", "call.ogg", "queued")
    assert held.jobs == [job["id"]] and accepted["replayed"] is False
    [kept] = stored_files(api, "calls")
    assert kept.read_bytes() == (SAMPLE / "call.ogg").read_bytes()
    assert call["size_bytes"] == kept.stat().st_size


def test_raw_body_upload_takes_its_fields_from_the_query(api: Api, held: HeldQueue) -> None:
    deal = api.create_deal()
    participants = '[{"name": "Sarah Mitchell", "side": "buyer", "title": "VP of Finance"}]'
    response = raw_upload(
        api,
        deal["id"],
        (SAMPLE / "script.txt").read_bytes(),
        filename="script.txt",
        participants=participants,
    )
    call = api.ok(response, 202)["call"]
    assert (call["kind"], call["filename"], call["call_date"]) == (
        "txt",
        "script.txt",
        "2026-11-18",
    )
    assert call["participants"][0]["name"] == "Sarah Mitchell"
    assert held.jobs == [call["job_id"]]


def test_a_retried_upload_returns_the_first_call(api: Api, held: HeldQueue) -> None:
    deal = api.create_deal()
    key = {"Idempotency-Key": "upload-7f3a"}
    first = api.ok(api.upload(deal["id"], headers=key), 202)
    again = api.ok(api.upload(deal["id"], headers=key), 200)
    assert again["replayed"] is True
    assert (again["call"]["id"], again["job"]["id"]) == (first["call"]["id"], first["job"]["id"])
    assert calls_in_db(api) == 1 and len(stored_files(api)) == 1
    assert held.jobs == [first["job"]["id"]]  # queued once


def test_the_same_key_on_another_deal_is_a_conflict(api: Api, held: HeldQueue) -> None:
    key = {"Idempotency-Key": "upload-shared"}
    api.ok(api.upload(api.create_deal()["id"], headers=key), 202)
    rep2 = api.as_("rep2")  # same org, a deal of their own: must not see the rep's call
    response = rep2.upload(rep2.create_deal()["id"], headers=key)
    assert response.status_code == 409, response.text
    assert "Idempotency-Key" in response.json()["detail"]
    assert "script.txt" not in response.text and calls_in_db(api) == 1


def test_concurrent_uploads_with_one_key_make_one_call(api: Api, held: HeldQueue) -> None:
    deal = api.create_deal()
    text = (SAMPLE / "script.txt").read_bytes()
    clients = 5
    sent = threading.Barrier(clients)

    def body() -> Iterator[bytes]:
        # Every request is in the server (past its replay check) before any body completes.
        yield text[:100]
        sent.wait(timeout=10)
        time.sleep(0.2)
        yield text[100:]

    def upload(base: str) -> httpx.Response:
        with httpx.Client(base_url=base, headers=api.user.headers, timeout=30) as client:
            return client.post(
                f"/api/deals/{deal['id']}/calls",
                params={"call_date": "2026-11-18", "filename": "script.txt"},
                content=body(),
                headers={"Idempotency-Key": "one-key", "Content-Type": "text/plain"},
            )

    with served(api.runtime) as base:
        responses: list[httpx.Response] = []
        threads = [
            threading.Thread(target=lambda: responses.append(upload(base))) for _ in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (clients - 1) + [202], [r.text for r in responses]
    assert len({r.json()["call"]["id"] for r in responses}) == 1
    assert calls_in_db(api) == 1
    assert len(stored_files(api)) == 1, "the losing uploads' files were left behind"
    assert len(held.jobs) == 1


def _truncated_ogg() -> bytes:
    return (SAMPLE / "call.ogg").read_bytes()[:30_000]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("noise.ogg", bytes(range(256)) * 64, "could not be read"),
        ("cut.ogg", _truncated_ogg(), "cut off"),
        ("notes.wav", b"Just some meeting notes, not a recording.\n" * 20, "text file"),
        ("empty.ogg", b"", "empty"),
    ],
)
def test_a_bad_recording_is_refused_and_kept(
    api: Api, held: HeldQueue, name: str, content: bytes, says: str
) -> None:
    deal = api.create_deal()
    response = api.post(
        f"/api/deals/{deal['id']}/calls",
        files={"file": (name, content)},
        data={"call_date": "2026-11-18"},
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert says in detail and name in detail, detail
    kept = detail.split("kept for inspection as ")[1].rstrip(")")
    assert kept.startswith("rejected/") and kept.endswith(name)
    storage = api.runtime.settings.resolved_storage_dir
    assert (storage / kept).read_bytes() == content
    assert stored_files(api) == [storage / kept]  # nothing else, nothing under calls/
    assert calls_in_db(api) == 0 and held.jobs == []
    events = api.ok(api.get(f"/api/deals/{deal['id']}/audit"))["items"]
    rejected = [e for e in events if e["action"] == "upload.rejected"]
    assert len(rejected) == 1 and rejected[0]["detail"]["kept_as"] == kept


def _assert_nothing_left(api: Api, response: httpx.Response) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "CALLPLAN_UPLOAD_MAX_BYTES" in response.json()["detail"]
    storage = api.runtime.settings.resolved_storage_dir
    assert not storage.exists() or list(storage.rglob("*")) == [], "a partial upload was left"
    assert calls_in_db(api) == 0


def test_an_upload_over_the_limit_is_refused_with_nothing_left(api: Api, held: HeldQueue) -> None:
    deal = api.create_deal()
    api.runtime.settings.upload_max_bytes = 1000
    text = (SAMPLE / "script.txt").read_bytes()
    assert len(text) > 1000
    url = f"/api/deals/{deal['id']}/calls"
    big = {"file": ("big.txt", b"x" * 100_000)}
    response = api.post(url, files=big, data={"call_date": "2026-11-18"})
    _assert_nothing_left(api, response)  # its Content-Length says so: refused unread
    _assert_nothing_left(api, api.upload(deal["id"]))  # within the framing slack: while streaming
    chunks = iter([text[:800], text[800:]])  # no Content-Length: refused while streaming
    _assert_nothing_left(api, raw_upload(api, deal["id"], chunks, filename="script.txt"))
    boundary, named = "cpboundary", '; filename="a.txt"'
    part = 'Content-Disposition: form-data; name="{}"{}\r\n'
    multipart = (
        (
            f"--{boundary}\r\n{part.format('call_date', '')}\r\n2026-11-18\r\n"
            f"--{boundary}\r\n{part.format('file', named)}\r\n"
        ).encode()
        + text
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = api.post(
        url,
        content=iter([multipart[:500], multipart[500:]]),  # chunked: no Content-Length
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    _assert_nothing_left(api, response)
    assert held.jobs == []


def test_a_streamed_upload_is_refused_at_the_limit_not_at_its_end(
    api: Api, held: HeldQueue
) -> None:
    """A multipart body without Content-Length is cut off once it passes the limit: the form
    parser would otherwise spool a body of any size to disk before the limit is checked."""
    deal = api.create_deal()
    api.runtime.settings.upload_max_bytes = 100_000
    chunk, endless = b"x" * 65_536, 64 * 1024 * 1024
    with served(api.runtime) as base, socket.create_connection(_address(base), timeout=10) as sock:
        sock.sendall(_chunked_multipart_head(deal["id"], api.user.token))
        sent, answered = 0, selectors.DefaultSelector()
        answered.register(sock, selectors.EVENT_READ)
        while sent < endless and not answered.select(timeout=0):
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:  # the server answered and closed: the answer is waiting
                break
            sent += len(chunk)
        answered.close()
        try:
            answer = sock.recv(65_536)
        except TimeoutError:
            answer = b"no answer: the server went on reading the endless body"
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert sent < endless // 4, f"the server read {sent:,} bytes before refusing"
    assert stored_files(api) == [] and calls_in_db(api) == 0


def _address(base: str) -> tuple[str, int]:
    host, port = base.removeprefix("http://").split(":")
    return host, int(port)


def _chunked_multipart_head(deal_id: int, token: str) -> bytes:
    part = (
        b'--b\r\nContent-Disposition: form-data; name="call_date"\r\n\r\n2026-11-18\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.wav"\r\n\r\n'
    )
    return (
        f"POST /api/deals/{deal_id}/calls HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\n\r\n"
    ).encode() + b"%x\r\n%s\r\n" % (len(part), part)


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({}, "call_date"),
        ({"call_date": "18/11/2026"}, "call_date"),
        ({"call_date": "2026-11-18", "participants": "[{'name': 'Sarah'"}, "participants"),
        ({"call_date": "2026-11-18", "participants": '[{"side": "buyer"}]'}, "name"),
        ({"call_date": "2026-11-18", "channels": "mono", "seller_channel": "1"}, "mono"),
        ({"call_date": "2026-11-18", "channels": "quad"}, "channels"),
        ({"call_date": "2026-11-18", "seller_channel": "2"}, "seller_channel"),
    ],
)
def test_bad_fields_are_422_and_store_nothing(
    api: Api, held: HeldQueue, fields: dict[str, str], says: str
) -> None:
    deal = api.create_deal()
    text = (SAMPLE / "script.txt").read_bytes()
    multipart = api.post(
        f"/api/deals/{deal['id']}/calls", files={"file": ("script.txt", text)}, data=fields
    )
    raw = api.post(
        f"/api/deals/{deal['id']}/calls",
        params={"filename": "script.txt", **fields},
        content=text,
        headers={"Content-Type": "text/plain"},
    )
    for response in (multipart, raw):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert says in response.json()["detail"], response.json()
    assert stored_files(api) == [] and calls_in_db(api) == 0 and held.jobs == []


def test_a_multipart_upload_needs_a_file_and_known_fields(api: Api) -> None:
    deal = api.create_deal()
    url = f"/api/deals/{deal['id']}/calls"
    response = api.post(
        url, files={"recording": ("script.txt", b"x")}, data={"call_date": "2026-11-18"}
    )
    assert response.status_code == 422 and "'file'" in response.json()["detail"]
    response = api.post(
        url, files={"file": ("script.txt", b"x")}, data={"call_date": "2026-11-18", "colour": "1"}
    )
    assert response.status_code == 422 and "colour" in response.json()["detail"]
    assert stored_files(api) == []


def test_the_evidence_links_to_the_recording_with_ranges(api: Api) -> None:
    _, suggestions = api.processed_deal()
    link = suggestions[0]["evidence"][0]["recording_url"]
    url, _, second = link.partition("#t=")
    assert float(second) >= 0
    whole = api.get(url)
    assert whole.status_code == 200
    assert whole.content == (SAMPLE / "script.txt").read_bytes()
    part = api.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole.content)}"
    assert part.content == whole.content[100:200]


def test_a_recording_is_served_in_ranges(api: Api, held: HeldQueue) -> None:
    deal = api.create_deal()
    call = api.ok(api.upload(deal["id"], SAMPLE / "call.ogg"), 202)["call"]
    part = api.get(call["recording_url"], headers={"Range": "bytes=0-3"})
    assert (part.status_code, part.content) == (206, b"OggS")
    assert part.headers["Accept-Ranges"] == "bytes"
