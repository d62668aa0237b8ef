"""Who may see and change what, on every route the app serves.

Northwind's rep builds one of everything (deal, call, job, suggestion, plan version, share link,
API token). Then the whole route table is walked: an outsider (Contoso) calling any route with
Northwind's ids gets 404, exactly as for ids that do not exist; a second Northwind rep gets 404
too; Northwind's manager reads (200) but cannot change (403). A route added to the app without
an entry in the table below fails `test_every_route_is_covered`, so no route goes unchecked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI, routing

from service.web.setup import ROUTERS as PAGE_ROUTERS
from tests.service.conftest import Api

Kwargs = Callable[["Northwind"], dict[str, Any]]


@dataclass(frozen=True)
class Northwind:
    """One of everything, made by Northwind's rep; `pending` is a suggestion not decided yet."""

    deal_id: int
    call_id: int
    job_id: int
    pending: int
    share_id: int
    share_token: str
    token_id: int

    def url(self, path: str) -> str:
        return path.format(
            deal_id=self.deal_id,
            call_id=self.call_id,
            job_id=self.job_id,
            suggestion_id=self.pending,
            milestone_id="m1",
            number=1,
            fmt="csv",
            webhook_id=1,  # webhook routes: the caller's role is checked before any id
            delivery_id=1,
            notification_id=1,
            share_id=self.share_id,
            token_id=self.token_id,
            token=self.share_token,
        )


@dataclass(frozen=True)
class Route:
    """How to call a route with Northwind's objects (a valid request, so only access decides
    the answer) and what Northwind's manager gets: 200 to read, 403 to change."""

    kwargs: Kwargs = lambda _: {}
    manager: int = 200


def _json(body: Any, **headers: str) -> Kwargs:
    return lambda _: {"json": body, "headers": headers}


def _upload(_: Northwind) -> dict[str, Any]:
    return {
        "files": {"file": ("notes.txt", b"Dana Reyes: We sign by Friday.\n")},
        "data": {"call_date": "2026-11-18"},
        "headers": {"Idempotency-Key": "access-walk"},
    }


