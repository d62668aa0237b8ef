"""Who is signed in, and the CSRF check every form and fetch of the pages passes.

The session cookie (signed by Starlette's SessionMiddleware, see `setup.py`) holds the id of the
API token the rep signed in with, never the token: revoking the token signs the browser out at
once. It also holds a random CSRF token, sent back by every form (`csrf_token` field) and every
script request (`X-CSRF-Token` header); a POST without it is refused before anything is read.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Literal

from fastapi import Depends, Request
from pydantic import BaseModel

from service.auth.service import Caller, session_caller
from service.deps import SessionDep
from service.errors import ForbiddenError, UnauthorizedError

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class SignInRequiredError(Exception):
    """No one is signed in: pages redirect to the sign-in form (scripts get 401)."""


class Flash(BaseModel):
    text: str
    kind: Literal["ok", "error"] = "ok"
    copy_value: str | None = None  # shown once, with a copy button (a new share link)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """The session's CSRF token must come back, in the header or in the form."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    expected = request.session.get("csrf")
    if not (isinstance(expected, str) and sent and hmac.compare_digest(sent, expected)):
        raise ForbiddenError(
            "this form is out of date (its security token does not match your session): "
            "reload the page and try again; nothing was changed"
        )


async def check_csrf_header(request: Request) -> None:
    """For uploads: the header only, so the body streams untouched to the upload code."""
    sent = request.headers.get(CSRF_HEADER, "")
    expected = request.session.get("csrf")
    if not (isinstance(expected, str) and hmac.compare_digest(sent, expected)):
        raise ForbiddenError("the upload's security token does not match your session: reload")


Csrf = Depends(check_csrf)
CsrfHeader = Depends(check_csrf_header)


def sign_in(request: Request, token_id: int) -> None:
    request.session.clear()
    request.session["token_id"] = token_id
    request.session["csrf"] = secrets.token_urlsafe(32)  # a new one for the signed-in session


def page_caller(request: Request, session: SessionDep) -> Caller:
    token_id = request.session.get("token_id")
    if not isinstance(token_id, int):
        raise SignInRequiredError
    try:
        caller = session_caller(session, token_id)
    except UnauthorizedError:
        request.session.clear()
        raise SignInRequiredError from None
    session.rollback()  # end the read: an upload must not hold the database while it streams
    return caller


PageCaller = Annotated[Caller, Depends(page_caller)]


def flash(request: Request, text: str, kind: Literal["ok", "error"] = "ok", copy: str = "") -> None:
    shown = request.session.get("flash", [])
    request.session["flash"] = [
        *shown,
        Flash(text=text, kind=kind, copy_value=copy or None).model_dump(),
    ]


def take_flashes(request: Request) -> list[Flash]:
    return [Flash.model_validate(f) for f in request.session.pop("flash", [])]
