"""The buyer's page behind a share link: the published plan, readable and printable, with
nothing the seller keeps to themselves (evidence, quotes, risks, findings, pending changes)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from tests.service.conftest import Api
from tests.service.test_notify import SECOND_CALL


def text_of(page: str) -> str:
    """What a reader sees: tags dropped, entities decoded, spaces collapsed."""
    body = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_buyer_reads_the_published_plan_and_nothing_internal(api: Api, tmp_path: Path) -> None:
    deal_id, suggestions = api.processed_deal()
    everything = [s["id"] for s in suggestions]  # risks included: accepted, still internal
    api.ok(
        api.post(
            f"/api/deals/{deal_id}/suggestions/bulk", json={"action": "accept", "ids": everything}
        )
    )
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish"), 201)
    second = tmp_path / "second-call.txt"
    second.write_text(SECOND_CALL, "utf-8")
    job = api.ok(api.upload(deal_id, second, call_date="2026-12-02"), 202)["job"]
    assert api.wait(job["id"])["state"] == "done"
    later = api.ok(api.get(f"/api/deals/{deal_id}/suggestions?status=pending&limit=200"))["items"]
    slip = next(s for s in later if s["kind"] == "change_date")
    api.ok(api.post(f"/api/suggestions/{slip['id']}/accept"))
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish"), 201)
    pending = [s for s in later if s["id"] != slip["id"]]  # not accepted: must not show
    token = api.ok(api.post(f"/api/deals/{deal_id}/shares", json={"label": "Sarah"}), 201)["token"]

    response = api.client.get(f"/share/{token}")  # a buyer's browser: no token, no cookie
    assert response.status_code == 200
    assert response.headers["referrer-policy"] == "no-referrer"
    page = response.text
    shown = text_of(page)

    # What the plan says, for both sides.
    for words in (
        "Greenfield Foods & Northwind Software",
        "Mutual action plan: Greenfield Foods: close automation",
        "Version 2, published",
        "Cut month-end close from ten days to five by the end of Q3",
        "Tue 1 Jun 2027 Go live",
        "Wed 30 Jun 2027 Compelling event",
        "Security questionnaire sent Daniel Brooks Seller side Fri 20 Nov 2026",
        "Economic buyer (to be named)",  # who signs: the role, until a name is known
        "Tom Baker Data processing agreement reviewed: Fri 15 Jan 2027",  # who owes what
        "Data processing agreement reviewed: Tue 15 Dec 2026 → Fri 15 Jan 2027 (+31 days)",
        "Karen Patel CFO Buyer Signer",
    ):
        assert words in shown, words

    # Nothing internal: not a quote from the calls, not a risk, a finding or a pending change.
    quotes = {e["quote"] for s in [*suggestions, *later] for e in s["evidence"]}
    assert quotes and not [q for q in quotes if q in shown or q in page]
    risks = [s["proposed"]["description"] for s in suggestions if s["kind"] == "raise_risk"]
    assert risks and not [r for r in risks if r in shown]
    assert "Pricing proposal sent to Sarah Done" not in shown  # a pending mark-done
    assert not [s["summary"] for s in pending if s["summary"] in shown]
    findings = api.ok(api.get(f"/api/deals/{deal_id}/plan"))["plan"]["findings"]
    assert findings and not [f["message"] for f in findings if f["message"] in shown]
    for internal in ("champion", "Champion", "competitor", "worked back", "script.txt", "evidence"):
        assert internal not in page, internal

    # A page for reading and printing: no JavaScript, print styles, files to take away.
    assert "<script" not in page.lower() and "onclick" not in page.lower()
    assert "@media print" in page and "@page" in page
    links = re.findall(r'href="([^"]+)"', page)
    assert f"/api/share/{token}/export.ics" in links and f"/api/share/{token}/export.csv" in links
    for link in links:
        assert api.client.get(link).status_code == 200, link


def test_the_share_json_is_the_same_buyers_view(api: Api) -> None:
    deal_id, suggestions = api.processed_deal()
    ids = [s["id"] for s in suggestions]
    api.ok(
        api.post(f"/api/deals/{deal_id}/suggestions/bulk", json={"action": "accept", "ids": ids})
    )
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish"), 201)
    token = api.ok(api.post(f"/api/deals/{deal_id}/shares", json={}), 201)["token"]
    shared: dict[str, Any] = api.ok(api.client.get(f"/api/share/{token}"))
    assert shared["risks"] == [] and shared["findings"] == [] and shared["suggestions"] == []
    assert all(not m["evidence"] and m["action"] is None for m in shared["milestones"])
    assert all(c["name"] is None for c in shared["calls"])
    assert {s["role"] for s in shared["stakeholders"]} <= {
        None,
        "economic_buyer",
        "decision_maker",
        "security",
    }
    assert shared["slippage"]["by_owner"] == {}
    internal = api.ok(api.get(f"/api/deals/{deal_id}/plan/versions/1"))["plan"]
    assert internal["risks"] and internal["findings"]  # the rep's copy keeps them