# Routes that take an id of something that belongs to a deal (or to a user).
FOREIGN: dict[tuple[str, str], Route] = {
    ("GET", "/api/deals/{deal_id}"): Route(),
    ("PATCH", "/api/deals/{deal_id}"): Route(_json({"name": "Taken over"}), 403),
    ("POST", "/api/deals/{deal_id}/calls"): Route(_upload, 403),
    ("GET", "/api/deals/{deal_id}/calls"): Route(),
    ("GET", "/api/calls/{call_id}"): Route(),
    ("GET", "/api/calls/{call_id}/transcript"): Route(),
    ("GET", "/api/calls/{call_id}/recording"): Route(),
    ("GET", "/api/jobs/{job_id}"): Route(),
    ("POST", "/api/jobs/{job_id}/retry"): Route(manager=403),
    ("GET", "/api/deals/{deal_id}/suggestions"): Route(),
    ("GET", "/api/suggestions/{suggestion_id}"): Route(),
    ("PATCH", "/api/suggestions/{suggestion_id}"): Route(
        _json({"proposed": {"owner": "Eve"}}, **{"If-Match": '"1"'}), 403
    ),
    ("POST", "/api/suggestions/{suggestion_id}/accept"): Route(
        lambda _: {"headers": {"If-Match": '"1"'}}, 403
    ),
    ("POST", "/api/suggestions/{suggestion_id}/reject"): Route(_json({"reason": "mine"}), 403),
    ("POST", "/api/suggestions/{suggestion_id}/undo"): Route(lambda _: {}, 403),
    ("POST", "/api/deals/{deal_id}/suggestions/bulk"): Route(
        lambda w: {"json": {"action": "reject", "ids": [w.pending]}}, 403
    ),
    ("GET", "/api/deals/{deal_id}/plan"): Route(),
    ("POST", "/api/deals/{deal_id}/plan/publish"): Route(_json({"note": "hijack"}), 403),
    ("POST", "/api/deals/{deal_id}/plan/milestones"): Route(_json({"title": "Mine now"}), 403),
    ("PATCH", "/api/deals/{deal_id}/plan/milestones/{milestone_id}"): Route(
        _json({"owner": "Eve"}, **{"If-Match": '"1"'}), 403
    ),
    ("DELETE", "/api/deals/{deal_id}/plan/milestones/{milestone_id}"): Route(
        lambda _: {"headers": {"If-Match": '"1"'}}, 403
    ),
    ("GET", "/api/deals/{deal_id}/plan/versions"): Route(),
    ("GET", "/api/deals/{deal_id}/plan/versions/{number}"): Route(),
    ("GET", "/api/deals/{deal_id}/plan/diff"): Route(),
    ("POST", "/api/deals/{deal_id}/shares"): Route(_json({"label": "leak"}), 403),
    ("GET", "/api/deals/{deal_id}/shares"): Route(),
    ("DELETE", "/api/deals/{deal_id}/shares/{share_id}"): Route(manager=403),
    ("GET", "/api/deals/{deal_id}/audit"): Route(),
    ("GET", "/api/deals/{deal_id}/plan/export.{fmt}"): Route(),
    ("GET", "/api/deals/{deal_id}/plan/versions/{number}/export.{fmt}"): Route(),
    # Tokens are a user's own: nobody else, not even their manager, sees one.
    ("DELETE", "/api/tokens/{token_id}"): Route(manager=404),
}
# Routes with no id of anyone else's: every caller gets their own things.
OWN: dict[tuple[str, str], Route] = {
    ("GET", "/api/me"): Route(),
    ("GET", "/api/tokens"): Route(),
    ("POST", "/api/tokens"): Route(_json({"label": "laptop"})),
    ("GET", "/api/deals"): Route(),
    ("POST", "/api/deals"): Route(_json({"name": "Fabrikam renewal", "buyer_company": "Fabrikam"})),
    ("GET", "/healthz"): Route(),
}
# The buyer's view: the share token itself is the credential (tested in `test_share_*`).
PUBLIC = {
    ("GET", "/api/share/{token}"),
    ("GET", "/share/{token}"),
    ("GET", "/api/share/{token}/export.{fmt}"),
}
# The org's webhooks: managers only (their events carry every rep's deals), so every rep gets
# 403 whatever the id; another org's manager gets 404 (tests/service/test_webhooks.py).
MANAGED = {
    ("POST", "/api/webhooks"),
    ("GET", "/api/webhooks"),
    ("GET", "/api/webhooks/{webhook_id}"),
    ("DELETE", "/api/webhooks/{webhook_id}"),
    ("GET", "/api/webhooks/{webhook_id}/deliveries"),
    ("GET", "/api/webhooks/{webhook_id}/deliveries/{delivery_id}"),
    ("POST", "/api/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"),
    # The org's notifications (tests/service/test_notifications.py): the same rule.
    ("GET", "/api/notifications"),
    ("POST", "/api/notifications/{notification_id}/resend"),
}


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app's API routes answer, included routers resolved."""
    contexts = getattr(routing, "iter_route_contexts", None)  # FastAPI >= 0.16x
    found = set()
    for context in contexts(app.routes) if contexts else app.routes:
        route = getattr(context, "original_route", context)
        if isinstance(route, routing.APIRoute):
            path: str = getattr(context, "path", route.path)  # with its routers' prefixes
            found |= {(method, path) for method in route.methods or ()}
    return found


@pytest.fixture
def northwind(api: Api) -> Northwind:
    deal_id, suggestions = api.processed_deal()
    accepted = next(s for s in suggestions if s["kind"] == "set_objective")
    api.ok(api.post(f"/api/suggestions/{accepted['id']}/accept"))
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish", json={"note": "v1"}), 201)
    share = api.ok(api.post(f"/api/deals/{deal_id}/shares", json={"label": "Sarah"}), 201)
    call = api.ok(api.get(f"/api/deals/{deal_id}/calls"))["items"][0]
    return Northwind(
        deal_id=deal_id,
        call_id=call["id"],
        job_id=call["job_id"],
        pending=next(s["id"] for s in suggestions if s["kind"] == "add_milestone"),
        share_id=share["id"],
        share_token=share["token"],
        token_id=api.ok(api.get("/api/tokens"))[0]["id"],
    )


