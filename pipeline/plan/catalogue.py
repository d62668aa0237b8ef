"""The milestone catalogue: the steps a deal can hold, and templates of durations and order.

The catalogue is data (`pipeline/plan/catalogue/*.yaml`) so an org can edit it: `steps.yaml`
names every step (outcome title, usual side, whom to ask, synonyms heard on calls) and each other
file is a template for a deal size: which steps, how many business days each takes, and which
steps must be done first. `load_catalogue` validates it all at once (unknown steps, cycles, a
missing anchor) so a bad edit fails on loading, not halfway through a plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from pipeline.errors import ConfigurationError
from pipeline.models import Frozen, PlanStakeholder, Role, Side
from pipeline.plan.words import normalise

Gate = Literal["security", "legal", "procurement", "budget"]


class DealSize(StrEnum):
    SMALL = "small"
    MIDMARKET = "midmarket"
    ENTERPRISE = "enterprise"


class Step(Frozen):
    """One kind of milestone."""

    key: str
    title: str
    side: Side
    owner_role: str
    gate: Gate | None = None
    value: bool = False
    met_by: tuple[Literal["objective", "go_live"], ...] = ()
    synonyms: tuple[str, ...] = ()


class TemplateStep(Frozen):
    step: str
    days: int = Field(ge=0, le=250)  # business days of work ending on the due date
    after: tuple[str, ...] = ()


class LineRange(Frozen):
    min: int = Field(ge=1)
    max: int = Field(ge=1)


class Template(Frozen):
    """The steps of a deal of one size, with durations and dependencies."""

    name: str
    description: str = ""
    lines: LineRange
    anchor: str = "go_live"
    steps: tuple[TemplateStep, ...]

    @model_validator(mode="after")
    def _a_graph_without_cycles(self) -> Template:
        keys = [s.step for s in self.steps]
        if len(set(keys)) != len(keys):
            raise ValueError(f"template {self.name!r} lists a step twice")
        if self.anchor not in keys:
            raise ValueError(f"template {self.name!r} has no anchor step {self.anchor!r}")
        for s in self.steps:
            if unknown := set(s.after) - set(keys):
                raise ValueError(f"{self.name}: {s.step} comes after unknown {sorted(unknown)}")
        topological_order({s.step: s.after for s in self.steps})  # raises on a cycle
        return self

    def get(self, key: str) -> TemplateStep | None:
        return next((s for s in self.steps if s.step == key), None)


class Catalogue(Frozen):
    steps: dict[str, Step]
    templates: dict[str, Template]

    @model_validator(mode="after")
    def _templates_use_known_steps(self) -> Catalogue:
        for template in self.templates.values():
            if unknown := {s.step for s in template.steps} - set(self.steps):
                raise ValueError(f"template {template.name!r} uses unknown steps {sorted(unknown)}")
        return self

    def template(self, size: DealSize | str) -> Template:
        if str(size) not in self.templates:
            raise ConfigurationError(
                f"no plan template {size!r} in the catalogue (have: {', '.join(self.templates)})"
            )
        return self.templates[str(size)]

    def step_for(self, text: str) -> Step | None:
        """The step whose longest synonym appears in `text` (normalised words), if any."""
        words = f" {normalise(text)} "
        best: tuple[int, Step] | None = None
        for step in self.steps.values():
            for synonym in step.synonyms:
                phrase = normalise(synonym)
                if phrase and f" {phrase} " in words and (best is None or len(phrase) > best[0]):
                    best = (len(phrase), step)
        return best[1] if best else None


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Read `steps.yaml` and every template beside it (default: the bundled catalogue)."""
    root = folder or Path(str(resources.files("pipeline.plan") / "catalogue"))
    try:
        raw_steps = _read(root / "steps.yaml")["steps"]
        if not isinstance(raw_steps, dict):
            raise TypeError("'steps' must map each step's key to its fields")
        steps = {key: Step(key=key, **value) for key, value in raw_steps.items()}
        templates = {}
        for path in sorted(root.glob("*.yaml")):
            if path.name != "steps.yaml":
                template = Template.model_validate(_read(path))
                templates[template.name] = template
        return Catalogue(steps=steps, templates=templates)
    except (ValidationError, KeyError, TypeError, ValueError) as error:
        raise ConfigurationError(
            f"the milestone catalogue in {root} is invalid: {error}"
        ) from error


def _read(path: Path) -> dict[str, object]:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except OSError as error:
        raise ConfigurationError(f"cannot read {path}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise ConfigurationError(f"{path} is not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path} must hold a mapping")
    return data


_GATE_ROLES = {Role.SECURITY, Role.LEGAL, Role.PROCUREMENT}


def infer_size(stakeholders: Iterable[PlanStakeholder]) -> DealSize:
    """A deal's size from its buying committee: gatekeepers or 4+ buyers mean enterprise."""
    buyers = [s for s in stakeholders if s.side != Side.SELLER]
    if any(s.role in _GATE_ROLES for s in buyers) or len(buyers) >= 4:
        return DealSize.ENTERPRISE
    if len(buyers) >= 2 or any(s.role == Role.ECONOMIC_BUYER for s in buyers):
        return DealSize.MIDMARKET
    return DealSize.SMALL


def topological_order(after: dict[str, Sequence[str]]) -> list[str]:
    """Keys ordered so that each comes after everything it depends on (input order on ties)."""
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(key: str, path: tuple[str, ...]) -> None:
        if state.get(key) == "done":
            return
        if state.get(key) == "visiting":
            raise ValueError(f"dependency cycle: {' -> '.join((*path, key))}")
        state[key] = "visiting"
        for before in after.get(key, ()):
            if before in after:
                visit(before, (*path, key))
        state[key] = "done"
        order.append(key)

    for key in after:
        visit(key, ())
    return order
