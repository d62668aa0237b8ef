"""Exports read back with the tools their users have: the csv module (a spreadsheet), a calendar
library (icalendar), the plan model (JSON)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import icalendar
from pypdf import PdfReader

from pipeline.models import Plan
from service.exports.table import COLUMNS
from tests.service.conftest import Api
from tests.service.test_notify import SECOND_CALL


def published(api: Api) -> tuple[int, list[dict[str, Any]]]:
    """The sample call's deal with every step and date accepted and version 1 published."""
    deal_id, suggestions = api.processed_deal()
    ids = [s["id"] for s in suggestions if s["kind"] != "raise_risk"]
    api.ok(
        api.post(f"/api/deals/{deal_id}/suggestions/bulk", json={"action": "accept", "ids": ids})
    )
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish"), 201)
    return deal_id, suggestions


def rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def events(content: bytes) -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_csv_has_a_line_per_milestone_with_stable_columns(api: Api) -> None:
    deal_id, _ = published(api)
    response = api.get(f"/api/deals/{deal_id}/plan/versions/1/export.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        'attachment; filename="greenfield-foods-close-automation-v1.csv"'
    )
    plan = Plan.model_validate(api.ok(api.get(f"/api/deals/{deal_id}/plan/versions/1"))["plan"])
    lines = rows(response.content)
    assert tuple(lines[0].keys()) == COLUMNS
    assert [r["milestone_id"] for r in lines] == [m.id for m in plan.milestones]
    step = next(r for r in lines if r["title"] == "Security questionnaire sent")
    assert step["owner"] == "Daniel Brooks" and step["owner_side"] == "seller"
    assert step["due_date"] == "2026-11-20" and step["status"] == "not_started"
    assert {r["plan_version"] for r in lines} == {"v1"}
    unnamed = next(r for r in lines if r["title"] == "Contract signed")
    assert unnamed["owner"] == "" and unnamed["owner_role"] == "economic buyer"


def test_csv_cells_never_run_as_spreadsheet_formulas(api: Api) -> None:
    deal_id, suggestions = api.processed_deal()
    step = next(s for s in suggestions if s["kind"] == "add_milestone")
    formula = '=HYPERLINK("http://evil.example","Click")'
    edit = {"json": {"proposed": {"title": formula}}, "headers": {"If-Match": '"1"'}}
    api.ok(api.patch(f"/api/suggestions/{step['id']}", **edit))
    api.ok(api.post(f"/api/suggestions/{step['id']}/accept"))
    [line] = [
        r
        for r in rows(api.get(f"/api/deals/{deal_id}/plan/export.csv").content)
        if "HYPER" in r["title"]
    ]
    assert line["title"] == "'" + formula


def test_ics_parses_and_reimporting_a_new_version_updates_the_same_events(
    api: Api, tmp_path: Path
) -> None:
    deal_id, _ = published(api)
    first = api.get(f"/api/deals/{deal_id}/plan/versions/1/export.ics")
    assert first.headers["content-type"].startswith("text/calendar")
    v1 = events(first.content)
    plan = Plan.model_validate(api.ok(api.get(f"/api/deals/{deal_id}/plan/versions/1"))["plan"])
    dated = [m for m in plan.milestones if m.due_date]
    key_dates = [k for k in plan.key_dates if k.date]
    assert len(v1) == len(dated) + len(key_dates)
    questionnaire = v1[f"{deal_id}-m1@127.0.0.1"]
    assert questionnaire["DTSTART"].dt == dt.date(2026, 11, 20)
    assert questionnaire["DTEND"].dt == dt.date(2026, 11, 21)
    assert str(questionnaire["SUMMARY"]) == "Security questionnaire sent (Daniel Brooks)"
    assert int(questionnaire["SEQUENCE"]) == 1
    assert v1[f"{deal_id}-date-go_live@127.0.0.1"]["DTSTART"].dt == dt.date(2027, 6, 1)
    assert api.get(f"/api/deals/{deal_id}/plan/versions/1/export.ics").content == first.content

    # A second call slips the DPA review; version 2 has it: the same UIDs, a higher SEQUENCE.
    second = tmp_path / "second-call.txt"
    second.write_text(SECOND_CALL, "utf-8")
    job = api.ok(api.upload(deal_id, second, call_date="2026-12-02"), 202)["job"]
    assert api.wait(job["id"])["state"] == "done"
    pending = api.ok(api.get(f"/api/deals/{deal_id}/suggestions?status=pending&limit=200"))
    ids = [s["id"] for s in pending["items"] if s["kind"] != "raise_risk"]
    api.ok(
        api.post(f"/api/deals/{deal_id}/suggestions/bulk", json={"action": "accept", "ids": ids})
    )
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish"), 201)
    v2 = events(api.get(f"/api/deals/{deal_id}/plan/versions/2/export.ics").content)
    assert v2.keys() == v1.keys()
    assert {int(e["SEQUENCE"]) for e in v2.values()} == {2}
    dpa = v2[f"{deal_id}-m2@127.0.0.1"]
    assert str(dpa["SUMMARY"]).startswith("Data processing agreement reviewed")
    assert v1[f"{deal_id}-m2@127.0.0.1"]["DTSTART"].dt == dt.date(2026, 12, 15)
    assert dpa["DTSTART"].dt == dt.date(2027, 1, 15)
    assert "31 days later now" in str(dpa["DESCRIPTION"])


