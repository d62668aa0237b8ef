"""Who may see and change what through the review pages, on every page route.

Northwind's rep builds one of everything. A rep of another org (Contoso), and a second rep of
Northwind, get 404 on every page that takes one of its ids, as for ids that do not exist; the
manager reads every page (200) and changes nothing (403). A page route added without an entry
here fails `test_every_page_route_is_covered`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import routing

from service.web.setup import ROUTERS
from tests.service.conftest import Api
from tests.service.pages import Browser
from tests.service.test_access import Northwind, _assert_untouched
from tests.service.test_access import northwind as northwind  # the API walk's world: a fixture

Form = Callable[[Northwind], dict[str, Any]]


def _form(**fields: str) -> Form:
    return lambda _: {"data": fields}


def _upload(_: Northwind) -> dict[str, Any]:
    return {
        "files": {"file": ("notes.txt", b"Dana Reyes: We sign by Friday.\n")},
        "data": {"call_date": "2026-11-18"},
    }


# (method, path) -> the request's body; GETs read, POSTs change.
DEAL_PAGES: dict[tuple[str, str], Form] = {
    ("GET", "/deals/{deal_id}"): _form(),
    ("GET", "/deals/{deal_id}/review"): _form(),
    ("GET", "/deals/{deal_id}/jobs/{job_id}"): _form(),
    ("GET", "/deals/{deal_id}/calls/{call_id}/recording"): _form(),
    ("GET", "/deals/{deal_id}/export.{fmt}"): _form(),
    ("GET", "/deals/{deal_id}/versions/{number}/export.{fmt}"): _form(),
    ("POST", "/deals/{deal_id}/calls"): _upload,
    ("POST", "/deals/{deal_id}/jobs/{job_id}/retry"): _form(),
    ("POST", "/deals/{deal_id}/suggestions/{suggestion_id}/accept"): _form(version="1"),
    ("POST", "/deals/{deal_id}/suggestions/{suggestion_id}/edit"): _form(
        version="1", title="Taken over", owner="Eve", owner_side="buyer", then="accept"
    ),
    ("POST", "/deals/{deal_id}/suggestions/{suggestion_id}/reject"): _form(
        version="1", reason="mine"
    ),
    ("POST", "/deals/{deal_id}/suggestions/{suggestion_id}/undo"): _form(version="1"),
    ("POST", "/deals/{deal_id}/review/accept"): lambda w: {"data": {"ids": f"{w.pending}:1"}},
    ("POST", "/deals/{deal_id}/publish"): _form(note="hijack"),
    ("POST", "/deals/{deal_id}/milestones"): _form(title="Mine now", revision="1"),
    ("POST", "/deals/{deal_id}/milestones/{milestone_id}/edit"): _form(
        title="Taken over", owner="Eve", revision="1"
    ),
    ("POST", "/deals/{deal_id}/milestones/{milestone_id}/done"): _form(revision="1"),
    ("POST", "/deals/{deal_id}/milestones/{milestone_id}/remove"): _form(revision="1"),
    ("POST", "/deals/{deal_id}/shares"): _form(label="leak"),
    ("POST", "/deals/{deal_id}/shares/{share_id}/revoke"): _form(),
}
# No one else's ids: everyone gets their own things (or the sign-in pages).
OWN_PAGES = {
    ("GET", "/"),
    ("GET", "/deals"),
    ("POST", "/deals"),
    ("GET", "/signin"),
    ("POST", "/signin"),
    ("POST", "/signout"),
}


def walk(b: Browser, world: Northwind) -> Iterator[tuple[str, int, str]]:
    response: Any
    for (method, path), body in sorted(DEAL_PAGES.items()):
        url = world.url(path.replace("{fmt}", "csv"))
        if method == "GET":
            response = b.get(url)
        else:
            kwargs = body(world)
            headers = {"X-CSRF-Token": b.csrf}
            response = b.client.post(url, headers=headers, **kwargs)
        yield f"{method} {path}", response.status_code, response.text[:300]


def test_every_page_route_is_covered() -> None:
    found = {
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, routing.APIRoute)
        for method in route.methods or ()
    }
    assert found == DEAL_PAGES.keys() | OWN_PAGES


@pytest.mark.parametrize("who", ["outsider", "rep2"])
def test_others_get_404_on_every_page(
    api: Api, northwind: Northwind, browser: Callable[[str], Browser], who: str
) -> None:
    wrong = [
        f"{route}: {status} {text}"
        for route, status, text in walk(browser(who), northwind)
        if status != 404
    ]
    assert wrong == [], "\n".join(wrong)
    _assert_untouched(api, northwind)


def test_the_manager_reads_every_page_and_changes_nothing(
    api: Api, northwind: Northwind, browser: Callable[[str], Browser]
) -> None:
    wrong = [
        f"{route}: {status}"
        for route, status, _ in walk(browser("manager"), northwind)
        if status != (200 if route.startswith("GET") else 403)
    ]
    assert wrong == [], "\n".join(wrong)
    _assert_untouched(api, northwind)
