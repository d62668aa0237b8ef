"""Uploads in an S3-compatible object store: moto's S3 server on loopback stands in for AWS
(the same HTTP API boto3 speaks to AWS, MinIO or R2; no cloud runs here)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.app import build_runtime, create_app
from service.db.models import Call
from service.errors import PayloadTooLargeError
from service.settings import S3Settings, ServiceSettings
from tests.service.conftest import SAMPLE, Api, add_users, make_settings

boto3 = pytest.importorskip("boto3", reason="boto3 is not installed (pip install -e '.[s3]')")
moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")

from service.calls.s3 import S3Storage  # noqa: E402  (needs boto3)

BUCKET = "callplan-test"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Settings]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    settings = S3Settings(
        bucket=BUCKET,
        endpoint_url=f"http://{host}:{port}",
        region="us-east-1",
        part_bytes=5 * 1024 * 1024,
    )
    client = boto3.client("s3", endpoint_url=settings.endpoint_url, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    try:
        yield settings
    finally:
        server.stop()


async def _chunks(data: bytes, size: int = 1024 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_put_in_parts_read_back_and_move(s3: S3Settings) -> None:
    storage = S3Storage(s3)
    data = bytes(range(256)) * (12 * 1024 * 1024 // 256 + 7)  # 12 MiB and a bit: 3 parts
    stored = asyncio.run(storage.put("calls/a/b.bin", _chunks(data), max_bytes=len(data)))
    assert stored.size == len(data) and stored.head == data[:4096]
    with storage.local_path("calls/a/b.bin") as path:
        assert path.read_bytes() == data
    storage.move("calls/a/b.bin", "rejected/a/b.bin")
    assert storage.exists("rejected/a/b.bin") and not storage.exists("calls/a/b.bin")


def test_over_the_limit_leaves_no_object(s3: S3Settings) -> None:
    storage = S3Storage(s3)
    with pytest.raises(PayloadTooLargeError):
        asyncio.run(storage.put("calls/big.bin", _chunks(b"x" * 7_000_000), max_bytes=6_000_000))
    assert not storage.exists("calls/big.bin")
    uploads = storage.client.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])
    assert uploads == []  # aborted, not left to bill


def test_a_call_through_the_api(s3: S3Settings, tmp_path: Path) -> None:
    settings: ServiceSettings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}")
    settings = settings.model_copy(update={"s3": s3})
    users = add_users(settings)
    runtime = build_runtime(settings)
    assert isinstance(runtime.storage, S3Storage)
    with TestClient(create_app(runtime)) as client:
        api = Api(client, runtime, users)
        deal = api.create_deal()
        accepted = api.ok(api.upload(deal["id"]), 202)
        assert api.wait(accepted["job"]["id"])["state"] == "done"
        recording = api.get(accepted["call"]["recording_url"], follow_redirects=False)
        assert recording.status_code == 307
        assert recording.headers["location"].startswith(s3.endpoint_url or "")
        with runtime.sessions() as session:
            key = session.scalars(select(Call.storage_key)).one()
        storage = runtime.storage
        assert isinstance(storage, S3Storage)
        body = storage.client.get_object(Bucket=BUCKET, Key=storage.name(key))["Body"].read()
        assert body == (SAMPLE / "script.txt").read_bytes()
    runtime.engine.dispose()
