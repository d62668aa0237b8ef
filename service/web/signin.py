"""Sign in with an API token (`callplan users add` prints one), sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from service.auth.service import token_id
from service.deps import SessionDep
from service.errors import UnauthorizedError
from service.web.auth import Csrf, sign_in
from service.web.pages import FormDep, PageRoute, redirect, render

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/signin")
def signin_form(
    request: Request, next: Annotated[str, Query(max_length=500)] = "/deals"
) -> Response:
    return render(request, "signin.html.j2", next=_local(next), error=None)


@router.post("/signin", dependencies=[Csrf])
def signin(request: Request, form: FormDep, session: SessionDep) -> Response:
    token = str(form.get("token", "")).strip()
    target = _local(str(form.get("next", "/deals")))
    try:
        found = token_id(session, token)
    except UnauthorizedError:
        error = (
            "That token is not valid: it is mistyped, or it was revoked. "
            "Ask for a new one (callplan users token --org ORG --email YOU)."
        )
        return render(request, "signin.html.j2", 401, next=target, error=error)
    sign_in(request, found)
    return redirect(target)


@router.post("/signout", dependencies=[Csrf])
def signout(request: Request) -> Response:
    request.session.clear()
    return redirect("/signin")


def _local(target: str) -> str:
    """Only a path on this site: a sign-in link must not send the rep elsewhere afterwards."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/deals"
    return target
