"""Steps changed by hand: added, changed, removed; ids, sides, catalogue links and slippage."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.models import DateBasis, Milestone, MilestoneStatus, Plan, PlanStakeholder, Side
from pipeline.plan import PlanOptions, load_catalogue, rederive
from pipeline.plan.edits import add_step, change_step, next_milestone_number, remove_step

CATALOGUE = load_catalogue()
DAY = dt.date(2026, 11, 20)


def plan(*milestones: Milestone, people: tuple[PlanStakeholder, ...] = ()) -> Plan:
    return Plan(deal="d", version=1, as_of=DAY, milestones=milestones, stakeholders=people)


def test_the_next_id_is_after_every_id_of_every_plan_given() -> None:
    working = plan(Milestone(id="m2", title="a"), Milestone(id="custom", title="b"))
    pending = plan(Milestone(id="m2", title="a"), Milestone(id="m5", title="c"))
    assert next_milestone_number(working, pending, None) == 6
    assert next_milestone_number(plan()) == 1


def test_an_added_step_is_manual_dated_and_takes_its_owners_side() -> None:
    people = (PlanStakeholder(name="Priya Shah", side=Side.BUYER),)
    added = add_step(
        plan(people=people),
        "m1",
        "Budget owner briefed",
        CATALOGUE,
        owner="priya shah",
        due_date=DAY + dt.timedelta(days=7),
    ).milestones[0]
    assert added.source == "manual" and added.owner_side == Side.BUYER
    assert added.date_basis == DateBasis.STATED and added.first_due_date == added.due_date
    assert added.due_precision == "day"
    # the deal's people, given by the caller, win over an unknown side
    elsewhere = add_step(plan(), "m1", "x", CATALOGUE, owner="Tom", sides={"tom": Side.SELLER})
    assert elsewhere.milestones[0].owner_side == Side.SELLER


def test_an_added_catalogue_step_claims_its_line_once() -> None:
    first = add_step(plan(), "m1", "Security review passed", CATALOGUE)
    assert first.milestones[0].step == "security_review"
    second = add_step(first, "m2", "Security questionnaire returned", CATALOGUE)
    assert second.milestones[1].step is None
    assert second.milestones[1].feeds == "security_review"


def test_a_worked_out_status_or_a_taken_id_is_refused() -> None:
    with pytest.raises(ValueError, match="worked out from the dates"):
        add_step(plan(), "m1", "x", CATALOGUE, status=MilestoneStatus.SLIPPED)
    with pytest.raises(ValueError, match="already has a step 'm1'"):
        add_step(plan(Milestone(id="m1", title="a")), "m1", "x", CATALOGUE)


def test_a_moved_date_slips_from_the_first_and_a_correction_starts_again() -> None:
    start = add_step(plan(), "m1", "Pilot data shared", CATALOGUE, due_date=DAY)
    options = PlanOptions(deal="d", catalogue=CATALOGUE)
    moved = rederive(change_step(start, "m1", {"due_date": DAY + dt.timedelta(days=3)}), options)
    m = moved.milestones[0]
    assert (m.first_due_date, m.days_slipped, m.status) == (DAY, 3, MilestoneStatus.SLIPPED)
    fixed = change_step(moved, "m1", {"due_date": DAY + dt.timedelta(days=2)}, correction=True)
    m = rederive(fixed, options).milestones[0]
    assert (m.first_due_date, m.days_slipped) == (DAY + dt.timedelta(days=2), 0)


def test_a_new_owner_replaces_the_role_and_brings_a_known_side() -> None:
    step = Milestone(id="m1", title="PO issued", owner_role="procurement", owner_side=Side.BUYER)
    named = change_step(plan(step), "m1", {"owner": "Bisi"}).milestones[0]
    assert (named.owner, named.owner_role, named.owner_side) == ("Bisi", None, Side.BUYER)
    kept = change_step(plan(step), "m1", {"title": "PO raised"}).milestones[0]
    assert kept.owner_role == "procurement"
    with pytest.raises(ValueError, match="evidence cannot be set by hand"):
        change_step(plan(step), "m1", {"evidence": []})
    with pytest.raises(LookupError, match="no step 'm9'"):
        change_step(plan(step), "m9", {"title": "x"})


def test_a_removed_step_is_no_longer_waited_for() -> None:
    first = Milestone(id="m1", title="Security review passed")
    then = Milestone(id="m2", title="Contract signed", depends_on=("m1",))
    left = remove_step(plan(first, then), "m1")
    assert [m.id for m in left.milestones] == ["m2"]
    assert left.milestones[0].depends_on == ()
    with pytest.raises(LookupError):
        remove_step(left, "m1")
