"""Sessions: a request that only reads never waits for SQLite's writer, and the token's last use
is still recorded from such a request."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from service.app import build_runtime, create_app
from service.db.models import ApiToken
from service.db.session import read_only
from tests.service.conftest import Api, add_users, make_settings


@pytest.fixture
def sqlite_api(tmp_path: Path) -> Iterator[Api]:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'callplan.db'}")
    users = add_users(settings)
    runtime = build_runtime(settings)
    with TestClient(create_app(runtime)) as client:
        yield Api(client, runtime, users)
    runtime.engine.dispose()


def test_a_read_is_answered_while_another_connection_holds_the_write_lock(
    sqlite_api: Api, tmp_path: Path
) -> None:
    deal = sqlite_api.create_deal(name="Before")
    sqlite_api.ok(sqlite_api.get("/api/me"))  # the token's use is recorded: reads now only read
    # The writer waits its turn behind the service's own brief writes (a job, a webhook claim).
    writer = sqlite3.connect(tmp_path / "callplan.db", timeout=10)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE deals SET name = 'After'")
        # A read that began with BEGIN IMMEDIATE would wait for this writer (then fail).
        seen = sqlite_api.ok(sqlite_api.get(f"/api/deals/{deal['id']}"))
        listed = sqlite_api.ok(sqlite_api.get("/api/deals"))
    finally:
        writer.rollback()
        writer.close()
    assert seen["name"] == "Before"  # the last committed state
    assert [d["name"] for d in listed["items"]] == ["Before"]


def test_a_read_records_the_tokens_use_once_a_minute(sqlite_api: Api) -> None:
    long_ago = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    sessions = sqlite_api.runtime.sessions
    with sessions() as session:
        session.execute(update(ApiToken).values(last_used_at=long_ago))
        session.commit()
    sqlite_api.ok(sqlite_api.get("/api/me"))
    with read_only(sessions) as session:
        used = session.scalars(select(ApiToken.last_used_at).order_by(ApiToken.id)).all()
    recent = [u for u in used if u is not None and u > long_ago]
    assert len(recent) == 1  # the rep's token, now; the other users' tokens were not used
    assert dt.datetime.now(dt.UTC) - recent[0] < dt.timedelta(minutes=1)
