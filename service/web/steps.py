"""The deal page's own step forms: add a step by hand, change one, remove one (the plan's
revision goes with each form, so a change made meanwhile is refused, not overwritten)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session

from pipeline.models import Side
from service.auth.service import Caller
from service.deals.service import editable_deal
from service.deps import RuntimeDep, SessionDep
from service.errors import ConflictError, FieldError, NotFoundError
from service.plans import edits
from service.web.auth import Csrf, PageCaller, flash
from service.web.pages import FormDep, PageRoute, redirect

router = APIRouter(route_class=PageRoute, include_in_schema=False)

STATUSES = ("not_started", "in_progress", "done")


@router.post("/deals/{deal_id}/milestones", dependencies=[Csrf])
def add_step(
    deal_id: int,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    def act() -> str:
        fields = {k: v for k, v in _typed(form).items() if v is not None}
        catalogue = runtime.pipeline.catalogue
        edits.add_step(session, caller, catalogue, deal_id, fields, _revision(form))
        return f"Added step '{fields.get('title', '')}'."

    return _done(request, session, caller, deal_id, act)


@router.post("/deals/{deal_id}/milestones/{milestone_id}/edit", dependencies=[Csrf])
def change_step(
    deal_id: int,
    milestone_id: str,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    def act() -> str:
        typed = _typed(form)  # a side or status left unset stays as it is
        changes = {k: v for k, v in typed.items() if v is not None or k in ("owner", "due_date")}
        if not changes.get("title"):
            raise FieldError("the step needs a title", "title")
        correction = form.get("correction") == "on"
        edits.change_step(
            session,
            caller,
            runtime.pipeline.catalogue,
            deal_id,
            milestone_id,
            changes,
            _revision(form),
            correction=correction,
        )
        return f"Saved step '{changes['title']}'."

    return _done(request, session, caller, deal_id, act)


@router.post("/deals/{deal_id}/milestones/{milestone_id}/done", dependencies=[Csrf])
def mark_done(
    deal_id: int,
    milestone_id: str,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    def act() -> str:
        catalogue = runtime.pipeline.catalogue
        changes = {"status": "done"}
        edits.change_step(
            session, caller, catalogue, deal_id, milestone_id, changes, _revision(form)
        )
        title = str(form.get("title", "")).strip() or milestone_id
        return f"Marked '{title}' done."

    return _done(request, session, caller, deal_id, act)


@router.post("/deals/{deal_id}/milestones/{milestone_id}/remove", dependencies=[Csrf])
def remove_step(
    deal_id: int,
    milestone_id: str,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    def act() -> str:
        catalogue = runtime.pipeline.catalogue
        edits.remove_step(session, caller, catalogue, deal_id, milestone_id, _revision(form))
        title = str(form.get("title", "")).strip() or milestone_id
        return f"Removed step '{title}'. Published versions keep it."

    return _done(request, session, caller, deal_id, act)


def _done(
    request: Request, session: Session, caller: Caller, deal_id: int, act: Callable[[], str]
) -> Response:
    """Do it and say so; a refusal (stale page, bad value, a step removed meanwhile) is said
    instead, and nothing changes. Another's deal is refused first, as a page (404, 403)."""
    editable_deal(session, caller, deal_id)
    try:
        message = act()
    except (ConflictError, FieldError, NotFoundError) as error:
        session.rollback()
        flash(request, f"Not saved: {error.message}.", "error")
    else:
        session.commit()
        flash(request, message)
    return redirect(f"/deals/{deal_id}#timeline-title")


def _typed(form: Any) -> dict[str, Any]:
    """The step's fields as the form sent them; an empty field is None."""
    text = {
        name: str(form.get(name, "")).strip() or None
        for name in ("title", "owner", "owner_side", "due_date", "status")
    }
    try:
        due = dt.date.fromisoformat(text["due_date"]) if text["due_date"] else None
    except ValueError as error:
        raise FieldError(f"due_date: {text['due_date']!r} is not a date", "due_date") from error
    side = text["owner_side"]
    status = text["status"]
    return {
        **text,
        "due_date": due,
        "owner_side": Side(side) if side in tuple(Side) else None,
        "status": status if status in STATUSES else None,
    }


def _revision(form: Any) -> int | None:
    text = str(form.get("revision", "")).strip()
    return int(text) if text.isdigit() else None
