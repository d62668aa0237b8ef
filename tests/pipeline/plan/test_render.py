"""Renderings: the rep's form shows everything; the buyer's form nothing internal."""

from __future__ import annotations

import pytest

from pipeline.models import Milestone, Plan, Role
from pipeline.render import render_changes, render_html, render_markdown
from tests.pipeline.plan.scenario import run_deal


@pytest.fixture(scope="module")
def plan() -> Plan:
    plan = run_deal(3)[-1]
    assert plan.suggestions and plan.findings and plan.risks  # something internal to hide
    return plan


def internal_texts(plan: Plan) -> list[str]:
    """Everything the buyer must not read: pending changes, evidence, findings, risks, notes."""
    texts = [s.summary for s in plan.suggestions]
    texts += [e.quote for s in plan.suggestions for e in s.evidence]
    texts += [e.quote for m in plan.milestones for e in m.evidence]
    texts += [f.message for f in plan.findings] + [f.hint or "" for f in plan.findings]
    texts += [r.description for r in plan.risks] + [m.date_note or "" for m in plan.milestones]
    return [t for t in texts if t]


@pytest.mark.parametrize("render", [render_markdown, render_html])
def test_the_buyer_form_holds_no_pending_or_internal_data(plan: Plan, render: object) -> None:
    assert callable(render)
    text = render(plan, "buyer")
    for internal in internal_texts(plan):
        assert internal not in text
    lowered = text.lower()
    for word in (
        "suggestion",
        "finding",
        "evidence",
        "slippage",
        "critical path",
        "champion",
        "competitor",
        "qualification",
        "worked back",
    ):
        assert word not in lowered
    assert "Risks" not in text and "Changes to review" not in text
    for m in plan.milestones:  # the timeline itself is all there
        assert m.title in text


def test_the_rep_markdown_shows_changes_findings_and_slippage(plan: Plan) -> None:
    text = render_markdown(plan)
    assert "## Changes to review (from call 3)" in text
    assert "**Set key date**: Go live: Tue 15 Jun 2027" in text
    assert '> "I\'ll sign the contract by April 30th." (Karen Patel,' in text
    assert "**critical** `date_conflict`" in text and "(fix: " in text
    assert "projected Tue 29 Jun 2027: **14 days late**, pushed by" in text
    assert (
        "Data processing agreement reviewed: Tue 15 Dec 2026 -> Fri 15 Jan 2027 (+31 d, call 2)"
        in text
    )
    assert "worked back from go-live Tue 15 Jun 2027" in text
    assert '| Karen Patel | buyer | Fri 30 Apr 2027 ("by April 30th") | At risk | call 3 |' in text


def test_html_escapes_what_was_said(plan: Plan) -> None:
    hostile = Milestone(id="m99", title="<script>alert('x')</script> sent", owner="Eve <b>")
    page = render_html(plan.model_copy(update={"milestones": (*plan.milestones, hostile)}))
    assert "<script>" not in page and "&lt;script&gt;" in page and "Eve &lt;b&gt;" in page
    assert page.startswith("<!doctype html>") and "Changes to review" in page


def test_markdown_tables_survive_pipes(plan: Plan) -> None:
    piped = Milestone(id="m99", title="Budget | headcount approved")
    text = render_markdown(plan.model_copy(update={"milestones": (piped,)}), "buyer")
    assert "Budget \\| headcount approved" in text


def test_buyer_roles_are_responsibilities(plan: Plan) -> None:
    text = render_markdown(plan, "buyer")
    assert "| Karen Patel | CFO | buyer | Signer |" in text
    assert any(s.role == Role.ECONOMIC_BUYER for s in plan.stakeholders)


def test_changes_list_every_suggestion(plan: Plan) -> None:
    text = render_changes(plan)
    assert text.startswith(f"Changes against version 2, {len(plan.suggestions)} suggestions to")
    assert all(f"  {s.id} {s.kind}: {s.summary}" in text for s in plan.suggestions)