def walk(api: Api, world: Northwind, routes: dict[tuple[str, str], Route]) -> Iterator[Any]:
    for (method, path), route in sorted(routes.items()):
        yield (method, path), route, api.request(method, world.url(path), **route.kwargs(world))


def assert_problem(response: Any, status: int) -> None:
    assert response.headers["content-type"] == "application/problem+json", response.text
    body = response.json()
    assert body["status"] == status and body["detail"] and body["code"], body
    assert body["type"].startswith("https://") and body["title"], body


def test_every_route_is_covered(api: Api) -> None:
    # The review pages (signed in with a cookie, not a token) are walked with a browser session
    # in test_web_access.py, which checks it covers every route of service.web's routers; every
    # other route of the app is walked here.
    pages = {
        (method, route.path)
        for router in PAGE_ROUTERS
        for route in router.routes
        if isinstance(route, routing.APIRoute)
        for method in route.methods or ()
    }
    routes = app_routes(api.client.app) - pages  # type: ignore[arg-type]
    covered = FOREIGN.keys() | OWN.keys() | PUBLIC | MANAGED
    assert routes - covered == set(), "new routes: add them to FOREIGN, OWN or PUBLIC"
    assert covered - routes == set(), "routes in the table the app no longer serves"


@pytest.mark.parametrize("who", ["outsider", "rep2"])
def test_others_get_404_on_every_route(api: Api, northwind: Northwind, who: str) -> None:
    wrong = [
        f"{method} {path}: {response.status_code} {response.text[:200]}"
        for (method, path), _, response in walk(api.as_(who), northwind, FOREIGN)
        if response.status_code != 404
        or response.headers["content-type"] != "application/problem+json"
    ]
    assert wrong == [], f"{who} reached Northwind's rep's things:\n" + "\n".join(wrong)
    _assert_untouched(api, northwind)


def test_outsider_gets_only_their_own_things(api: Api, northwind: Northwind) -> None:
    outsider = api.as_("outsider")
    for (method, path), _, response in walk(outsider, northwind, OWN):
        assert response.status_code < 300, f"{method} {path}: {response.text}"
        assert "Greenfield" not in response.text and "dana@" not in response.text, path
    assert outsider.ok(outsider.get("/api/deals"))["total"] == 1  # the one it just made
    assert api.ok(api.get("/api/deals"))["total"] == 1  # and Northwind's rep does not see it


def test_manager_reads_every_deal_route_but_changes_nothing(api: Api, northwind: Northwind) -> None:
    wrong = [
        f"{method} {path}: {response.status_code}, expected {route.manager}: {response.text[:200]}"
        for (method, path), route, response in walk(api.as_("manager"), northwind, FOREIGN)
        if response.status_code != route.manager
    ]
    assert wrong == [], "\n".join(wrong)
    _assert_untouched(api, northwind)


@pytest.mark.parametrize("who", ["rep", "rep2", "outsider"])
def test_reps_get_403_on_every_webhook_route(api: Api, northwind: Northwind, who: str) -> None:
    hook = {"url": "https://crm.example.com/hooks", "events": ["job.failed"]}
    wrong = [
        f"{method} {path}: {response.status_code} {response.text[:200]}"
        for method, path in sorted(MANAGED)
        if (response := api.as_(who).request(method, northwind.url(path), json=hook)).status_code
        != 403
    ]
    assert wrong == [], "\n".join(wrong)


