"""The review page: a deal's pending suggestions grouped by kind, each with its evidence and the
recording beside it; accept, edit (checked by the review service), reject with a reason, accept
many at once. A conflict (someone changed the suggestion meanwhile) keeps what the rep typed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session

from pipeline.errors import InputError
from pipeline.models import SuggestionKind
from service.auth.service import Caller
from service.db.models import Call, SuggestionRow, User
from service.deals.service import get_deal
from service.deps import RuntimeDep, SessionDep
from service.errors import ConflictError, FieldError, NotFoundError
from service.plans import service as plans
from service.suggestions import service as suggestions
from service.suggestions.schemas import SuggestionPublic
from service.web import fields
from service.web.auth import Csrf, PageCaller, flash
from service.web.pages import FormDep, PageRoute, redirect, render, wants_fragment

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@dataclass(frozen=True)
class CardState:
    """How a card is drawn after an action: what the rep typed is kept whenever it failed."""

    open: str | None = None  # "edit" | "reject": the form left open; "undo": what was tried
    values: dict[str, str] | None = None
    reason: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # field name ("" for the card) → text
    conflict: str | None = None
    version: int | None = None  # the version the form saves against (after a conflict: now's)


@dataclass(frozen=True)
class Card:
    s: SuggestionPublic
    fields: tuple[fields.FormField, ...]
    state: CardState
    audio: str | None  # the page's URL of the call's recording, when the call is a recording
    decided_by: str | None


@router.get("/deals/{deal_id}/review", summary="Review a deal's suggestions")
def review_page(
    deal_id: int, request: Request, session: SessionDep, caller: PageCaller
) -> Response:
    return _page(request, session, caller, deal_id, {})


@router.post("/deals/{deal_id}/suggestions/{suggestion_id}/accept", dependencies=[Csrf])
def accept(
    deal_id: int,
    suggestion_id: int,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    version = _int(form.get("version"))
    catalogue = runtime.pipeline.catalogue
    act = lambda: suggestions.accept(session, caller, catalogue, suggestion_id, version)  # noqa: E731
    return _act(request, session, caller, (deal_id, suggestion_id), act, CardState(version=version))


@router.post("/deals/{deal_id}/suggestions/{suggestion_id}/reject", dependencies=[Csrf])
def reject(
    deal_id: int,
    suggestion_id: int,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
) -> Response:
    version = _int(form.get("version"))
    reason = str(form.get("reason", "")).strip()
    state = CardState(open="reject", reason=reason, version=version)
    if not reason:
        state = replace(
            state, errors={"reason": "say why, in a few words (it is kept in the audit trail)"}
        )
        return _answer(request, session, caller, (deal_id, suggestion_id), state, 422)
    act = lambda: suggestions.reject(session, caller, suggestion_id, version, reason)  # noqa: E731
    return _act(request, session, caller, (deal_id, suggestion_id), act, state)


@router.post("/deals/{deal_id}/suggestions/{suggestion_id}/undo", dependencies=[Csrf])
def undo(
    deal_id: int,
    suggestion_id: int,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
) -> Response:
    version = _int(form.get("version"))
    act = lambda: suggestions.undo(session, caller, suggestion_id, version)  # noqa: E731
    state = CardState(open="undo", version=version)
    return _act(request, session, caller, (deal_id, suggestion_id), act, state)


@router.post("/deals/{deal_id}/suggestions/{suggestion_id}/edit", dependencies=[Csrf])
def edit(
    deal_id: int,
    suggestion_id: int,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    row = _suggestion(session, caller, deal_id, suggestion_id)
    kind = SuggestionKind(row.kind)
    version = _int(form.get("version"))
    values = fields.typed(kind, form)
    then_accept = form.get("then") == "accept"
    state = CardState(open="edit", values=values, version=version)

    def act() -> None:
        current = version
        wanted = fields.changes(kind, row.body.get("proposed", {}), values)
        if wanted:
            current = suggestions.edit(
                session, caller, suggestion_id, version or row.version, wanted
            ).version
        if then_accept:
            suggestions.accept(session, caller, runtime.pipeline.catalogue, suggestion_id, current)

    return _act(request, session, caller, (deal_id, suggestion_id), act, state)


@router.post("/deals/{deal_id}/review/accept", dependencies=[Csrf])
def bulk_accept(
    deal_id: int,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    """Accept the ticked suggestions (or a whole group): each at the version the rep saw."""
    get_deal(session, caller, deal_id)
    picked = [*form.getlist("pick"), *",".join(map(str, form.getlist("ids"))).split(",")]
    done, failed = 0, []
    for suggestion_id, version in _id_versions(picked):
        try:
            if _suggestion(session, caller, deal_id, suggestion_id).status != "pending":
                continue
            suggestions.accept(session, caller, runtime.pipeline.catalogue, suggestion_id, version)
            session.commit()
            done += 1
        except (ConflictError, InputError, NotFoundError) as error:
            session.rollback()
            failed.append(error.message)
    flash(request, f"Accepted {done} suggestion{'s' if done != 1 else ''}.")
    for message in failed:
        flash(request, f"Not accepted: {message}", "error")
    return redirect(f"/deals/{deal_id}/review")


def _act(
    request: Request,
    session: Session,
    caller: Caller,
    ids: tuple[int, int],
    act: Callable[[], Any],
    state: CardState,
) -> Response:
    deal_id, suggestion_id = ids
    _suggestion(
        session, caller, deal_id, suggestion_id
    )  # 404 for another deal's (or org's) suggestion
    try:
        act()
        session.commit()
    except FieldError as error:
        session.rollback()
        return _answer(
            request, session, caller, ids, _error(state, error.field, error.message), 422
        )
    except ConflictError as error:
        session.rollback()
        return _answer(
            request, session, caller, ids, _conflict(session, suggestion_id, state, error), 409
        )
    except InputError as error:
        session.rollback()
        return _answer(request, session, caller, ids, _error(state, None, error.message), 422)
    if not wants_fragment(request):
        return redirect(f"/deals/{deal_id}/review#s-{suggestion_id}")
    return _answer(request, session, caller, ids, CardState(), 200)


def _error(state: CardState, name: str | None, message: str) -> CardState:
    known = {f.name for kind in fields.EDITABLE.values() for f in kind} | {"reason"}
    if name in known:  # shown beside the field: the field's name need not be said again
        return replace(state, errors={name: message.split(f"{name}: ", 1)[-1]})
    return replace(state, errors={"": message})


def _conflict(
    session: Session, suggestion_id: int, state: CardState, error: ConflictError
) -> CardState:
    session.expire_all()
    row = session.get_one(SuggestionRow, suggestion_id)
    if state.open == "undo":  # why this decision cannot be taken back
        text = error.message
    elif row.status != "pending":
        who = session.get(User, row.decided_by) if row.decided_by else None
        text = (
            f"{who.name if who else 'Someone'} {row.status} this suggestion while you were on it, "
            "so your change was not applied. What you typed is kept below."
        )
    elif state.version is not None and state.version != row.version:
        text = (
            "Someone else edited this suggestion while you were on it. Your values are kept in "
            "the form, with the current ones beside them: save again to use yours."
        )
    else:
        text = error.message
    return replace(state, conflict=text, version=row.version)


def _answer(
    request: Request,
    session: Session,
    caller: Caller,
    ids: tuple[int, int],
    state: CardState,
    status: int,
) -> Response:
    deal_id, suggestion_id = ids
    if not wants_fragment(request):
        return _page(request, session, caller, deal_id, {suggestion_id: state}, status)
    row = _suggestion(session, caller, deal_id, suggestion_id)
    editable = get_deal(session, caller, deal_id).owner_id == caller.user_id
    card = _card(session, row, state, {})
    return render(request, "_card.html.j2", status, card=card, editable=editable)


def _page(
    request: Request,
    session: Session,
    caller: Caller,
    deal_id: int,
    states: dict[int, CardState],
    status: int = 200,
) -> Response:
    deal = get_deal(session, caller, deal_id)
    rows = list(session.scalars(suggestions.select_for_deal(caller, deal_id, None)))
    names: dict[int, str] = {}
    cards = [_card(session, r, states.get(r.id, CardState()), names) for r in rows]
    pending = [c for c in cards if c.s.status == "pending"]
    working = _working(session, caller, deal_id)
    groups = [
        (kind, title, [c for c in pending if c.s.kind == kind]) for kind, title in fields.GROUPS
    ]
    return render(
        request,
        "review.html.j2",
        status,
        me=caller,
        deal=deal,
        editable=deal.owner_id == caller.user_id,
        groups=[g for g in groups if g[2]],
        pending=len(pending),
        decided=[c for c in cards if c.s.status != "pending"],
        audio=next((c.audio for c in pending if c.audio), None),
        working=working,
        unchanged=bool(
            working
            and working.last_published
            and plans.compare(session, caller, deal_id, None, None).empty
        ),
    )


def _card(session: Session, row: SuggestionRow, state: CardState, names: dict[int, str]) -> Card:
    call = session.get_one(Call, row.call_id)
    audio = f"/deals/{row.deal_id}/calls/{call.id}/recording" if call.kind == "media" else None
    by = None
    if row.decided_by is not None:
        if row.decided_by not in names:
            user = session.get(User, row.decided_by)
            names[row.decided_by] = user.name if user else "?"
        by = names[row.decided_by]
    kind = SuggestionKind(row.kind)
    return Card(suggestions.public(row), fields.EDITABLE[kind], state, audio, by)


def _working(session: Session, caller: Caller, deal_id: int) -> Any:
    try:
        return plans.working(session, caller, deal_id)
    except NotFoundError:
        return None


def _suggestion(
    session: Session, caller: Caller, deal_id: int, suggestion_id: int
) -> SuggestionRow:
    row = suggestions.get_suggestion(session, caller, suggestion_id)
    if row.deal_id != deal_id:
        raise NotFoundError(f"no suggestion {suggestion_id} on deal {deal_id}")
    return row


def _id_versions(values: list[Any]) -> list[tuple[int, int | None]]:
    found = []
    for value in values:
        suggestion_id, _, version = str(value).partition(":")
        if suggestion_id.strip().isdigit():
            found.append((int(suggestion_id), _int(version)))
    return found


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None
