"""FastAPI dependencies, as `Annotated` aliases: a route reads `def f(session: SessionDep,
caller: CallerDep)`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from service.auth.service import Caller, authenticate
from service.db.session import REQUEST_SESSIONS, read_only
from service.errors import PreconditionRequiredError, UnauthorizedError
from service.runtime import Runtime

# Ids are the database's INTEGER (32 bits in PostgreSQL): a larger number names nothing, and is
# refused as invalid (422) before it reaches a query.
MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID, examples=[1])]


async def get_runtime(request: Request) -> Runtime:  # async: no thread for a lookup
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_session(request: Request, runtime: RuntimeDep) -> AsyncIterator[Session]:
    """A session for the request (read-only for GET); services commit their own unit of work.

    A request waits here, on the event loop, while REQUEST_SESSIONS others hold a session. It
    must not wait in a worker thread for a pooled connection instead: the requests holding the
    connections may need a thread to finish, and with every thread waiting none would come.
    """
    async with _session_slots(request):
        reads = request.method in ("GET", "HEAD")
        session = read_only(runtime.sessions) if reads else runtime.sessions()
        try:
            yield session
        finally:
            # On the event loop, not in a thread: ending the transaction never waits for a
            # lock (a ROLLBACK, or nothing after a commit), and a thread may be slow to come.
            session.close()


def _session_slots(request: Request) -> asyncio.Semaphore:
    state = request.app.state
    if not hasattr(state, "session_slots"):  # made on the app's event loop, when first used
        state.session_slots = asyncio.Semaphore(REQUEST_SESSIONS)
    slots: asyncio.Semaphore = state.session_slots
    return slots


SessionDep = Annotated[Session, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="an API token: `callplan users add` prints one")


def get_caller(
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """Who sent the token, read in a session of its own that ends here: an upload must not hold
    the database (nor one of the requests' sessions) while it streams."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthorizedError("send an API token: Authorization: Bearer cp_...")
    with read_only(runtime.sessions) as session:
        return authenticate(session, credentials.credentials)


CallerDep = Annotated[Caller, Depends(get_caller)]


def if_match(
    if_match: Annotated[
        str | None,
        Header(description='the version the change is based on, as returned in ETag: "3"'),
    ] = None,
) -> int:
    if if_match is None:
        raise PreconditionRequiredError(
            "send If-Match with the item's ETag, so a change made meanwhile is not overwritten"
        )
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionRequiredError(f'If-Match must be an ETag like "3", not {if_match!r}')
    return int(value)


IfMatchDep = Annotated[int, Depends(if_match)]


def optional_if_match(
    if_match_: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description='optional: the ETag you saw ("3"); a changed item then gives 409',
        ),
    ] = None,
) -> int | None:
    """The version an If-Match names, when one is sent (parsed as `if_match` does)."""
    return if_match(if_match_) if if_match_ else None


OptionalIfMatchDep = Annotated[int | None, Depends(optional_if_match)]
