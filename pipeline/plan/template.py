"""The deal's template applied to its plan: the steps nobody has said yet, and the order of all.

Template steps come in as `add_milestone` suggestions with `source: template` (no call, no
evidence), so the rep accepts or removes them like anything else. Dependencies are recomputed
on every update from the catalogue steps the milestones are (`step`) or lead into (`feeds`).
"""

from __future__ import annotations

from pipeline.models import Milestone, Plan, Suggestion, SuggestionKind
from pipeline.plan.catalogue import Catalogue, DealSize, Template, infer_size
from pipeline.plan.edits import next_milestone_number

_SIZES = list(DealSize)


def choose_template(plan: Plan, catalogue: Catalogue, size: DealSize | None) -> Template:
    """The given size; else the plan's template, moved up (never down) as the committee grows."""
    if size is not None:
        return catalogue.template(size)
    inferred = infer_size(plan.stakeholders)
    if plan.template in catalogue.templates and plan.template in _SIZES:
        inferred = max(inferred, DealSize(plan.template), key=_SIZES.index)
    elif plan.template in catalogue.templates:
        return catalogue.template(plan.template)  # an org's own template: keep it
    return catalogue.template(inferred)


def template_steps(plan: Plan, template: Template, catalogue: Catalogue) -> list[Suggestion]:
    """An `add_milestone` suggestion for each template step the plan does not hold yet."""
    held = {m.step for m in plan.milestones}
    next_id = next_milestone_number(plan)
    suggestions = []
    for template_step in template.steps:
        if template_step.step in held:
            continue
        step = catalogue.steps[template_step.step]
        milestone = Milestone(
            id=f"m{next_id}",
            title=step.title,
            owner_role=step.owner_role,
            owner_side=step.side,
            source="template",
            step=step.key,
            duration_days=template_step.days,
        )
        next_id += 1
        suggestions.append(
            Suggestion(
                kind=SuggestionKind.ADD_MILESTONE,
                milestone_id=milestone.id,
                proposed=milestone.model_dump(mode="json", exclude={"id", "evidence"}),
                summary=f"Add '{step.title}' ({step.side}, {step.owner_role}): "
                f"a usual step of {template.name} deals",
            )
        )
    return suggestions


def link(plan: Plan, template: Template) -> Plan:
    """Durations and dependencies from the template, for every milestone that is a step."""
    by_step: dict[str, str] = {m.step: m.id for m in plan.milestones if m.step}
    feeders: dict[str, list[str]] = {}
    for m in plan.milestones:
        if m.feeds:
            feeders.setdefault(m.feeds, []).append(m.id)
    milestones = []
    for m in plan.milestones:
        template_step = template.get(m.step) if m.step else None
        if template_step is None:
            milestones.append(m)
            continue
        before = _present_before(m.step or "", template, set(by_step))
        depends_on = tuple(by_step[s] for s in before) + tuple(feeders.get(m.step or "", ()))
        duration = m.duration_days if m.duration_days is not None else template_step.days
        milestones.append(
            m.model_copy(update={"depends_on": depends_on, "duration_days": duration})
        )
    return plan.model_copy(update={"milestones": tuple(milestones)})


def _present_before(step: str, template: Template, present: set[str]) -> list[str]:
    """The steps that must come first, skipping over any the plan does not hold."""
    found: list[str] = []
    template_step = template.get(step)
    for before in template_step.after if template_step else ():
        for key in [before] if before in present else _present_before(before, template, present):
            if key not in found:
                found.append(key)
    return found


def met_steps(plan: Plan, catalogue: Catalogue) -> list[Suggestion]:
    """`mark_done` for steps the plan itself shows done ("goals and timeline agreed")."""
    facts = {
        "objective": bool(plan.objective and plan.objective.metric),
        "go_live": plan.go_live is not None,
    }
    suggestions = []
    for m in plan.milestones:
        step = catalogue.steps.get(m.step or "")
        if step is None or not step.met_by or m.status == "done":
            continue
        if all(facts[fact] for fact in step.met_by):
            shown = " and ".join(
                "a goal with a metric" if f == "objective" else "a go-live date"
                for f in step.met_by
            )
            suggestions.append(
                Suggestion(
                    kind=SuggestionKind.MARK_DONE,
                    milestone_id=m.id,
                    proposed={"status": "done"},
                    previous={"status": m.status},
                    summary=f"Mark '{m.title}' done: the plan now has {shown}",
                )
            )
    return suggestions
