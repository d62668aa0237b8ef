"""`install(app, runtime)`: the pages' routes, their static files, and the session cookie."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles

from service.runtime import Runtime
from service.web import deals, exports, publishing, review, signin, steps, uploads
from service.web.settings import secret_key

STATIC = Path(__file__).parent / "static"
SESSION_COOKIE = "callplan_session"
ROUTERS = (
    signin.router,
    deals.router,
    review.router,
    uploads.router,
    publishing.router,
    steps.router,
    exports.router,
)


def install(app: FastAPI, runtime: Runtime) -> None:
    settings = runtime.settings
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key(settings.web, settings.data_dir),
        session_cookie=SESSION_COOKIE,
        max_age=int(settings.web.session_hours * 3600),
        same_site="lax",  # a form posted from another site arrives without the cookie
        https_only=settings.public_url.startswith("https://"),
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