def test_json_and_markdown_of_a_version_and_of_the_working_plan(api: Api) -> None:
    deal_id, _ = published(api)
    version = api.ok(api.get(f"/api/deals/{deal_id}/plan/versions/1"))["plan"]
    exported = api.get(f"/api/deals/{deal_id}/plan/versions/1/export.json")
    assert Plan.model_validate_json(exported.content) == Plan.model_validate(version)
    markdown = api.get(f"/api/deals/{deal_id}/plan/versions/1/export.md").text
    assert markdown.startswith("# Mutual action plan") and "Security questionnaire sent" in markdown
    assert "## Findings" in markdown  # the rep's rendering: health findings included
    draft = api.get(f"/api/deals/{deal_id}/plan/export.csv")
    assert draft.status_code == 200 and "-draft.csv" in draft.headers["content-disposition"]
    assert len(rows(draft.content)) == len(version["milestones"])


def test_exports_of_a_share_link_hold_only_the_buyers_view(api: Api) -> None:
    deal_id, suggestions = published(api)
    token = api.ok(api.post(f"/api/deals/{deal_id}/shares", json={"label": "Sarah"}), 201)["token"]
    plan = Plan.model_validate_json(api.client.get(f"/api/share/{token}/export.json").content)
    assert plan.findings == () and plan.risks == () and plan.suggestions == ()
    assert all(m.evidence == () and m.date_note is None for m in plan.milestones)
    markdown = api.client.get(f"/api/share/{token}/export.md").text
    assert "Findings" not in markdown and "Changes to review" not in markdown
    quotes = {e["quote"] for s in suggestions for e in s["evidence"]}
    for fmt in ("json", "md", "csv", "ics"):
        response = api.client.get(f"/api/share/{token}/export.{fmt}")  # no login
        assert response.status_code == 200, fmt
        assert response.headers["cache-control"] == "private, no-store"
        assert not [q for q in quotes if q in response.text], fmt
    shared = events(api.client.get(f"/api/share/{token}/export.ics").content)
    assert str(shared[f"{deal_id}-m1@127.0.0.1"]["URL"]).endswith(f"/share/{token}")


def test_bad_formats_and_missing_versions_are_clear_errors(api: Api) -> None:
    deal_id, _ = published(api)
    bad = api.get(f"/api/deals/{deal_id}/plan/versions/1/export.xlsx")
    assert bad.status_code == 422 and "fmt" in bad.json()["detail"]
    missing = api.get(f"/api/deals/{deal_id}/plan/versions/9/export.csv")
    assert missing.status_code == 404 and "no published version 9" in missing.json()["detail"]
    assert api.client.get("/api/share/share_guessed/export.csv").status_code == 404
    assert (
        api.as_("outsider").get(f"/api/deals/{deal_id}/plan/versions/1/export.csv").status_code
        == 404
    )


def test_pdf_of_the_buyers_view(api: Api) -> None:
    deal_id, suggestions = published(api)
    token = api.ok(api.post(f"/api/deals/{deal_id}/shares", json={}), 201)["token"]
    for response in (
        api.get(f"/api/deals/{deal_id}/plan/versions/1/export.pdf"),
        api.client.get(f"/api/share/{token}/export.pdf"),
    ):
        assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
        with PdfReader(io.BytesIO(response.content)) as pdf:
            text = " ".join((page.extract_text() or "") for page in pdf.pages)
        words = " ".join(text.split())
        for expected in (
            "Mutual action plan: Greenfield Foods: close automation",
            "Version 1, published",
            "Security questionnaire sent",
            "Daniel Brooks (seller)",
            "Who owes what, by when",
            "Karen Patel",
        ):
            assert expected in words, expected
        risks = [s["proposed"]["description"] for s in suggestions if s["kind"] == "raise_risk"]
        quotes = [e["quote"] for s in suggestions for e in s["evidence"]]
        assert not [t for t in [*risks, *quotes] if " ".join(t.split()) in words]
