"""One deal over three calls: the plan after each, through the real offline extractor."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.models import DateBasis, MilestoneStatus, Plan, SuggestionKind
from tests.pipeline.plan.scenario import run_deal


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return run_deal()


def by_title(plan: Plan, words: str) -> list[str]:
    return [m.id for m in plan.milestones if words.lower() in m.title.lower()]


def codes(plan: Plan) -> set[str]:
    return {f.code for f in plan.findings}


def test_versions_follow_the_calls(plans: list[Plan]) -> None:
    assert [p.version for p in plans] == [1, 2, 3]
    assert [c.number for c in plans[-1].calls] == [1, 2, 3]
    assert plans[-1].as_of == dt.date(2027, 1, 13)
    assert all(p.template == "enterprise" for p in plans)


def test_first_call_drafts_the_plan_from_call_and_template(plans: list[Plan]) -> None:
    first = plans[0]
    kinds = [s.kind for s in first.suggestions]
    assert kinds.count(SuggestionKind.ADD_MILESTONE) == len(first.milestones)
    from_call = [s for s in first.suggestions if s.call is not None and s.evidence]
    assert all(s.call and s.call.number == 1 for s in from_call)
    # The step said on the call claims its template line; the template adds the rest.
    vendor = first.milestone(by_title(first, "vendor record")[0])
    assert vendor is not None and vendor.step == "procurement" and vendor.owner is None
    assert not by_title(first, "onboarded by procurement")
    last = first.milestones[-1]
    assert last.step == "first_value" and last.date_basis == DateBasis.WORKED_FORWARD
    live = first.milestone(by_title(first, "live in production")[0])
    assert live is not None and live.due_date == dt.date(2027, 6, 1)
    # Discovery is met by the call itself: a goal with a metric and a go-live date.
    goals = first.milestone(by_title(first, "goals, success metric")[0])
    assert goals is not None and goals.status == MilestoneStatus.DONE


def test_a_restated_step_is_not_duplicated_and_its_slip_is_counted(plans: list[Plan]) -> None:
    second = plans[1]
    (dpa,) = by_title(second, "data processing agreement")  # "the DPA" said on call 2
    change = next(
        s
        for s in second.suggestions
        if s.kind == SuggestionKind.CHANGE_DATE and s.milestone_id == dpa
    )
    assert change.proposed["days"] == 31 and change.call and change.call.number == 2
    assert "Tom will go through the DPA" in change.evidence[0].quote
    milestone = second.milestone(dpa)
    assert milestone is not None
    assert milestone.first_due_date == dt.date(2026, 12, 15)
    assert milestone.due_date == dt.date(2027, 1, 15)
    assert milestone.days_slipped == 31 and milestone.status == MilestoneStatus.SLIPPED
    assert milestone.stated_in and milestone.stated_in.number == 1  # first dated on call 1
    assert second.slippage.total_days == 31
    assert second.slippage.by_owner == {"Tom Baker": 31}
    assert second.slippage.by_side == {"buyer": 31}


def test_pull_in_reassignment_and_completions(plans: list[Plan]) -> None:
    second = plans[1]
    summaries: dict[SuggestionKind, list[str]] = {}
    for s in second.suggestions:
        summaries.setdefault(s.kind, []).append(s.summary)
    assert any(
        "Pull in 'Current close checklist" in t and "-9 days" in t
        for t in summaries[SuggestionKind.CHANGE_DATE]
    )
    assert any("to Priya Shah" in t for t in summaries[SuggestionKind.REASSIGN])
    done = {
        second.milestone(s.milestone_id or "").title
        for s in second.suggestions
        if s.kind == SuggestionKind.MARK_DONE
    }  # type: ignore[union-attr]
    assert done == {
        "Security questionnaire sent",
        "Pricing proposal sent to Sarah",
        "Solution shown to the evaluation team",
    }


def test_findings_appear_and_clear(plans: list[Plan]) -> None:
    first, second, third = (codes(p) for p in plans)
    assert "no_signer" in first and "no_signer" not in second  # Karen named on call 2
    assert "refused_date" in first and "refused_date" in second and "refused_date" not in third
    assert "slipped" not in first and "slipped" in second and "slipped" not in third  # DPA done
    assert "go_live_at_risk" not in second and "go_live_at_risk" in third
    vendor = by_title(plans[0], "vendor record")[0]
    unowned = [
        next(f for f in p.findings if f.code == "unnamed_owner").milestone_ids for p in plans
    ]
    assert vendor in unowned[0] and vendor not in unowned[1]  # Priya owns it now
    risks = {r.kind: r for r in plans[-1].risks}
    assert risks["unknown_signer"].status == "resolved" and risks["unknown_signer"].resolved_in
    assert (
        risks["no_date_commitment"].resolved_in
        and risks["no_date_commitment"].resolved_in.number == 3
    )


def test_go_live_move_and_knock_on(plans: list[Plan]) -> None:
    third = plans[2]
    moved = next(
        s
        for s in third.suggestions
        if s.kind == SuggestionKind.SET_KEY_DATE and s.proposed["kind"] == "go_live"
    )
    assert moved.previous["date"] == "2027-06-01" and "+14 days" in moved.summary
    assert third.go_live == dt.date(2027, 6, 15)
    # Karen signs by April 30; go-live on June 15 needs the signature by April 16.
    (signed,) = by_title(third, "contract signed")
    contract = third.milestone(signed)
    assert contract is not None and contract.owner == "Karen Patel"
    assert contract.status == MilestoneStatus.AT_RISK and contract.source == "call"
    conflict = next(f for f in third.findings if f.code == "date_conflict")
    assert conflict.severity == "critical" and "Fri 16 Apr 2027" in conflict.message
    assert "10 business days late" in conflict.message
    s = third.slippage
    assert (s.planned_go_live, s.projected_go_live) == (dt.date(2027, 6, 15), dt.date(2027, 6, 29))
    assert s.go_live_knock_on_days == 14 and s.causes == (signed,)
    assert (
        signed in s.critical_path
        and s.critical_path[-1] == by_title(third, "live in production")[0]
    )


def test_derived_dates_say_how_and_follow_go_live(plans: list[Plan]) -> None:
    for plan in plans:
        for m in plan.milestones:
            if m.date_basis in (DateBasis.WORKED_BACK, DateBasis.WORKED_FORWARD):
                assert m.date_note and m.due_text is None  # derived, never passed off as said
    # Nobody dated the vendor record on call 1: it is worked back from go-live.
    vendor = plans[0].milestone(by_title(plans[0], "vendor record")[0])
    assert vendor and vendor.date_basis == DateBasis.WORKED_BACK and vendor.due_date
    assert "worked back from go-live Tue 1 Jun 2027" in (vendor.date_note or "")
    before, after = plans[1], plans[2]
    (kickoff,) = by_title(after, "kicked off")
    old, new = before.milestone(kickoff), after.milestone(kickoff)
    assert old and new and old.due_date and new.due_date
    assert new.due_date - old.due_date == dt.timedelta(days=14)  # go-live moved two weeks
    assert "Tue 15 Jun 2027" in (new.date_note or "")


def test_every_call_suggestion_has_evidence_and_its_call(plans: list[Plan]) -> None:
    for number, plan in enumerate(plans, start=1):
        assert [s.id for s in plan.suggestions] == [
            f"s{i}" for i in range(1, len(plan.suggestions) + 1)
        ]
        for s in plan.suggestions:
            assert s.summary
            if s.call is None:  # the deal's template, not a call
                assert s.kind == SuggestionKind.ADD_MILESTONE and s.proposed["source"] == "template"
            else:
                assert s.call.number == number
                assert s.evidence or s.kind == SuggestionKind.MARK_DONE
