"""Engines and sessions, built from settings at start-up (never at import time).

SQLite runs in WAL mode with a busy timeout. A transaction that writes starts with BEGIN
IMMEDIATE: SQLite allows one writer, and a transaction that reads first and writes later would
otherwise fail with "database is locked" when another writer got in between. A transaction that
only reads (`read_only`: an API request that changes nothing) starts with a plain BEGIN: in WAL
mode readers never wait for the writer, nor for each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

# Database connections a process opens at most (PostgreSQL's default limit is 100 in all).
# API requests hold at most REQUEST_SESSIONS of them (see service/deps.py); the rest are for
# jobs, uploads and background threads, so those never wait for a request's connection.
POOL_SIZE = 20
REQUEST_SESSIONS = 10
_READ_ONLY = "callplan_read_only"


def make_engine(url: str, **options: Any) -> Engine:
    parsed = make_url(url)
    # orjson reads the JSON columns (plans, suggestions) in less than half the time of json.
    options = {"json_deserializer": orjson.loads, **options}
    # The requests' connections are kept open; the others are opened when needed.
    pool = {"pool_size": REQUEST_SESSIONS, "max_overflow": POOL_SIZE - REQUEST_SESSIONS}
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **pool, **options)
    if not parsed.database or parsed.database == ":memory:":
        pool = {}  # one connection, shared (an in-memory database lives in it)
    else:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False}, **pool, **options)

    @event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _: Any) -> None:
        connection.isolation_level = None  # SQLAlchemy, not pysqlite, begins transactions
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(
        engine,
        expire_on_commit=False,
        info={"reader": engine.execution_options(**{_READ_ONLY: True})},
    )


def read_only(sessions: sessionmaker[Session]) -> Session:
    """A session for work that only reads (SQLite: it waits for no writer). A write in it
    can fail with "database is locked" if another writer got in first: write in `sessions()`."""
    reader = sessions.kw.get("info", {}).get("reader")
    return sessions(bind=reader) if reader is not None else sessions()


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits on success and rolls back on any error."""
    with sessions() as session, session.begin():
        yield session
