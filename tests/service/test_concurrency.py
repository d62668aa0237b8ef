"""Optimistic concurrency on the review API, with real concurrent requests.

The app is served by uvicorn on a loopback port and several client threads send at once (on
SQLite and on PostgreSQL): two reps editing one suggestion from the same version get one 200 and
one 409, and the first edit stays; accepts of different suggestions all reach the working plan
(no lost update); concurrent publishes number their versions 1, 2, 3... with no gap and no 500.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx

from tests.service.conftest import Api
from tests.service.served import served


def at_once(
    base: str, api: Api, requests: list[Callable[[httpx.Client], httpx.Response]]
) -> list[httpx.Response]:
    """Send the requests from one thread each, released together; answers in request order."""
    answers: list[httpx.Response | None] = [None] * len(requests)
    start = threading.Barrier(len(requests))

    def send(index: int) -> None:
        with httpx.Client(base_url=base, headers=api.user.headers, timeout=60) as client:
            start.wait(timeout=10)
            answers[index] = requests[index](client)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert all(a is not None for a in answers), "a request did not come back"
    return [a for a in answers if a is not None]


def milestones(suggestions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for s in suggestions if s["kind"] == "add_milestone" and s["proposed"]["owner"]]


def test_two_edits_from_one_version_one_wins_and_stays(api: Api) -> None:
    _, suggestions = api.processed_deal()
    target = milestones(suggestions)[0]
    owners = [f"Owner {i}" for i in range(4)]

    def edit(owner: str) -> Callable[[httpx.Client], httpx.Response]:
        return lambda c: c.patch(
            f"/api/suggestions/{target['id']}",
            json={"proposed": {"owner": owner}},
            headers={"If-Match": '"1"'},
        )

    with served(api.runtime) as base:
        answers = at_once(base, api, [edit(owner) for owner in owners])
    statuses = [a.status_code for a in answers]
    assert sorted(statuses) == [200, 409, 409, 409], [a.text for a in answers]
    winner = owners[statuses.index(200)]
    for lost in (a for a in answers if a.status_code == 409):
        assert lost.headers["content-type"] == "application/problem+json"
        assert "reload" in lost.json()["detail"]
    now = api.ok(api.get(f"/api/suggestions/{target['id']}"))
    assert (now["version"], now["proposed"]["owner"], now["status"]) == (2, winner, "pending")
    events = api.ok(api.get(f"/api/deals/{target['deal_id']}/audit"))["items"]
    assert [e["detail"]["changes"] for e in events if e["action"] == "suggestion.edited"] == [
        {"owner": winner}
    ]


def test_stale_and_missing_versions_and_decided_suggestions(api: Api) -> None:
    _, suggestions = api.processed_deal()
    first, second, third = milestones(suggestions)[:3]
    url = f"/api/suggestions/{first['id']}"
    edited = api.patch(url, json={"proposed": {"owner": "Tom Baker"}}, headers={"If-Match": '"1"'})
    assert edited.headers["ETag"] == '"2"'
    stale = api.post(f"{url}/accept", headers={"If-Match": '"1"'})
    assert stale.status_code == 409 and "reload" in stale.json()["detail"]
    assert api.ok(api.get(url))["status"] == "pending"

    missing = api.patch(url, json={"proposed": {"owner": "Karen Patel"}})
    assert missing.status_code == 428, missing.text
    assert "If-Match" in missing.json()["detail"]
    malformed = api.patch(url, json={"proposed": {"owner": "Karen"}}, headers={"If-Match": "v2"})
    assert malformed.status_code == 428

    api.ok(api.post(f"{url}/accept", headers={"If-Match": '"2"'}))
    api.ok(api.post(f"/api/suggestions/{second['id']}/reject", json={"reason": "No"}))
    for decided in (first, second):
        for action, body in (("accept", None), ("reject", {"reason": "again"})):
            again = api.post(f"/api/suggestions/{decided['id']}/{action}", json=body)
            assert again.status_code == 409, again.text
            assert "already" in again.json()["detail"]
        edit = api.patch(
            f"/api/suggestions/{decided['id']}",
            json={"proposed": {"owner": "X"}},
            headers={"If-Match": '"2"'},
        )
        assert edit.status_code == 409
    assert api.ok(api.get(f"/api/suggestions/{third['id']}"))["version"] == 1


def test_concurrent_accepts_all_reach_the_working_plan(api: Api) -> None:
    deal_id, suggestions = api.processed_deal()
    chosen = milestones(suggestions)[:6]
    revision = api.ok(api.get(f"/api/deals/{deal_id}/plan"))["revision"]

    def accept(s: dict[str, Any]) -> Callable[[httpx.Client], httpx.Response]:
        return lambda c: c.post(f"/api/suggestions/{s['id']}/accept", headers={"If-Match": '"1"'})

    with served(api.runtime) as base:
        answers = at_once(base, api, [accept(s) for s in chosen])
    assert [a.status_code for a in answers] == [200] * len(chosen), [a.text for a in answers]
    draft = api.ok(api.get(f"/api/deals/{deal_id}/plan"))
    titles = {m["title"] for m in draft["plan"]["milestones"]}
    assert {s["proposed"]["title"] for s in chosen} <= titles, "an accepted step was lost"
    assert draft["revision"] == revision + len(chosen)


def test_concurrent_publishes_number_versions_without_gaps(api: Api) -> None:
    deal_id, suggestions = api.processed_deal()
    chosen = milestones(suggestions)[:5]
    api.ok(api.post(f"/api/suggestions/{chosen[0]['id']}/accept"))

    def accept_and_publish(s: dict[str, Any]) -> Callable[[httpx.Client], httpx.Response]:
        def send(client: httpx.Client) -> httpx.Response:
            client.post(f"/api/suggestions/{s['id']}/accept").raise_for_status()
            return client.post(f"/api/deals/{deal_id}/plan/publish", json={"note": s["summary"]})

        return send

    with served(api.runtime) as base:
        answers = at_once(base, api, [accept_and_publish(s) for s in chosen[1:]])
        # Then publishes of an unchanged plan race: all refused, none numbered.
        answers += at_once(base, api, [lambda c: c.post(f"/api/deals/{deal_id}/plan/publish")] * 4)
    statuses = [a.status_code for a in answers]
    assert set(statuses) <= {201, 409}, [a.text for a in answers]
    numbers = sorted(a.json()["number"] for a in answers if a.status_code == 201)
    assert numbers == list(range(1, len(numbers) + 1)) and numbers, statuses
    for refused in (a for a in answers if a.status_code == 409):
        assert "nothing changed" in refused.json()["detail"]
    versions = api.ok(api.get(f"/api/deals/{deal_id}/plan/versions"))
    assert versions["total"] == len(numbers)
    last = api.ok(api.get(f"/api/deals/{deal_id}/plan/versions/{numbers[-1]}"))["plan"]
    assert {s["proposed"]["title"] for s in chosen} <= {m["title"] for m in last["milestones"]}
