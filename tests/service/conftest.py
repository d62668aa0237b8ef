"""The review service under test: a real database (a fresh SQLite file, and a fresh schema in
the machine's PostgreSQL), the real app through Starlette's test client, the embedded worker
running the real pipeline (rules extractor; the bundled tiny.en model for recordings).

`api` is parametrised over both databases. Tests that need PostgreSQL skip with the reason when
it is not reachable, unless CALLPLAN_REQUIRE_SERVICES=1 (CI sets it), where they fail.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from service import admin
from service.app import build_runtime, create_app
from service.runtime import Runtime
from service.settings import JobSettings, ServiceSettings
from tests.service.pages import Browser

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "discovery-call"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def require_or_skip(reason: str) -> None:
    if os.environ.get("CALLPLAN_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (CALLPLAN_REQUIRE_SERVICES=1: CI must provide it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Any]:
    sqlalchemy = pytest.importorskip("sqlalchemy")
    engine = sqlalchemy.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("select 1")
    except sqlalchemy.exc.OperationalError as error:
        require_or_skip(f"PostgreSQL is not reachable at 127.0.0.1:5432 ({error.orig})")
    yield engine
    engine.dispose()


def postgres_url(postgres_admin: Any) -> Iterator[str]:
    """A fresh schema of the `test` database, dropped afterwards."""
    schema = f"cp_{uuid.uuid4().hex[:12]}"
    with postgres_admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_ADMIN}?options=-csearch_path%3D{schema}"
    finally:
        with postgres_admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'callplan.db'}"
    else:
        yield from postgres_url(request.getfixturevalue("postgres_admin"))


def make_settings(tmp_path: Path, database_url: str, **jobs: Any) -> ServiceSettings:
    return ServiceSettings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        extractor="rules",
        upload_max_bytes=50 * 1024 * 1024,
        jobs=JobSettings(**jobs),
        _env_file=None,  # type: ignore[call-arg]
    )


@dataclass
class User:
    token: str
    email: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Api:
    """The test client with a current user, and the steps most tests take."""

    def __init__(self, client: TestClient, runtime: Runtime, users: dict[str, User]) -> None:
        self.client = client
        self.runtime = runtime
        self.users = users
        self.user = users["rep"]

    def as_(self, name: str) -> Api:
        other = Api(self.client, self.runtime, self.users)
        other.user = self.users[name]
        return other

    def request(self, method: str, url: str, **kwargs: Any) -> Response:
        headers = {**self.user.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kwargs)

    def get(self, url: str, **kwargs: Any) -> Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Response:
        return self.request("POST", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Response:
        return self.request("DELETE", url, **kwargs)

    def ok(self, response: Response, status: int = 200) -> Any:
        assert response.status_code == status, response.text
        return response.json()

    def create_deal(self, **fields: Any) -> dict[str, Any]:
        body = {
            "name": "Greenfield Foods: close automation",
            "buyer_company": "Greenfield Foods",
            "seller_company": "Northwind Software",
            "timezone": "America/New_York",
            "participants": json.loads((SAMPLE / "participants.json").read_text()),
            **fields,
        }
        return self.ok(self.post("/api/deals", json=body), 201)  # type: ignore[no-any-return]

    def upload(
        self,
        deal_id: int,
        path: Path = SAMPLE / "script.txt",
        call_date: str = "2026-11-18",
        **kwargs: Any,
    ) -> Response:
        with path.open("rb") as file:
            return self.post(
                f"/api/deals/{deal_id}/calls",
                files={"file": (path.name, file)},
                data={"call_date": call_date, **kwargs.pop("data", {})},
                **kwargs,
            )

    def wait(self, job_id: int, timeout_s: float = 120.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            job = self.ok(self.get(f"/api/jobs/{job_id}"))
            if job["state"] in ("done", "failed"):
                return job  # type: ignore[no-any-return]
            time.sleep(0.05)
        raise AssertionError(f"job {job_id} did not finish in {timeout_s} s: {job}")

    def processed_deal(self) -> tuple[int, list[dict[str, Any]]]:
        """A deal with the sample call's transcript processed: its id and pending suggestions."""
        deal = self.create_deal()
        accepted = self.ok(self.upload(deal["id"]), 202)
        assert self.wait(accepted["job"]["id"])["state"] == "done"
        page = self.ok(self.get(f"/api/deals/{deal['id']}/suggestions?limit=200"))
        return deal["id"], page["items"]


def add_users(settings: ServiceSettings) -> dict[str, User]:
    people = {
        "rep": ("Northwind", "dana@northwind.example", "rep"),
        "rep2": ("Northwind", "lee@northwind.example", "rep"),
        "manager": ("Northwind", "morgan@northwind.example", "manager"),
        "outsider": ("Contoso", "eve@contoso.example", "rep"),
    }
    users = {}
    for key, (org, email, role) in people.items():
        printed = admin.add(settings, org, email, key.title(), role)
        users[key] = User(token=printed.splitlines()[-1], email=email)
    return users


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> ServiceSettings:
    return make_settings(tmp_path, database_url)


@pytest.fixture
def api(settings: ServiceSettings) -> Iterator[Api]:
    users = add_users(settings)
    runtime = build_runtime(settings)
    with TestClient(create_app(runtime)) as client:
        yield Api(client, runtime, users)
    runtime.engine.dispose()


@pytest.fixture
def browser(api: Api) -> Iterator[Callable[[str], Browser]]:
    opened: list[Browser] = []

    def open_as(who: str) -> Browser:
        opened.append(Browser(api).sign_in(who))
        return opened[-1]

    yield open_as
    for b in opened:
        b.client.close()
