"""The issue's "done" path, through the API: deal → upload → job → review → publish → share."""

from __future__ import annotations

from tests.service.conftest import Api


def test_upload_review_publish_share(api: Api) -> None:
    deal_id, suggestions = api.processed_deal()
    before = api.ok(api.get(f"/api/deals/{deal_id}/plan"))
    assert before["plan"]["milestones"] == [] and before["plan"]["calls"][0]["number"] == 1
    assert "no_go_live" in {f["code"] for f in before["plan"]["findings"]}  # says what it lacks
    kinds = {s["kind"] for s in suggestions}
    assert {"add_milestone", "add_stakeholder", "set_key_date", "set_objective"} <= kinds
    step = next(s for s in suggestions if s["summary"].startswith("Add 'Security questionnaire"))
    assert step["evidence"][0]["quote"]
    assert step["evidence"][0]["recording_url"].startswith(
        f"/api/calls/{step['call_id']}/recording#t="
    )

    first, second, edited, rejected = (
        step,
        next(s for s in suggestions if s["kind"] == "set_key_date"),
        next(s for s in suggestions if s["summary"].startswith("Add 'Pricing proposal")),
        next(s for s in suggestions if s["kind"] == "raise_risk"),
    )
    for s in (first, second):
        api.ok(api.post(f"/api/suggestions/{s['id']}/accept", headers={"If-Match": '"1"'}))
    change = api.patch(
        f"/api/suggestions/{edited['id']}",
        json={"proposed": {"due_date": "2026-11-27"}},
        headers={"If-Match": '"1"'},
    )
    assert api.ok(change)["proposed"]["due_date"] == "2026-11-27"
    assert change.headers["ETag"] == '"2"'
    api.ok(api.post(f"/api/suggestions/{edited['id']}/accept", headers={"If-Match": '"2"'}))
    api.ok(api.post(f"/api/suggestions/{rejected['id']}/reject", json={"reason": "Not a risk"}))

    draft = api.ok(api.get(f"/api/deals/{deal_id}/plan"))
    titles = {m["title"]: m for m in draft["plan"]["milestones"]}
    assert titles["Pricing proposal sent to Sarah"]["due_date"] == "2026-11-27"
    assert "Security questionnaire sent" in titles
    assert draft["pending_suggestions"] == len(suggestions) - 4
    assert "no_go_live" not in {f["code"] for f in draft["plan"]["findings"]}  # accepted it

    version = api.ok(api.post(f"/api/deals/{deal_id}/plan/publish", json={"note": "v1"}), 201)
    assert version["number"] == 1 and version["plan"]["status"] == "published"
    share = api.ok(api.post(f"/api/deals/{deal_id}/shares", json={"label": "Sarah"}), 201)
    token = share["url"].rsplit("/", 1)[-1]

    buyer = api.client.get(f"/share/{token}")  # no token: a buyer's browser
    assert buyer.status_code == 200
    assert "Pricing proposal sent to Sarah" in buyer.text
    assert "Not a risk" not in buyer.text and "suggestion" not in buyer.text.lower()
    shared = api.client.get(f"/api/share/{token}").json()
    assert shared["version"] == 1 and shared["suggestions"] == []

    actions = [e["action"] for e in api.ok(api.get(f"/api/deals/{deal_id}/audit"))["items"]]
    assert actions.count("suggestion.accepted") == 3
    assert {"suggestion.edited", "suggestion.rejected", "plan.published", "share.created"} <= set(
        actions
    )
