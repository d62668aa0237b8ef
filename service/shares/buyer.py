"""What a buyer may read of a published plan, and the page they read it on.

`for_buyer` keeps the co-owned plan (objective, key dates, people and what they are responsible
for, steps with owners, dates and status, what moved) and drops what is the seller's own:
evidence and the words quoted from calls, how dates were derived, suggestions, health findings,
risks, who caused a slip, the seller's reading of the buying committee (champion, blocker,
coach), recording file names. The share link's JSON, page and exports all go through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.models import CallRef, Milestone, MilestoneStatus, Plan, PlanStakeholder, Slippage
from pipeline.render import BUYER_ROLES
from service.templating import environment

# The seller's reading of the committee: a step owned by "the champion" is shown to the buyer as
# owned by someone still to be named.
_INTERNAL_ROLES = {"champion", "coach", "blocker", "influencer"}


def for_buyer(plan: Plan) -> Plan:
    return plan.model_copy(
        update={
            "calls": tuple(_call(c) for c in plan.calls),
            "key_dates": tuple(k.model_copy(update={"description": None}) for k in plan.key_dates),
            "stakeholders": tuple(_person(s) for s in plan.stakeholders),
            "milestones": tuple(_step(m) for m in plan.milestones),
            "risks": (),
            "suggestions": (),
            "findings": (),
            "slippage": Slippage(
                total_days=plan.slippage.total_days,
                planned_go_live=plan.slippage.planned_go_live,
            ),
        }
    )


def _call(ref: CallRef | None) -> CallRef | None:
    return ref.model_copy(update={"name": None}) if ref else None


def _person(s: PlanStakeholder) -> PlanStakeholder:
    return s.model_copy(update={"role": s.role if s.role in BUYER_ROLES else None})


def _step(m: Milestone) -> Milestone:
    changes = tuple(c.model_copy(update={"call": _call(c.call)}) for c in m.date_changes)
    role = m.owner_role if (m.owner_role or "").casefold() not in _INTERNAL_ROLES else None
    return m.model_copy(
        update={
            "owner_role": role,
            "action": None,
            "due_text": None,
            "date_basis": None,
            "date_note": None,
            "stated_in": _call(m.stated_in),
            "date_changes": changes,
            "evidence": (),
        }
    )


@dataclass(frozen=True)
class PageContext:
    """What the page says around the plan."""

    deal_name: str
    buyer_company: str
    seller_company: str | None
    version: int
    published_at: dt.datetime
    downloads: dict[str, str]  # label -> URL


def buyer_page(plan: Plan, context: PageContext) -> str:
    """The published plan as a printable page: works without JavaScript and without login."""
    shown = for_buyer(plan)
    today = shown.as_of
    steps = list(enumerate(shown.milestones, start=1))
    open_steps = [(n, m) for n, m in steps if m.status != MilestoneStatus.DONE]
    owners: dict[str, list[tuple[int, Milestone]]] = {}
    for n, m in open_steps:
        owners.setdefault(_owner(m), []).append((n, m))
    template = environment("service.shares", html=True).get_template("buyer.html.j2")
    return template.render(
        plan=shown,
        page=context,
        steps=steps,
        done=len(steps) - len(open_steps),
        next_steps=[(n, m) for n, m in open_steps if m.due_date][:3],
        owners=sorted(owners.items(), key=lambda item: _first_due(item[1])),
        moved=[(n, m) for n, m in steps if m.date_changes or m.days_slipped],
        overdue={m.id for _, m in open_steps if m.due_date and m.due_date < today},
        documents=[r for r in shown.resources if r.kind != "value"],
        owner=_owner,
    )


def _owner(m: Milestone) -> str:
    if m.owner:
        return m.owner
    return f"{m.owner_role.capitalize()} (to be named)" if m.owner_role else "To be named"


def _first_due(items: list[tuple[int, Milestone]]) -> dt.date:
    return min((m.due_date for _, m in items if m.due_date), default=dt.date.max)
