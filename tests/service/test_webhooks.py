"""Webhooks against a real HTTP receiver on loopback: signatures checked as a receiver would,
a 500 answered once and the retry seen in the delivery log, redelivery through the API, and one
org's webhooks invisible to another."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pipeline.errors import InputError
from service import admin
from service.app import build_runtime, create_app
from service.settings import ServiceSettings, WebhookSettings
from service.webhooks.signing import HEADER, sign, verify
from service.webhooks.targets import check_url
from tests.service.conftest import Api, User, add_users, make_settings


@dataclass
class Hit:
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)  # type: ignore[no-any-return]


@dataclass
class Receiver:
    """A real HTTP server: answers with the queued statuses (then 200), records every request."""

    url: str = ""
    statuses: list[int] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    def events(self, kind: str) -> list[Hit]:
        return [h for h in self.hits if h.headers["Callplan-Event"] == kind]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.hits.append(Hit(dict(self.headers.items()), body))
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"ok" if status == 200 else b"try later")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/callplan"
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> ServiceSettings:
    """The `api` fixture's settings, with quick retries and receivers on loopback allowed."""
    settings = make_settings(tmp_path, database_url)
    settings.webhooks = WebhookSettings(
        allow_private_targets=True,
        retry_base_s=0.2,
        max_attempts=3,
        poll_s=0.2,
        timeout_s=5,
        _env_file=None,  # type: ignore[call-arg]
    )
    return settings


def until(check: Any, timeout_s: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.05)
    raise AssertionError(f"not true after {timeout_s} s: {check}")


def register(api: Api, url: str, events: list[str]) -> dict[str, Any]:
    manager = api.as_("manager")
    return manager.ok(manager.post("/api/webhooks", json={"url": url, "events": events}), 201)  # type: ignore[no-any-return]


def deliveries(api: Api, webhook_id: int) -> list[dict[str, Any]]:
    manager = api.as_("manager")
    return manager.ok(manager.get(f"/api/webhooks/{webhook_id}/deliveries"))["items"]  # type: ignore[no-any-return]


def test_signed_events_retried_after_a_500_and_redelivered(api: Api, receiver: Receiver) -> None:
    hook = register(api, receiver.url, ["call.processed", "job.failed", "plan.published"])
    secret = hook["secret"]
    assert secret.startswith("whsec_") and hook["prefix"] == secret[:12]
    listed = api.as_("manager").ok(api.as_("manager").get("/api/webhooks"))
    assert secret not in json.dumps(listed) and listed["items"][0]["id"] == hook["id"]

    receiver.statuses = [500]
    deal_id, suggestions = api.processed_deal()
    [delivery] = until(lambda: [d for d in deliveries(api, hook["id"]) if d["state"] != "pending"])
    assert delivery["state"] == "delivered" and delivery["attempts"] == 2
    assert [a["status_code"] for a in delivery["log"]] == [500, 200]
    assert delivery["log"][0]["error"] == "the receiver answered 500"

    first, second = receiver.events("call.processed")
    for hit in (first, second):
        assert verify(secret, hit.headers[HEADER], hit.body, now=time.time())
        assert not verify("whsec_wrong", hit.headers[HEADER], hit.body, now=time.time())
    assert first.body == second.body  # the same event, signed again
    event = first.event
    assert event["type"] == "call.processed" and event["id"] == delivery["event_id"]
    assert event["data"]["deal"]["id"] == deal_id
    assert event["data"]["suggestions"]["total"] == len(suggestions)
    assert event["data"]["review_url"].endswith(f"/deals/{deal_id}/review")

    manager = api.as_("manager")
    url = f"/api/webhooks/{hook['id']}/deliveries/{delivery['id']}"
    again = manager.ok(manager.post(f"{url}/redeliver"), 202)
    assert again["redelivery_of"] == delivery["id"] and again["event_id"] == event["id"]
    until(lambda: len(receiver.events("call.processed")) == 3)
    third = receiver.events("call.processed")[2]
    assert third.body == first.body and verify(
        secret, third.headers[HEADER], third.body, time.time()
    )
    detail = manager.ok(manager.get(url))
    assert detail["body"] == event

    accepted = next(s for s in suggestions if s["kind"] == "set_objective")
    api.ok(api.post(f"/api/suggestions/{accepted['id']}/accept"))
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish", json={"note": "v1"}), 201)
    [published] = until(lambda: receiver.events("plan.published"))
    body = published.event["data"]
    assert body["version"]["number"] == 1 and body["plan"]["objective"]["statement"]
    assert body["version"]["csv_url"].endswith(f"/api/deals/{deal_id}/plan/versions/1/export.csv")


