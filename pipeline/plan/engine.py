"""The plan engine: one call's news and the deal's current plan in, the next plan version out.

Read top to bottom, the update is:

    propose    what the call changes, as suggestions with evidence   pipeline.plan.propose
    apply      the plan as if the rep accepted every suggestion      pipeline.plan.apply
    template   the deal's usual steps nobody said yet, dependencies  pipeline.plan.template
    schedule   dates worked back from go-live                         pipeline.plan.schedule
    track      slippage, statuses, knock-on to go-live                pipeline.plan.slippage
    health     findings with severity and a fix                      pipeline.plan.health

Nothing is published here: the result is a draft whose suggestions the rep reviews.
"""

from __future__ import annotations

import datetime as dt

from pipeline.models import CallRef, Frozen, Milestone, Plan, Suggestion
from pipeline.plan.apply import apply_all
from pipeline.plan.catalogue import Catalogue, DealSize, Template
from pipeline.plan.health import Checkup, health
from pipeline.plan.propose import CallNews, propose
from pipeline.plan.resources import resources
from pipeline.plan.risks import resolve_risks
from pipeline.plan.schedule import schedule
from pipeline.plan.slippage import track
from pipeline.plan.template import choose_template, link, met_steps, template_steps


class PlanOptions(Frozen):
    """How a deal's plan is built: its id, the catalogue, and the deal size if known."""

    deal: str
    catalogue: Catalogue
    size: DealSize | None = None  # None: the plan's template, or inferred from the committee


def update_plan(current: Plan | None, news: CallNews, options: PlanOptions) -> Plan:
    """The deal's next plan version after one call.

    Args:
        current: the deal's current plan, or None before the first call.
        news: the call's reference, grounded extraction, and progress reported on it.
        options: deal id, milestone catalogue, deal size.

    Returns:
        A draft numbered one after `current`, holding the suggestions that lead to it from
        `current` (ids s1, s2, ... in review order) and its health findings.
    """
    plan = _next_version(current, news, options.deal)
    from_call = propose(plan, news, options.catalogue)
    plan = resolve_risks(apply_all(plan, from_call), news.call, options.catalogue)
    template = choose_template(plan, options.catalogue, options.size)
    from_template = template_steps(plan, template, options.catalogue)
    plan = apply_all(plan, from_template).model_copy(update={"template": template.name})
    met = [s.model_copy(update={"call": news.call}) for s in met_steps(plan, options.catalogue)]
    plan = apply_all(plan, met)
    checkup = Checkup(template, options.catalogue, news.extraction.commitments)
    plan = _derived(plan, template, checkup)
    return plan.model_copy(update={"suggestions": _numbered([*from_call, *from_template, *met])})


def rederive(plan: Plan, options: PlanOptions) -> Plan:
    """The plan's worked-out parts again after a rep changed it (accepted or edited a step).

    Schedule, slippage, order, resources and findings follow from the steps; nothing is proposed.
    """
    template = choose_template(plan, options.catalogue, options.size)
    plan = link(plan, template).model_copy(update={"template": template.name})
    return _derived(plan, template, Checkup(template, options.catalogue, ()))


def _derived(plan: Plan, template: Template, checkup: Checkup) -> Plan:
    plan = _ordered(track(schedule(link(plan, template), template), template))
    return plan.model_copy(update={"resources": resources(plan), "findings": health(plan, checkup)})


def _next_version(current: Plan | None, news: CallNews, deal: str) -> Plan:
    if current is None:
        return Plan(deal=deal, version=1, as_of=news.call.date, calls=(news.call,))
    return current.model_copy(
        update={
            "version": current.version + 1,
            "status": "draft",
            "as_of": max(current.as_of, news.call.date),
            "calls": (*current.calls, news.call),
            "suggestions": (),
            "findings": (),
        }
    )


def _ordered(plan: Plan) -> Plan:
    """Milestones by due date: done undated steps first, open undated ones last; ties keep the
    order they were added in."""

    def when(m: Milestone) -> dt.date:
        return m.due_date or (dt.date.min if m.status == "done" else dt.date.max)

    milestones = sorted(plan.milestones, key=when)
    return plan.model_copy(update={"milestones": tuple(milestones)})


def _numbered(suggestions: list[Suggestion]) -> tuple[Suggestion, ...]:
    return tuple(s.model_copy(update={"id": f"s{i}"}) for i, s in enumerate(suggestions, start=1))


def next_call(current: Plan | None, date: dt.date, name: str | None = None) -> CallRef:
    """The reference the deal's next call gets: numbered after the calls the plan holds."""
    return CallRef(number=len(current.calls) + 1 if current else 1, date=date, name=name)
