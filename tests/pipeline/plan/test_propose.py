"""Suggestions from hand-built extractions, and applying them (what "accept" does)."""

from __future__ import annotations

import datetime as dt

from pipeline.models import (
    CallInfo,
    CallRef,
    Commitment,
    Evidence,
    Extraction,
    ExtractorInfo,
    KeyDate,
    KeyDateKind,
    Outcome,
    Plan,
    Role,
    Side,
    Stakeholder,
    SuggestionKind,
)
from pipeline.plan import CallNews, PlanOptions, apply_all, load_catalogue, update_plan
from pipeline.plan.propose import propose

CATALOGUE = load_catalogue()
DAY1, DAY2 = dt.date(2027, 1, 4), dt.date(2027, 1, 18)


def said(quote: str) -> tuple[Evidence, ...]:
    return (Evidence(quote=quote, speaker="Sarah", start=1.0, end=2.0, segment_ids=(0,)),)


def extraction(day: dt.date, **items: object) -> Extraction:
    return Extraction(extractor=ExtractorInfo(name="rules"), call=CallInfo(date=day), **items)


def news(number: int, day: dt.date, **items: object) -> CallNews:
    return CallNews(call=CallRef(number=number, date=day), extraction=extraction(day, **items))


def plan_after(*calls: CallNews) -> Plan:
    plan = None
    for call in calls:
        plan = update_plan(plan, call, PlanOptions(deal="acme", catalogue=CATALOGUE))
    assert plan is not None
    return plan


FIRST = news(
    1,
    DAY1,
    outcomes=(Outcome(statement="Halve onboarding time", metric="in half", evidence=said("goal")),),
    key_dates=(
        KeyDate(
            kind=KeyDateKind.GO_LIVE,
            date=dt.date(2027, 4, 1),
            date_text="by April 1st",
            description="live",
            evidence=said("live"),
        ),
    ),
    stakeholders=(
        Stakeholder(
            name="Sarah Lee", side=Side.BUYER, role=Role.CHAMPION, evidence=said("I'm Sarah")
        ),
        Stakeholder(
            title="CFO", side=Side.BUYER, role=Role.ECONOMIC_BUYER, evidence=said("the CFO signs")
        ),
    ),
    commitments=(
        Commitment(
            action="Send the pricing proposal",
            owner="Dan Ray",
            owner_side=Side.SELLER,
            due_date=dt.date(2027, 1, 8),
            due_text="by Friday",
            due_precision="day",
            evidence=said("pricing by Friday"),
        ),
    ),
)


def test_a_two_person_committee_gets_the_midmarket_template_all_dated() -> None:
    plan = plan_after(FIRST)
    assert plan.template == "midmarket"  # a champion and a signer's role: mid-market
    assert all(m.due_date for m in plan.milestones)
    assert plan.milestones[-1].step == "first_value"
    assert {f.code for f in plan.findings} >= {"no_signer", "unnamed_owner", "no_compelling_event"}
    signer = next(f for f in plan.findings if f.code == "no_signer")
    assert "the CFO" in signer.message


def test_naming_the_role_fills_it_and_the_same_call_again_changes_nothing() -> None:
    named = news(
        2,
        DAY2,
        stakeholders=(
            Stakeholder(
                name="Ken Ito",
                title="CFO",
                side=Side.BUYER,
                role=Role.ECONOMIC_BUYER,
                evidence=said("Ken Ito, our CFO"),
            ),
        ),
    )
    plan = plan_after(FIRST, named)
    (update,) = plan.suggestions
    assert update.kind == SuggestionKind.UPDATE_STAKEHOLDER and update.previous["name"] is None
    assert [s.name for s in plan.stakeholders if s.role == Role.ECONOMIC_BUYER] == ["Ken Ito"]
    assert "no_signer" not in {f.code for f in plan.findings}
    again = plan_after(
        FIRST,
        news(
            2,
            DAY2,
            **FIRST.extraction.model_dump(
                include={"outcomes", "key_dates", "stakeholders", "commitments"}
            ),
        ),
    )
    assert again.suggestions == ()  # nothing new: nothing to review


def test_accepting_every_suggestion_rebuilds_the_draft() -> None:
    first = plan_after(FIRST)
    slip = news(
        2,
        DAY2,
        commitments=(
            Commitment(
                action="Send over the pricing proposal",
                owner="Dan Ray",
                owner_side=Side.SELLER,
                due_date=dt.date(2027, 1, 22),
                due_text="by the 22nd",
                due_precision="day",
                evidence=said("pricing by the 22nd"),
            ),
        ),
    )
    second = plan_after(FIRST, slip)
    (change,) = second.suggestions
    assert change.kind == SuggestionKind.CHANGE_DATE and change.proposed["days"] == 14
    base = first.model_copy(update={"suggestions": (), "findings": ()})
    accepted = apply_all(base, second.suggestions)
    pricing = next(m for m in accepted.milestones if m.id == change.milestone_id)
    assert pricing.due_date == dt.date(2027, 1, 22) and pricing.first_due_date == dt.date(
        2027, 1, 8
    )
    assert pricing.date_changes[0].days == 14 and len(pricing.evidence) == 2


def test_suggestions_are_a_diff_not_a_new_plan() -> None:
    first = plan_after(FIRST)
    moved = news(
        2,
        DAY2,
        key_dates=(
            KeyDate(
                kind=KeyDateKind.GO_LIVE,
                date=dt.date(2027, 3, 15),
                date_text="by March 15th",
                description="live",
                evidence=said("March 15th"),
            ),
        ),
    )
    suggestions = propose(first, moved, CATALOGUE)
    (pull_in,) = suggestions
    assert pull_in.previous["date"] == "2027-04-01" and pull_in.proposed["date"] == "2027-03-15"
    assert "-17 days" in pull_in.summary and pull_in.call == moved.call
