"""The plan draft, its suggestions and findings, and its Markdown rendering."""

from __future__ import annotations

import datetime as dt

from pipeline.draft import draft_plan
from pipeline.extract import RulesExtractor, extract
from pipeline.models import Plan, SuggestionKind
from pipeline.render import render_markdown
from tests.builders import BUYER, SELLER, context, transcript

LINES = [
    ("Daniel Brooks", "I'm Daniel Brooks, account executive at Northwind Software."),
    (
        "Sarah Mitchell",
        "Our goal is to cut month-end close from ten days to five by the end of Q3.",
    ),
    ("Daniel Brooks", "I'll send over our security questionnaire by Friday."),
    ("Sarah Mitchell", "Our procurement team will set up the vendor record."),
    ("Sarah Mitchell", "I'll send you our close checklist in two weeks."),
]


def draft() -> Plan:
    ctx = context(deal="greenfield")
    return draft_plan(extract(transcript(LINES, (SELLER, BUYER)), RulesExtractor(), ctx), ctx)


def test_milestones_are_the_commitments_in_date_order() -> None:
    plan = draft()
    assert [(m.owner, m.due_date) for m in plan.milestones] == [
        ("Daniel Brooks", dt.date(2026, 11, 20)),
        ("Sarah Mitchell", dt.date(2026, 12, 2)),
        (None, None),
    ]
    assert [m.id for m in plan.milestones] == ["m1", "m2", "m3"]
    assert plan.deal == "greenfield" and plan.status == "draft" and plan.version == 1
    assert plan.objective is not None and plan.objective.target_date == dt.date(2027, 9, 30)


def test_every_change_is_a_suggestion_with_evidence() -> None:
    plan = draft()
    kinds = [s.kind for s in plan.suggestions]
    assert kinds.count(SuggestionKind.ADD_MILESTONE) == 3
    assert SuggestionKind.SET_OBJECTIVE in kinds
    assert all(s.evidence for s in plan.suggestions)
    added = [s.milestone_id for s in plan.suggestions if s.kind == SuggestionKind.ADD_MILESTONE]
    assert added == ["m1", "m2", "m3"]


def test_health_findings_name_what_is_missing() -> None:
    codes = {f.code for f in draft().findings}
    assert {"unnamed_owner", "undated_step", "no_go_live", "no_signer"} <= codes
    assert "no_buyer_steps" not in codes  # Sarah owns a step


def test_markdown_shows_owners_dates_and_flags_gaps() -> None:
    text = render_markdown(draft())
    assert "# Mutual action plan: greenfield" in text
    assert (
        "| 1 | Send over our security questionnaire | Daniel Brooks | seller | Fri 20 Nov 2026"
        in text
    )
    assert "**unnamed**" in text and "**no date**" in text
    assert "Success metric: from ten days to five" in text
    assert "Nobody is named as the signer" in text
