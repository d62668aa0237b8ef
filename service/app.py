"""The review service: `create_app(runtime)` builds the FastAPI app; `build_runtime(settings)`
builds what it runs with (database migrated, storage, pipeline parts, job queue)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from pipeline.extract import build_extractor
from pipeline.plan import load_catalogue
from pipeline.process import Transcription
from pipeline.transcribe import (
    SpeechModel,
    TranscribeOptions,
    available_diarizer,
    build_speech_model,
)
from service.audit.endpoints import router as audit_router
from service.auth.endpoints import router as auth_router
from service.calls.endpoints import router as calls_router
from service.calls.storage import LocalStorage, Storage
from service.db.migrate import upgrade
from service.db.session import make_engine, make_sessions
from service.deals.endpoints import router as deals_router
from service.delivery import install_delivery
from service.errors import install_handlers
from service.exports.endpoints import router as exports_router
from service.jobs.celery_app import TASK, make_celery
from service.jobs.endpoints import router as jobs_router
from service.jobs.queue import CeleryQueue, EmbeddedQueue, unfinished_jobs
from service.jobs.runner import run_job
from service.jobs.stranded import requeuer
from service.notices.endpoints import router as notices_router
from service.openapi import API_PROBLEMS, document_problems
from service.plans.endpoints import router as plans_router
from service.runtime import Pipeline, Runtime
from service.settings import ServiceSettings
from service.shares.endpoints import router as shares_router
from service.suggestions.endpoints import router as suggestions_router
from service.web.setup import install as install_pages
from service.webhooks.endpoints import router as webhooks_router

ROUTERS = (
    auth_router,
    deals_router,
    calls_router,
    jobs_router,
    suggestions_router,
    plans_router,
    shares_router,
    audit_router,
    webhooks_router,
    notices_router,
    exports_router,
)


def build_runtime(settings: ServiceSettings, *, migrate: bool = True) -> Runtime:
    engine = make_engine(settings.resolved_database_url)
    if migrate:
        upgrade(engine)
    runtime = Runtime(
        settings=settings,
        engine=engine,
        sessions=make_sessions(engine),
        storage=build_storage(settings),
        pipeline=build_pipeline(settings),
    )
    install_delivery(runtime)
    return runtime


def build_storage(settings: ServiceSettings) -> Storage:
    if settings.s3.bucket:
        from service.calls.s3 import S3Storage  # boto3 loads only when a bucket is set

        return S3Storage(settings.s3)
    return LocalStorage(settings.resolved_storage_dir)


def build_pipeline(settings: ServiceSettings) -> Pipeline:
    models: list[SpeechModel] = []

    def speech_model() -> SpeechModel:  # loaded once, on the first recording
        if not models:
            models.append(build_speech_model(settings))
        return models[0]

    transcription = Transcription(
        speech_model=speech_model,
        options=TranscribeOptions.from_settings(settings.transcription),
        diarizer=available_diarizer() if settings.transcription.diarize else None,
    )
    return Pipeline(
        transcription=transcription,
        extractor=lambda: build_extractor(settings),
        catalogue=load_catalogue(),
    )


def create_app(runtime: Runtime) -> FastAPI:
    """The API; jobs go to Celery or to worker threads started with the app."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        started = _start_queue(runtime)  # and resumes the jobs a stop left unfinished
        # Webhook delivery, and the notifications sweep: its first pass runs now, sending what a
        # process that died after committing a job's outcome or a publish still owed. With
        # Celery, a job whose message the broker lost is sent again (`jobs.stranded`).
        threads = [*runtime.background]
        if isinstance(runtime.queue, CeleryQueue):
            threads.append(requeuer(runtime))
        for worker in threads:
            worker.start()
        try:
            yield
        finally:
            for worker in threads:
                worker.stop()
            if started is not None:
                started.stop()
                runtime.queue = None

    app = FastAPI(
        title="Callplan",
        version="1",
        summary="Mutual action plans drafted from sales calls, reviewed by reps, read by buyers.",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    install_handlers(app)
    for router in ROUTERS:
        app.include_router(router, responses=API_PROBLEMS)
    document_problems(app)
    install_pages(app, runtime)  # the review pages (service/web)

    @app.get("/healthz", tags=["ops"], summary="Liveness: the process answers")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _start_queue(runtime: Runtime) -> EmbeddedQueue | CeleryQueue | None:
    if runtime.queue is not None:  # handed in (tests, or a caller that runs its own)
        return None
    jobs = runtime.settings.jobs
    if jobs.backend == "celery":
        celery = CeleryQueue(make_celery(runtime.settings), TASK)
        runtime.queue = celery
        return celery
    embedded = EmbeddedQueue(lambda job_id: run_job(runtime, job_id), workers=jobs.workers)
    runtime.queue = embedded
    embedded.start()
    for job_id in unfinished_jobs(runtime.sessions):  # left running or queued by a stop
        embedded.enqueue(job_id)
    return embedded
