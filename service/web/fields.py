"""What a rep may edit in each kind of suggestion, as form fields, and the form's values turned
into the changes the review service checks (with the pipeline's own models)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pipeline.models import RiskKind, Role, Side, SuggestionKind

K = SuggestionKind
SIDES = tuple(s.value for s in Side)
ROLES = ("", *(r.value for r in Role))


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    input: Literal["text", "date", "select", "textarea"] = "text"
    options: tuple[str, ...] = ()
    required: bool = False


_OWNER = FormField("owner", "Owner (a named person)")
_SIDE = FormField("owner_side", "Owner's side", "select", SIDES)
_PERSON = (
    FormField("name", "Name"),
    FormField("title", "Title"),
    FormField("side", "Side", "select", SIDES),
    FormField("role", "Role in the deal", "select", ROLES),
)

EDITABLE: dict[SuggestionKind, tuple[FormField, ...]] = {
    K.ADD_MILESTONE: (
        FormField("title", "Step (as an outcome)", required=True),
        _OWNER,
        _SIDE,
        FormField("due_date", "Due date", "date"),
    ),
    K.CHANGE_DATE: (FormField("due_date", "New due date", "date"),),
    K.MARK_DONE: (),
    K.REASSIGN: (_OWNER, _SIDE),
    K.ADD_STAKEHOLDER: _PERSON,
    K.UPDATE_STAKEHOLDER: _PERSON,
    K.SET_OBJECTIVE: (
        FormField("statement", "Objective, in the buyer's words", "textarea", required=True),
        FormField("metric", "Success metric"),
        FormField("target_date", "Target date", "date"),
    ),
    K.SET_KEY_DATE: (
        FormField("date", "Date", "date"),
        FormField("description", "What it is", "textarea"),
    ),
    K.RAISE_RISK: (
        FormField("kind", "Kind of risk", "select", tuple(k.value for k in RiskKind)),
        FormField("description", "What was said", "textarea", required=True),
    ),
}

# The groups of the review page, in the order a rep reads a plan.
GROUPS: tuple[tuple[SuggestionKind, str], ...] = (
    (K.SET_OBJECTIVE, "Objective"),
    (K.SET_KEY_DATE, "Key dates"),
    (K.ADD_STAKEHOLDER, "New people"),
    (K.UPDATE_STAKEHOLDER, "People changed"),
    (K.ADD_MILESTONE, "New steps"),
    (K.CHANGE_DATE, "Dates moved"),
    (K.REASSIGN, "Steps reassigned"),
    (K.MARK_DONE, "Steps done"),
    (K.RAISE_RISK, "Risks"),
)


def shown(value: Any) -> str:
    """A proposed value as a form shows it ("" for none)."""
    return "" if value is None else str(value)


def typed(kind: SuggestionKind, form: Mapping[str, Any]) -> dict[str, str]:
    """The form's values for this kind's fields, as typed (kept to show again on an error)."""
    return {f.name: str(form.get(f.name, "")).strip() for f in EDITABLE[kind]}


def changes(
    kind: SuggestionKind, proposed: Mapping[str, Any], values: dict[str, str]
) -> dict[str, Any]:
    """Only the fields the rep changed; an emptied field is None (the service says if it may be)."""
    return {
        name: value or None for name, value in values.items() if value != shown(proposed.get(name))
    }
