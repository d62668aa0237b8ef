"""`callplan serve`, `callplan worker` and `callplan users`: the service's commands."""

from __future__ import annotations

import argparse
import gc
import logging
import sys

from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import select

from pipeline.errors import ConfigurationError, InputError
from service.app import build_runtime, create_app
from service.auth.service import add_user, create_org, find_org, issue_token
from service.db.migrate import upgrade
from service.db.models import User
from service.db.session import make_engine, make_sessions
from service.errors import NotFoundError
from service.jobs.celery_app import QUEUE, describe, make_celery
from service.settings import ServiceSettings, load_service_settings


def run(args: argparse.Namespace) -> None:
    settings = _settings()
    if args.command == "serve":
        serve(settings, args.host, args.port, args.workers, args.log_level)
    elif args.command == "worker":
        worker(settings)
    elif args.users_command == "add":
        print(add(settings, args.org, args.email, args.name, args.role))
    else:
        print(token(settings, args.org, args.email))


def serve(
    settings: ServiceSettings, host: str, port: int, workers: int, log_level: str = "info"
) -> None:
    import uvicorn

    if workers > 1 and settings.jobs.backend == "embedded":
        raise ConfigurationError(
            "--workers > 1 needs CALLPLAN_JOBS_BACKEND=celery (each web process would run jobs)"
        )
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    print(f"callplan: serving on http://{host}:{port} (API docs: /docs)", file=sys.stderr)
    if workers == 1:
        app = create_app(build_runtime(settings))
        _settle_memory()
        uvicorn.run(app, host=host, port=port, log_level=log_level)
        return
    # Several processes: migrate once here, then each process builds its own app from the
    # same environment (uvicorn starts them; they share the port).
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    uvicorn.run(
        f"{__name__}:{web_process.__name__}",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
    )


def web_process() -> FastAPI:
    """The app of one of `callplan serve --workers N`'s processes (settings from the environment,
    the database already migrated)."""
    app = create_app(build_runtime(load_service_settings(), migrate=False))
    _settle_memory()
    return app


def _settle_memory() -> None:
    # What is loaded by now (some 1,600 modules, 200,000 objects) lives as long as the process:
    # kept out of the garbage collector's sight, a full collection no longer holds up every
    # request for a tenth of a second or more. A request makes thousands of objects that
    # reference counting frees; with the default threshold (700) the collector ran every other
    # request, at 10,000 it hardly runs (benchmarks/README.md, "Service").
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def worker(settings: ServiceSettings) -> None:
    """A Celery worker: one job at a time, the runtime (speech model) built once per process."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("callplan.jobs").info(describe(settings))
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine)  # a worker may start before the service: it migrates, or waits for it
    finally:
        engine.dispose()
    app = make_celery(settings, runtime=lambda: build_runtime(settings, migrate=False))
    # No mingle or gossip: workers share nothing but the queue (and start a second sooner).
    options = ["--concurrency=1", "--pool=solo", "--without-mingle", "--without-gossip"]
    app.worker_main(["worker", "--loglevel=INFO", *options, "-Q", QUEUE])


def add(settings: ServiceSettings, org_name: str, email: str, name: str, role: str) -> str:
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
        with make_sessions(engine)() as session:
            org = find_org(session, org_name) or create_org(session, org_name)
            user = add_user(session, org, email, name, "manager" if role == "manager" else "rep")
            _, secret = issue_token(session, user.id, "created by callplan users add")
            session.commit()
    finally:
        engine.dispose()
    return (
        f"user {user.id} ({role}) in org {org.id} {org.name!r}; API token (shown once):\n{secret}"
    )


def token(settings: ServiceSettings, org_name: str, email: str) -> str:
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
        with make_sessions(engine)() as session:
            org = find_org(session, org_name)
            user = session.scalar(
                select(User).where(User.org_id == (org.id if org else -1), User.email == email)
            )
            if user is None:
                raise NotFoundError(f"no user {email} in org {org_name!r}")
            _, secret = issue_token(session, user.id, "created by callplan users token")
            session.commit()
    finally:
        engine.dispose()
    return secret


def _settings() -> ServiceSettings:
    try:
        return load_service_settings()
    except ValidationError as error:
        first = error.errors()[0]
        raise InputError(
            f"invalid setting {'.'.join(map(str, first['loc']))}: {first['msg']}"
        ) from error
