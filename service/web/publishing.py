"""Publish the working plan, and the buyer's share links (create, copy, revoke)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from service.deps import RuntimeDep, SessionDep
from service.errors import ConflictError
from service.plans import service as plans
from service.shares import service as shares
from service.web.auth import Csrf, PageCaller, flash
from service.web.pages import FormDep, PageRoute, redirect

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.post("/deals/{deal_id}/publish", dependencies=[Csrf])
def publish(
    deal_id: int,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    note = str(form.get("note", "")).strip()[:2000] or None
    try:
        version = plans.publish_and_announce(session, caller, runtime, deal_id, note)
    except ConflictError as error:  # nothing new since the last version, or no plan yet
        flash(request, f"Not published: {error.message}.", "error")
        return redirect(f"/deals/{deal_id}#sharing")
    flash(request, f"Published version {version.number}. Buyers with a share link now see it.")
    return redirect(f"/deals/{deal_id}#sharing")


@router.post("/deals/{deal_id}/shares", dependencies=[Csrf])
def create_share(
    deal_id: int,
    request: Request,
    form: FormDep,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    label = str(form.get("label", "")).strip()[:200]
    created = shares.create(session, caller, deal_id, label, runtime.settings.public_url)
    session.commit()
    flash(
        request,
        "Share link created. Copy it now: it is shown only once.",
        copy=created.url,
    )
    return redirect(f"/deals/{deal_id}#sharing")


@router.post("/deals/{deal_id}/shares/{share_id}/revoke", dependencies=[Csrf])
def revoke_share(
    deal_id: int, share_id: int, request: Request, session: SessionDep, caller: PageCaller
) -> Response:
    link = shares.revoke(session, caller, deal_id, share_id)
    session.commit()
    flash(request, f"Share link {link.prefix}… revoked: it no longer opens the plan.")
    return redirect(f"/deals/{deal_id}#sharing")
