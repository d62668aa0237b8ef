"""Rendering: templates, fragments for the page's script, redirects, and errors as pages.

A route of the pages answers a browser with a whole page, and the page's script (which sends
`X-Fragment: 1`) with just the part that changed. `PageRoute` turns the service's errors into
an HTML page with the same status the API gives (404 for another org's deal, as in the API), and
"not signed in" into a redirect to the sign-in form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from functools import cache
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment
from starlette.datastructures import FormData

from pipeline.errors import CallplanError
from pipeline.render import clock
from service.errors import status_of
from service.templating import environment
from service.web.auth import SignInRequiredError, csrf_token, take_flashes
from service.web.fields import shown

FRAGMENT_HEADER = "X-Fragment"


@cache
def templates() -> Environment:
    env = environment("service.web", html=True)
    env.filters |= {"clock": clock, "shortdate": shortdate, "percent": percent, "shown": shown}
    return env


def wants_fragment(request: Request) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    page = {
        "request": request,
        "csrf": csrf_token(request),
        "flashes": [] if name.startswith("_") else take_flashes(request),
        "me": context.pop("me", None),
    }
    html = templates().get_template(name).render(**page, **context)
    return HTMLResponse(html, status_code=status)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)  # after a POST: the browser GETs the page


class PageRoute(APIRoute):
    """A page's route: errors become pages (or a short text for the page's script)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequiredError:
                if wants_fragment(request):
                    return HTMLResponse("You were signed out: sign in again.", status_code=401)
                return redirect(f"/signin?next={quote(request.url.path)}")
            except CallplanError as error:
                status, _ = status_of(error)
                return error_page(request, status, error.message)
            except RequestValidationError:
                return error_page(request, 404, "no such page")

        return route


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    if wants_fragment(request):
        return HTMLResponse(message, status_code=status)
    title = {403: "Not allowed", 404: "Not found", 409: "Changed meanwhile"}.get(status, "Error")
    return render(request, "error.html.j2", status, title=title, message=message)


def shortdate(value: dt.date | None) -> str:
    """`Tue 24 Nov 2026`, or `no date`."""
    if value is None:
        return "no date"
    return f"{value:%a} {value.day} {value:%b %Y}"


def percent(fraction: float) -> str:
    return f"{round(max(0.0, min(1.0, fraction)) * 100)}%"


async def read_form(request: Request) -> FormData:
    return await request.form()  # parsed once: the CSRF check read it already


FormDep = Annotated[FormData, Depends(read_form)]
