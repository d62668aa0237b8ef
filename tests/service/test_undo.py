"""Taking a review decision back: a rejection always, an acceptance while the working plan is
still what it made (the last one first); through the API and the review page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.service.conftest import Api
from tests.service.pages import Browser, card


def plan(api: Api, deal_id: int) -> dict[str, Any]:
    return api.ok(api.get(f"/api/deals/{deal_id}/plan"))["plan"]  # type: ignore[no-any-return]


def titled(suggestions: list[dict[str, Any]], start: str) -> dict[str, Any]:
    return next(s for s in suggestions if s["summary"].startswith(start))


def test_undoing_acceptances_last_first_puts_the_plan_back(api: Api) -> None:
    deal_id, suggestions = api.processed_deal()
    before = plan(api, deal_id)
    first = titled(suggestions, "Add 'Security questionnaire")
    second = titled(suggestions, "Add 'Pricing proposal")
    for s in (first, second):
        api.ok(api.post(f"/api/suggestions/{s['id']}/accept"))
    both = plan(api, deal_id)
    titles = {m["title"] for m in both["milestones"]}
    assert {"Security questionnaire sent", "Pricing proposal sent to Sarah"} <= titles

    refused = api.post(f"/api/suggestions/{first['id']}/undo")
    assert refused.status_code == 409
    assert "undo the later acceptances first" in refused.json()["detail"]
    assert plan(api, deal_id) == both  # refused: nothing changed

    undone = api.ok(api.post(f"/api/suggestions/{second['id']}/undo", headers={"If-Match": '"2"'}))
    assert undone["status"] == "pending" and undone["version"] == 3
    assert undone["decided_by"] is None and undone["decided_at"] is None
    left = {m["title"] for m in plan(api, deal_id)["milestones"]}
    assert "Pricing proposal sent to Sarah" not in left and "Security questionnaire sent" in left

    api.ok(api.post(f"/api/suggestions/{first['id']}/undo"))
    assert plan(api, deal_id) == before  # both taken back: the plan as the call left it
    again = api.ok(api.post(f"/api/suggestions/{first['id']}/accept", headers={"If-Match": '"3"'}))
    assert again["status"] == "accepted"  # and it can be decided again

    actions = [e for e in api.ok(api.get(f"/api/deals/{deal_id}/audit"))["items"]]
    undos = [e for e in actions if e["action"] == "suggestion.undone"]
    assert [e["detail"]["was"] for e in undos] == ["accepted", "accepted"]


def test_a_rejection_is_undone_and_its_reason_goes(api: Api) -> None:
    _, suggestions = api.processed_deal()
    risk = next(s for s in suggestions if s["kind"] == "raise_risk")
    api.ok(api.post(f"/api/suggestions/{risk['id']}/reject", json={"reason": "Not a risk"}))
    undone = api.ok(api.post(f"/api/suggestions/{risk['id']}/undo"))
    assert undone["status"] == "pending" and undone["reason"] is None


def test_nothing_to_undo_a_stale_version_or_another_reps_deal_is_refused(api: Api) -> None:
    _, suggestions = api.processed_deal()
    step = titled(suggestions, "Add 'Security questionnaire")
    pending = api.post(f"/api/suggestions/{step['id']}/undo")
    assert pending.status_code == 409 and "no decision to undo" in pending.json()["detail"]
    api.ok(api.post(f"/api/suggestions/{step['id']}/accept"))
    stale = api.post(f"/api/suggestions/{step['id']}/undo", headers={"If-Match": '"1"'})
    assert stale.status_code == 409 and "changed since you read it" in stale.json()["detail"]
    manager = api.as_("manager").post(f"/api/suggestions/{step['id']}/undo")
    assert manager.status_code in (403, 404)
    assert api.ok(api.get(f"/api/suggestions/{step['id']}"))["status"] == "accepted"


def test_the_review_page_undoes_a_decision(api: Api, browser: Callable[[str], Browser]) -> None:
    deal_id, suggestions = api.processed_deal()
    step = titled(suggestions, "Add 'Security questionnaire")
    rep = browser("rep")
    rep.get(f"/deals/{deal_id}/review")
    base = f"/deals/{deal_id}/suggestions/{step['id']}"
    accepted = rep.post(f"{base}/accept", {"version": "1"}, fragment=True)
    assert 'data-status="accepted"' in accepted.text
    assert f'action="{base}/undo"' in accepted.text and "Undo acceptance" in accepted.text

    undone = rep.post(f"{base}/undo", {"version": "2"}, fragment=True)
    assert undone.status_code == 200 and 'data-status="pending"' in undone.text
    titles = {m["title"] for m in plan(api, deal_id)["milestones"]}
    assert "Security questionnaire sent" not in titles

    other = titled(suggestions, "Add 'Pricing proposal")
    rep.post(f"{base}/accept", {"version": "3"})
    rep.post(f"/deals/{deal_id}/suggestions/{other['id']}/accept", {"version": "1"})
    refused = rep.post(f"{base}/undo", {"version": "4"}, fragment=True)
    assert refused.status_code == 409 and "undo the later acceptances first" in refused.text
    page = rep.get(f"/deals/{deal_id}/review")
    assert "Undo acceptance" in card(page.text, other["id"])