def test_a_receiver_that_keeps_failing_is_given_up_on(api: Api, receiver: Receiver) -> None:
    hook = register(api, receiver.url, ["call.processed"])
    receiver.statuses = [503, 503, 503]
    api.processed_deal()
    [delivery] = until(lambda: [d for d in deliveries(api, hook["id"]) if d["state"] == "failed"])
    assert [a["status_code"] for a in delivery["log"]] == [503, 503, 503]
    assert delivery["finished_at"] and delivery["next_attempt_at"] is None
    first, second, third = (a["at"] for a in delivery["log"])
    assert first < second < third  # backoff: 0.2 s, then 0.4 s


def test_a_deleted_webhook_receives_nothing(api: Api, receiver: Receiver) -> None:
    hook = register(api, receiver.url, ["call.processed"])
    manager = api.as_("manager")
    gone = manager.ok(manager.delete(f"/api/webhooks/{hook['id']}"))
    assert gone["deleted_at"] is not None
    assert manager.ok(manager.get("/api/webhooks"))["total"] == 0
    api.processed_deal()
    assert receiver.hits == [] and deliveries(api, hook["id"]) == []


def test_webhooks_belong_to_the_org_and_its_managers(
    api: Api, receiver: Receiver, settings: ServiceSettings
) -> None:
    hook = register(api, receiver.url, ["call.processed"])
    api.processed_deal()
    [delivery] = until(lambda: deliveries(api, hook["id"]))
    own = f"/api/webhooks/{hook['id']}"
    paths = [own, f"{own}/deliveries", f"{own}/deliveries/{delivery['id']}"]

    # A rep of the same org: webhooks carry every rep's deals, so only managers see them.
    for who in ("rep", "rep2"):
        rep = api.as_(who)
        assert (
            rep.post(
                "/api/webhooks", json={"url": receiver.url, "events": ["job.failed"]}
            ).status_code
            == 403
        )
        for path in [*paths, "/api/webhooks"]:
            assert rep.get(path).status_code == 403, path
    # Another org's manager: Northwind's webhook does not exist for them.
    printed = admin.add(settings, "Contoso", "boss@contoso.example", "Boss", "manager")
    api.users["contoso_manager"] = User(
        token=printed.splitlines()[-1], email="boss@contoso.example"
    )
    boss = api.as_("contoso_manager")
    for path in paths:
        assert boss.get(path).status_code == 404, path
    assert boss.delete(own).status_code == 404
    assert boss.post(f"{paths[2]}/redeliver").status_code == 404
    assert boss.ok(boss.get("/api/webhooks"))["total"] == 0
    assert api.as_("manager").ok(api.as_("manager").get(own))["deleted_at"] is None
    assert len(deliveries(api, hook["id"])) == 1  # no redelivery was queued


def test_signatures_are_replay_safe() -> None:
    body = b'{"id":"evt_1"}'
    header = sign("whsec_k", 1_800_000_000, body)
    assert header.startswith("t=1800000000,v1=")
    assert verify("whsec_k", header, body, now=1_800_000_100)
    assert not verify("whsec_k", header, body, now=1_800_000_000 + 301)  # too old: replayed
    assert not verify("whsec_k", header, body + b" ", now=1_800_000_000)  # body changed
    assert not verify(
        "whsec_k", header.replace("t=1800000000", "t=1800000100"), body, 1_800_000_100
    )
    assert not verify("whsec_k", "v1=abc", body, now=1_800_000_000)


def test_private_receivers_are_refused_unless_allowed(tmp_path: Path) -> None:
    for url in (
        "http://127.0.0.1:8080/x",
        "http://10.0.0.5/x",
        "http://[::1]/x",
        "http://169.254.169.254/latest",
    ):
        with pytest.raises(InputError, match="private address"):
            check_url(url, allow_private=False)
    for url in ("ftp://example.com/x", "not a url", "http:///x"):
        with pytest.raises(InputError, match="http:// or https://"):
            check_url(url, allow_private=True)
    check_url("http://127.0.0.1:8080/x", allow_private=True)

    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'callplan.db'}")
    users = add_users(settings)
    runtime = build_runtime(settings)
    with TestClient(create_app(runtime)) as client:
        manager = Api(client, runtime, users).as_("manager")
        refused = manager.post(
            "/api/webhooks", json={"url": "http://127.0.0.1:9/x", "events": ["job.failed"]}
        )
        assert refused.status_code == 422 and "private address" in refused.json()["detail"]
        empty = manager.post(
            "/api/webhooks", json={"url": "https://crm.example.com/", "events": []}
        )
        assert empty.status_code == 422
    runtime.engine.dispose()