def _assert_untouched(api: Api, world: Northwind) -> None:
    """Nothing the walk sent changed Northwind's things."""
    suggestion = api.ok(api.get(f"/api/suggestions/{world.pending}"))
    assert (suggestion["status"], suggestion["version"]) == ("pending", 1)
    assert api.ok(api.get(f"/api/deals/{world.deal_id}"))["name"].startswith("Greenfield")
    assert api.ok(api.get(f"/api/deals/{world.deal_id}/calls"))["total"] == 1
    assert api.ok(api.get(f"/api/deals/{world.deal_id}/plan/versions"))["total"] == 1
    assert api.client.get(f"/api/share/{world.share_token}").status_code == 200
    assert api.ok(api.get(f"/api/jobs/{world.job_id}"))["state"] == "done"
    shares = api.ok(api.get(f"/api/deals/{world.deal_id}/shares"))
    assert shares["total"] == 1 and shares["items"][0]["revoked_at"] is None
    storage = api.runtime.settings.resolved_storage_dir
    assert len([p for p in storage.rglob("*") if p.is_file()]) == 1  # the one upload


def test_no_token_gets_401_everywhere_but_the_share_link(api: Api, northwind: Northwind) -> None:
    routes = [r for r in sorted(FOREIGN.keys() | OWN.keys() | MANAGED) if r[1].startswith("/api/")]
    for credentials in ({}, {"Authorization": "Bearer cp_not-a-token"}, {"Authorization": "x"}):
        for method, path in routes:  # no body either: who you are is checked first
            response = api.client.request(method, northwind.url(path), headers=credentials)
            assert response.status_code == 401, f"{method} {path}: {response.text}"
            assert_problem(response, 401)
            assert response.headers["WWW-Authenticate"] == "Bearer"
    assert api.client.get(f"/api/share/{northwind.share_token}").status_code == 200


def test_a_revoked_token_stops_working_at_once(api: Api, northwind: Northwind) -> None:
    created = api.ok(api.post("/api/tokens", json={"label": "ci"}), 201)
    laptop = {"Authorization": f"Bearer {created['token']}"}
    assert created["token"] not in api.ok(api.get("/api/tokens"))[-1].values()  # hash only
    assert api.client.get("/api/me", headers=laptop).status_code == 200
    api.ok(api.delete(f"/api/tokens/{created['id']}", headers=laptop))
    for path in ("/api/me", f"/api/deals/{northwind.deal_id}", "/api/tokens"):
        response = api.client.get(path, headers=laptop)
        assert response.status_code == 401, path
        assert_problem(response, 401)
    assert api.get("/api/me").status_code == 200  # the rep's other token still works


def buyer_json(api: Api, token: str) -> Any:
    response = api.client.get(f"/api/share/{token}")  # no API token: the buyer has none
    assert response.status_code == 200, response.text
    return response.json()


def test_share_link_shows_only_the_latest_published_version(api: Api) -> None:
    deal_id, suggestions = api.processed_deal()
    share = api.ok(api.post(f"/api/deals/{deal_id}/shares", json={"label": "Sarah"}), 201)
    token = share["token"]
    for path in (f"/api/share/{token}", f"/share/{token}"):
        assert_problem(api.client.get(path), 404)  # nothing published yet

    first, second = [s for s in suggestions if s["kind"] == "add_milestone"][:2]
    api.ok(api.post(f"/api/suggestions/{first['id']}/accept"))
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish"), 201)
    api.ok(api.post(f"/api/suggestions/{second['id']}/accept"))  # in the draft only

    shown = buyer_json(api, token)
    titles = {m["title"] for m in shown["milestones"]}
    assert shown["version"] == 1 and shown["suggestions"] == []
    assert first["proposed"]["title"] in titles
    assert second["proposed"]["title"] not in titles
    page = api.client.get(f"/share/{token}").text
    assert first["proposed"]["title"] in page and second["proposed"]["title"] not in page

    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish"), 201)
    shown = buyer_json(api, token)
    assert shown["version"] == 2
    assert second["proposed"]["title"] in {m["title"] for m in shown["milestones"]}

    api.ok(api.delete(f"/api/deals/{deal_id}/shares/{share['id']}"))
    for path in (f"/api/share/{token}", f"/share/{token}"):
        assert_problem(api.client.get(path), 404)
    assert_problem(api.client.get("/api/share/share_guessed-token"), 404)
