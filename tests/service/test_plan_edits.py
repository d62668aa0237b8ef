"""The rep changes the plan's steps by hand: add a step the call missed, change its owner, date
or status, remove one; each needs the plan's revision, is re-derived and audited."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from tests.service.conftest import Api
from tests.service.pages import Browser


def working(api: Api, deal_id: int) -> dict[str, Any]:
    return api.ok(api.get(f"/api/deals/{deal_id}/plan"))  # type: ignore[no-any-return]


def step(plan: dict[str, Any], milestone_id: str) -> dict[str, Any]:
    return next(m for m in plan["plan"]["milestones"] if m["id"] == milestone_id)


def etag(revision: int) -> dict[str, str]:
    return {"If-Match": f'"{revision}"'}


def test_a_step_added_by_hand_joins_the_plan_after_the_pending_suggestions(api: Api) -> None:
    deal_id, suggestions = api.processed_deal()
    before = working(api, deal_id)
    reserved = {s["milestone_id"] for s in suggestions if s["kind"] == "add_milestone"}
    body = {"title": "Reference call with a food distributor", "owner": "Daniel Brooks"}

    added = api.ok(api.post(f"/api/deals/{deal_id}/plan/milestones", json=body), 201)

    m = added["milestone"]
    assert m["id"] not in reserved  # a pending suggestion keeps its id
    assert m["source"] == "manual" and m["status"] == "not_started"
    assert m["owner_side"] == "seller"  # Daniel Brooks is the seller in the deal's people
    assert added["revision"] == before["revision"] + 1
    after = working(api, deal_id)
    assert step(after, m["id"])["title"] == body["title"]
    assert after["revision"] == added["revision"]
    # Every pending suggestion still applies to the plan and is accepted as before.
    for s in suggestions:
        if s["kind"] == "add_milestone":
            api.ok(api.post(f"/api/suggestions/{s['id']}/accept"))
    ids = [m["id"] for m in working(api, deal_id)["plan"]["milestones"]]
    assert len(ids) == len(set(ids)) == len(reserved) + 1


def test_a_moved_date_counts_as_slipped_and_a_correction_does_not(api: Api) -> None:
    deal = api.create_deal()
    url = f"/api/deals/{deal['id']}/plan/milestones"
    body = {"title": "Pilot data shared", "due_date": "2026-12-04"}
    added = api.ok(api.post(url, json=body), 201)
    m, revision = added["milestone"], added["revision"]
    assert m["due_date"] == "2026-12-04" and m["date_basis"] == "stated"

    moved = api.ok(
        api.patch(f"{url}/{m['id']}", json={"due_date": "2026-12-11"}, headers=etag(revision))
    )
    assert moved["milestone"]["days_slipped"] == 7
    assert moved["milestone"]["status"] == "slipped"
    assert working(api, deal["id"])["plan"]["slippage"]["total_days"] == 7

    fixed = api.ok(
        api.patch(
            f"{url}/{m['id']}",
            json={"due_date": "2026-12-10", "correction": True},
            headers=etag(moved["revision"]),
        )
    )
    assert fixed["milestone"]["days_slipped"] == 0
    assert fixed["milestone"]["first_due_date"] == "2026-12-10"

    done = api.ok(
        api.patch(f"{url}/{m['id']}", json={"status": "done"}, headers=etag(fixed["revision"]))
    )
    assert done["milestone"]["status"] == "done"


def test_a_stale_revision_changes_nothing(api: Api) -> None:
    deal = api.create_deal()
    url = f"/api/deals/{deal['id']}/plan/milestones"
    added = api.ok(api.post(url, json={"title": "Order form signed"}), 201)
    m = added["milestone"]
    api.ok(api.patch(f"{url}/{m['id']}", json={"owner": "Sarah"}, headers=etag(added["revision"])))
    before = working(api, deal["id"])

    stale = api.patch(f"{url}/{m['id']}", json={"owner": "Tom"}, headers=etag(added["revision"]))
    assert stale.status_code == 409
    assert "changed since you read it" in stale.json()["detail"]
    gone = api.delete(f"{url}/{m['id']}", headers=etag(added["revision"]))
    assert gone.status_code == 409
    assert api.patch(f"{url}/{m['id']}", json={"owner": "Tom"}).status_code == 428
    assert working(api, deal["id"]) == before


def test_removing_a_step_leaves_published_versions_and_refuses_its_suggestions(
    api: Api,
) -> None:
    deal_id, suggestions = api.processed_deal()
    new = next(s for s in suggestions if s["summary"].startswith("Add 'Pricing proposal"))
    api.ok(api.post(f"/api/suggestions/{new['id']}/accept"))
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish"), 201)
    revision = working(api, deal_id)["revision"]
    url = f"/api/deals/{deal_id}/plan/milestones/{new['milestone_id']}"

    removed = api.ok(api.delete(url, headers=etag(revision)))

    assert removed["milestone"] is None
    ids = {m["id"] for m in working(api, deal_id)["plan"]["milestones"]}
    assert new["milestone_id"] not in ids
    published = api.ok(api.get(f"/api/deals/{deal_id}/plan/versions/1"))["plan"]
    assert new["milestone_id"] in {m["id"] for m in published["milestones"]}
    assert api.delete(url, headers=etag(removed["revision"])).status_code == 404
    # The plan changed by hand: the acceptance can no longer be undone over it.
    refused = api.post(f"/api/suggestions/{new['id']}/undo")
    assert refused.status_code == 409 and "by hand" in refused.json()["detail"]

    actions = [e["action"] for e in api.ok(api.get(f"/api/deals/{deal_id}/audit"))["items"]]
    assert "plan.step_removed" in actions


def test_bad_values_are_refused_with_the_field_named(api: Api) -> None:
    deal = api.create_deal()
    url = f"/api/deals/{deal['id']}/plan/milestones"
    assert api.post(url, json={"title": ""}).status_code == 422
    blank = api.post(url, json={"title": "   "})
    assert blank.status_code == 422 and blank.json()["field"] == "title"
    assert api.post(url, json={"title": "x", "status": "slipped"}).status_code == 422
    assert api.post(url, json={"title": "x", "colour": "red"}).status_code == 422
    added = api.ok(api.post(url, json={"title": "Kickoff held"}), 201)
    emptied = api.patch(f"{url}/{added['milestone']['id']}", json={"title": None}, headers=etag(1))
    assert emptied.status_code == 422 and emptied.json()["field"] == "title"
    missing = api.patch(f"{url}/m99", json={"owner": "Tom"}, headers=etag(1))
    assert missing.status_code == 404 and "no step 'm99'" in missing.json()["detail"]


def test_only_the_deals_rep_changes_its_steps(api: Api) -> None:
    deal = api.create_deal()
    url = f"/api/deals/{deal['id']}/plan/milestones"
    assert api.as_("manager").post(url, json={"title": "x"}).status_code == 403
    assert api.as_("outsider").post(url, json={"title": "x"}).status_code == 404
    assert api.get(f"/api/deals/{deal['id']}/plan").status_code == 404  # nothing was made


def test_the_deal_page_adds_changes_and_removes_a_step(
    api: Api, browser: Callable[[str], Browser]
) -> None:
    deal = api.create_deal()
    rep = browser("rep")
    page = rep.get(f"/deals/{deal['id']}").text
    assert "Or start the plan with a step of your own" in page  # no call yet: start by hand

    added = rep.post(
        f"/deals/{deal['id']}/milestones",
        {"title": "Sandbox set up", "owner": "Daniel Brooks", "due_date": "2026-12-04"},
    )
    assert added.status_code == 303
    page = html.unescape(rep.get(f"/deals/{deal['id']}").text)
    assert "Added step 'Sandbox set up'." in page and "added by hand" in page
    m = working(api, deal["id"])["plan"]["milestones"][0]
    assert (m["owner"], m["owner_side"], m["due_date"]) == ("Daniel Brooks", "seller", "2026-12-04")
    assert f'action="/deals/{deal["id"]}/milestones/{m["id"]}/edit"' in page

    form = {"title": "Sandbox set up", "owner": "Daniel Brooks", "owner_side": "seller"}
    edit = f"/deals/{deal['id']}/milestones/{m['id']}/edit"
    rep.post(edit, {**form, "due_date": "2026-12-09", "status": "in_progress", "revision": "1"})
    moved = step(working(api, deal["id"]), m["id"])
    assert (moved["due_date"], moved["days_slipped"]) == ("2026-12-09", 5)

    stale = rep.post(edit, {**form, "due_date": "2026-12-20", "revision": "1"})
    assert stale.status_code == 303
    page = html.unescape(rep.get(f"/deals/{deal['id']}").text)
    assert "Not saved: the working plan changed since you read it" in page
    assert step(working(api, deal["id"]), m["id"])["due_date"] == "2026-12-09"

    rep.post(f"/deals/{deal['id']}/milestones/{m['id']}/done", {"revision": "2", "title": "x"})
    assert step(working(api, deal["id"]), m["id"])["status"] == "done"
    page = html.unescape(rep.get(f"/deals/{deal['id']}").text)
    assert "Marked 'x' done." in page and f"/milestones/{m['id']}/done" not in page

    remove = f"/deals/{deal['id']}/milestones/{m['id']}/remove"
    rep.post(remove, {"revision": "3", "title": "Sandbox set up"})
    assert working(api, deal["id"])["plan"]["milestones"] == []
    assert "Removed step 'Sandbox set up'." in html.unescape(rep.get(f"/deals/{deal['id']}").text)

    untitled = rep.post(f"/deals/{deal['id']}/milestones", {"title": " ", "revision": "4"})
    assert untitled.status_code == 303
    assert "Not saved: title: a step needs a title" in rep.get(f"/deals/{deal['id']}").text

    manager = browser("manager")
    assert "Add a step" not in manager.get(f"/deals/{deal['id']}").text
    refused = manager.post(f"/deals/{deal['id']}/milestones", {"title": "x"})
    assert refused.status_code == 403
