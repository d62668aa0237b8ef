"""What changed between two plans: steps added, removed and changed (field by field), people,
key dates and the objective. Read by reps before publishing and by anyone comparing versions."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from pipeline.models import Plan

# Fields a rep or a buyer cares about; derived bookkeeping (notes, evidence) is left out.
_STEP_FIELDS = ("title", "owner", "owner_side", "due_date", "status", "days_slipped")


class FieldChange(BaseModel):
    field: str
    before: Any
    after: Any


class StepChange(BaseModel):
    id: str
    title: str
    changes: list[FieldChange]


class PlanDiff(BaseModel):
    from_version: str
    to_version: str
    steps_added: list[dict[str, Any]]
    steps_removed: list[dict[str, Any]]
    steps_changed: list[StepChange]
    stakeholders_added: list[dict[str, Any]]
    stakeholders_removed: list[dict[str, Any]]
    key_dates_changed: list[FieldChange]
    objective: FieldChange | None

    @property
    def empty(self) -> bool:
        return not any(
            [
                self.steps_added,
                self.steps_removed,
                self.steps_changed,
                self.stakeholders_added,
                self.stakeholders_removed,
                self.key_dates_changed,
                self.objective,
            ]
        )


def diff(before: Plan | None, after: Plan, labels: tuple[str, str]) -> PlanDiff:
    old = {m.id: m for m in (before.milestones if before else ())}
    new = {m.id: m for m in after.milestones}
    changed = []
    for mid in old.keys() & new.keys():
        a, b = old[mid].model_dump(mode="json"), new[mid].model_dump(mode="json")
        fields = [
            FieldChange(field=f, before=a[f], after=b[f]) for f in _STEP_FIELDS if a[f] != b[f]
        ]
        if fields:
            changed.append(StepChange(id=mid, title=new[mid].title, changes=fields))
    people_before = {p.key: p for p in (before.stakeholders if before else ())}
    people_after = {p.key: p for p in after.stakeholders}
    dates_before = {k.kind: k.date for k in (before.key_dates if before else ())}
    dates_after = {k.kind: k.date for k in after.key_dates}
    objective_before = before.objective if before else None
    return PlanDiff(
        from_version=labels[0],
        to_version=labels[1],
        steps_added=[_step(new[i]) for i in new.keys() - old.keys()],
        steps_removed=[_step(old[i]) for i in old.keys() - new.keys()],
        steps_changed=sorted(changed, key=lambda c: c.id),
        stakeholders_added=[
            p.model_dump(mode="json") for k, p in people_after.items() if k not in people_before
        ],
        stakeholders_removed=[
            p.model_dump(mode="json") for k, p in people_before.items() if k not in people_after
        ],
        key_dates_changed=[
            FieldChange(
                field=kind, before=_iso(dates_before.get(kind)), after=_iso(dates_after.get(kind))
            )
            for kind in sorted(dates_before.keys() | dates_after.keys())
            if dates_before.get(kind) != dates_after.get(kind)
        ],
        objective=None
        if objective_before == after.objective
        else FieldChange(
            field="objective",
            before=objective_before.model_dump(mode="json") if objective_before else None,
            after=after.objective.model_dump(mode="json") if after.objective else None,
        ),
    )


def _step(m: Any) -> dict[str, Any]:
    return {f: v for f, v in m.model_dump(mode="json").items() if f in ("id", *_STEP_FIELDS)}


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None
