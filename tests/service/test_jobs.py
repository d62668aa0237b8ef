"""Jobs on the embedded worker: resumed after a crash, written once however often they run,
retried through the API after a failure, given up after too many dead workers, and watched
while a recording is transcribed.

"A crash" here is what a killed process leaves in the database: the job's row in a running
state with the attempt counted, no worker on it. (tests/service/test_celery.py kills a real
worker process.)
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pipeline.extract import CallContext, RulesExtractor
from pipeline.models import Extraction, ExtractorInfo, Transcript
from pipeline.settings import LLMSettings
from pipeline.transcribe import SpeechModel
from service.app import build_runtime, create_app
from service.db.models import Call, Job, SuggestionRow, utcnow
from service.db.session import transaction
from service.jobs.queue import EmbeddedQueue
from service.jobs.runner import Busy, alive_within_s, heartbeat_s, run_job
from service.runtime import Runtime
from service.settings import ServiceSettings
from tests.service.conftest import SAMPLE, Api, User, add_users, make_settings


class NoWorker:
    """A queue nobody takes jobs from: the service died before a worker ran them."""

    def __init__(self) -> None:
        self.jobs: list[int] = []

    def enqueue(self, job_id: int) -> None:
        self.jobs.append(job_id)


@contextmanager
def service(
    settings: ServiceSettings,
    users: dict[str, User],
    queue: NoWorker | None = None,
    adjust: Callable[[Runtime], None] = lambda runtime: None,
) -> Iterator[Api]:
    """The service started (again) on the database: a new process, its runtime built afresh."""
    runtime = build_runtime(settings)
    runtime.queue = queue
    adjust(runtime)
    try:
        with TestClient(create_app(runtime)) as client:
            yield Api(client, runtime, users)
    finally:
        runtime.engine.dispose()


def crash(api: Api, job_id: int, state: str, attempts: int) -> None:
    """Leave the job as a worker killed in the middle of `state` leaves it."""
    with transaction(api.runtime.sessions) as session:
        job = session.get_one(Job, job_id)
        job.state, job.stage, job.attempts, job.worker = state, state, attempts, "embedded"


def summaries(api: Api, deal_id: int) -> list[tuple[str, str]]:
    page = api.ok(api.get(f"/api/deals/{deal_id}/suggestions?limit=200"))
    return [(s["kind"], s["summary"]) for s in page["items"]]


def suggestion_rows(runtime: Runtime, call_id: int) -> int:
    with runtime.sessions() as session:
        query = select(func.count()).where(SuggestionRow.call_id == call_id)
        return session.scalar(query) or 0


def processed_here(api: Api) -> tuple[int, list[tuple[str, str]]]:
    """The sample's script uploaded to a new deal and its job run here, start to end."""
    deal = api.create_deal()
    run_job(api.runtime, api.ok(api.upload(deal["id"]), 202)["job"]["id"])
    return deal["id"], summaries(api, deal["id"])


def test_a_job_left_running_by_a_crash_is_resumed_when_the_service_starts(
    settings: ServiceSettings,
) -> None:
    users = add_users(settings)
    with service(settings, users, NoWorker()) as before:
        deal = before.create_deal()
        job = before.ok(before.upload(deal["id"]), 202)["job"]
        crash(before, job["id"], "transcribing", attempts=1)

    with service(settings, users) as after:
        resumed = after.wait(job["id"])
        assert (resumed["state"], resumed["attempts"], resumed["error"]) == ("done", 2, None)
        uninterrupted = after.processed_deal()[1]
        assert summaries(after, deal["id"]) == [(s["kind"], s["summary"]) for s in uninterrupted]


def test_a_resumed_job_does_not_redo_a_stage_that_finished(settings: ServiceSettings) -> None:
    users = add_users(settings)
    with service(settings, users, NoWorker()) as before:
        deal = before.create_deal()
        job = before.ok(before.upload(deal["id"], SAMPLE / "call.ogg"), 202)["job"]
        # The killed attempt had heard the call: here, its script, heard by an earlier job.
        heard_deal, expected = processed_here(before)
        with transaction(before.runtime.sessions) as session:
            calls = session.scalars(select(Call).order_by(Call.id)).all()
            calls[0].transcript = calls[1].transcript
        crash(before, job["id"], "extracting", attempts=1)

    loads: list[int] = []

    def count_loads(runtime: Runtime) -> None:
        transcription = runtime.pipeline.transcription

        def speech_model() -> SpeechModel:
            loads.append(1)
            return transcription.speech_model()

        runtime.pipeline.transcription = replace(transcription, speech_model=speech_model)

    with service(settings, users, adjust=count_loads) as after:
        assert after.wait(job["id"])["state"] == "done"
        assert loads == []  # the recording was not transcribed again
        assert summaries(after, deal["id"]) == summaries(after, heard_deal) == expected


class MeetingExtractor:
    """The rules extractor, where two runs of one job wait for each other: a message delivered
    twice and taken by two workers at once."""

    def __init__(self) -> None:
        self._rules = RulesExtractor()
        self._both = threading.Barrier(2, timeout=30)

    @property
    def info(self) -> ExtractorInfo:
        return self._rules.info

    def extract(self, transcript: Transcript, context: CallContext) -> Extraction:
        self._both.wait()
        return self._rules.extract(transcript, context)


def test_a_job_run_twice_at_once_or_again_after_done_writes_its_suggestions_once(
    settings: ServiceSettings,
) -> None:
    meeting = MeetingExtractor()
    users = add_users(settings)
    with service(settings, users, NoWorker()) as api:
        api.runtime.pipeline.extractor = lambda: meeting
        finished: list[int] = []
        api.runtime.on_job_done.append(finished.append)
        deal = api.create_deal()
        accepted = api.ok(api.upload(deal["id"]), 202)
        job_id, call_id = accepted["job"]["id"], accepted["call"]["id"]
        runs = [threading.Thread(target=run_job, args=(api.runtime, job_id)) for _ in range(2)]
        for run in runs:
            run.start()
        for run in runs:
            run.join(60)

        done = api.ok(api.get(f"/api/jobs/{job_id}"))
        assert (done["state"], done["attempts"]) == ("done", 2)
        assert finished == [job_id]  # listeners (the rep's email) hear of it once
        written = suggestion_rows(api.runtime, call_id)

        run_job(api.runtime, job_id)  # once more, as a message redelivered after the ack was lost
        assert api.ok(api.get(f"/api/jobs/{job_id}")) == done
        assert suggestion_rows(api.runtime, call_id) == written

        api.runtime.pipeline.extractor = RulesExtractor
        expected = processed_here(api)[1]
        assert written == len(expected) > 0
        assert summaries(api, deal["id"]) == expected


def closed_port() -> int:
    """A loopback port nothing listens on: connecting there is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_failed_job_is_retried_through_the_api_and_then_succeeds(
    settings: ServiceSettings,
) -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}/v1"
    llm = LLMSettings(base_url=endpoint, max_retries=0, cache=False, _env_file=None)
    settings = settings.model_copy(update={"extractor": "llm", "llm": llm})
    users = add_users(settings)
    with service(settings, users) as api:
        deal = api.create_deal()
        job = api.ok(api.upload(deal["id"]), 202)["job"]
        failed = api.wait(job["id"])
        assert failed["state"] == "failed" and failed["stage"] == "failed while extracting"
        assert f"cannot reach the LLM endpoint at {endpoint}" in failed["error"]
        assert summaries(api, deal["id"]) == []

        retry = f"/api/jobs/{job['id']}/retry"
        assert api.as_("outsider").post(retry).status_code == 404
        assert api.as_("manager").post(retry).status_code == 403  # managers read, reps change
        api.runtime.pipeline.extractor = RulesExtractor  # the operator fixed the extractor
        queued = api.ok(api.post(retry), 202)
        assert (queued["state"], queued["attempts"], queued["error"]) == ("queued", 0, None)
        done = api.wait(job["id"])
        assert (done["state"], done["attempts"], done["error"]) == ("done", 1, None)
        assert api.post(retry).status_code == 409

        expected = api.processed_deal()[1]
        assert summaries(api, deal["id"]) == [(s["kind"], s["summary"]) for s in expected]
        audit = api.ok(api.get(f"/api/deals/{deal['id']}/audit"))["items"]
        assert [e["action"] for e in audit].count("job.retried") == 1


def test_a_job_whose_worker_keeps_dying_stops_after_max_attempts(
    tmp_path: Path, database_url: str
) -> None:
    settings = make_settings(tmp_path, database_url, max_attempts=2)
    users = add_users(settings)
    with service(settings, users, NoWorker()) as before:
        deal = before.create_deal()
        job = before.ok(before.upload(deal["id"]), 202)["job"]
        crash(before, job["id"], "extracting", attempts=2)  # the second worker died too

    with service(settings, users) as after:
        failed = after.wait(job["id"])
        assert (failed["state"], failed["attempts"]) == ("failed", 2)
        assert failed["stage"] == "failed while extracting"
        assert failed["error"].startswith("stopped after 2 attempts: the worker stopped each time")
        assert summaries(after, deal["id"]) == []
        after.ok(after.post(f"/api/jobs/{job['id']}/retry"), 202)
        assert after.wait(job["id"])["state"] == "done"
        assert summaries(after, deal["id"]) != []


@pytest.mark.slow
def test_a_recording_job_reports_progress_while_it_is_transcribed(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'callplan.db'}")
    with service(settings, add_users(settings)) as api:
        deal = api.create_deal()
        job = api.ok(api.upload(deal["id"], SAMPLE / "call.ogg"), 202)["job"]
        seen = [watch(api, job["id"])]
        while seen[-1][0] not in ("done", "failed"):
            time.sleep(0.05)
            seen.append(watch(api, job["id"]))

    assert seen[-1] == ("done", 1.0, "suggestions ready for review")
    fractions = [progress for _, progress, _ in seen]
    assert fractions == sorted(fractions)
    while_transcribing = {p for state, p, stage in seen if stage == "transcribing" and 0 < p < 1}
    assert len(while_transcribing) >= 3, seen  # the fraction moved while the audio was heard
    assert max(while_transcribing) <= 0.85  # transcription's share of the whole job
    stages = list(dict.fromkeys(stage for _, _, stage in seen))
    order = [
        "waiting for a worker",
        "starting",
        "checking input",
        "loading speech model (2:46 of audio)",
        "transcribing",
        "attributing speakers",
        "extracting",
        "extracted",
        "comparing with the deal's plan",
        "suggestions ready for review",
    ]
    assert "transcribing" in stages
    assert stages == [stage for stage in order if stage in stages], stages


def watch(api: Api, job_id: int) -> tuple[str, float, str]:
    job: dict[str, Any] = api.ok(api.get(f"/api/jobs/{job_id}"))
    return job["state"], job["progress"], job["stage"]


OTHER = "celery@elsewhere pid 1"
HERE = "celery@here pid 2"


def running_elsewhere(api: Api, job_id: int, quiet_s: float) -> None:
    """The job as a worker on another machine leaves it, its last sign of life `quiet_s` ago."""
    with transaction(api.runtime.sessions) as session:
        job = session.get_one(Job, job_id)
        job.state, job.stage, job.attempts, job.worker = "transcribing", "transcribing", 1, OTHER
        job.updated_at = utcnow() - dt.timedelta(seconds=quiet_s)


def test_a_job_a_live_worker_runs_is_left_to_it_and_resumed_once_it_goes_quiet(
    tmp_path: Path, database_url: str
) -> None:
    settings = make_settings(tmp_path, database_url, visibility_timeout_s=2.0)
    users = add_users(settings)
    with service(settings, users, NoWorker()) as api:
        wait_s = alive_within_s(api.runtime)
        assert (heartbeat_s(api.runtime), wait_s) == (1.0, 3.0)
        deal = api.create_deal()
        job_id = api.ok(api.upload(deal["id"]), 202)["job"]["id"]

        running_elsewhere(api, job_id, quiet_s=1.0)  # Redis handed on a job that outran it
        assert run_job(api.runtime, job_id, worker=HERE) == Busy(worker=OTHER, retry_in_s=wait_s)
        left = api.ok(api.get(f"/api/jobs/{job_id}"))
        assert (left["state"], left["attempts"]) == ("transcribing", 1)  # not started again

        running_elsewhere(api, job_id, quiet_s=wait_s + 1)  # that worker died meanwhile
        assert run_job(api.runtime, job_id, worker=HERE) is None
        done = api.ok(api.get(f"/api/jobs/{job_id}"))
        assert (done["state"], done["attempts"]) == ("done", 2)


class QuietExtractor:
    """The rules extractor after a few seconds of saying nothing (a slow LLM), noting the job's
    `updated_at` before and after: only the worker's heartbeat can move it meanwhile."""

    def __init__(self, runtime: Runtime, job_id: list[int]) -> None:
        self._rules = RulesExtractor()
        self._runtime = runtime
        self._job_id = job_id
        self.seen: list[dt.datetime] = []

    @property
    def info(self) -> ExtractorInfo:
        return self._rules.info

    def extract(self, transcript: Transcript, context: CallContext) -> Extraction:
        self.seen.append(self._updated_at())
        time.sleep(3.5)
        self.seen.append(self._updated_at())
        return self._rules.extract(transcript, context)

    def _updated_at(self) -> dt.datetime:
        with self._runtime.sessions() as session:
            return session.get_one(Job, self._job_id[0]).updated_at


def test_a_running_job_says_it_is_alive_while_a_stage_says_nothing(
    tmp_path: Path, database_url: str
) -> None:
    settings = make_settings(tmp_path, database_url, visibility_timeout_s=2.0)
    users = add_users(settings)
    with service(settings, users, NoWorker()) as api:
        job_ids: list[int] = []
        quiet = QuietExtractor(api.runtime, job_ids)
        api.runtime.pipeline.extractor = lambda: quiet
        deal = api.create_deal()
        job_ids.append(api.ok(api.upload(deal["id"]), 202)["job"]["id"])
        assert run_job(api.runtime, job_ids[0], worker=HERE) is None
        before, after = quiet.seen
        assert (after - before).total_seconds() >= 2.0  # beats every second while it worked
        assert api.ok(api.get(f"/api/jobs/{job_ids[0]}"))["state"] == "done"


def test_the_embedded_queue_looks_again_at_a_job_busy_elsewhere(
    tmp_path: Path, database_url: str
) -> None:
    settings = make_settings(tmp_path, database_url, visibility_timeout_s=2.0)
    users = add_users(settings)
    with service(settings, users, NoWorker()) as api:
        deal = api.create_deal()
        job_id = api.ok(api.upload(deal["id"]), 202)["job"]["id"]
        running_elsewhere(api, job_id, quiet_s=0.0)  # a Celery worker left running
        threads = EmbeddedQueue(lambda j: run_job(api.runtime, j, worker=HERE))
        threads.start()
        try:
            threads.enqueue(job_id)
            time.sleep(1.0)
            assert api.ok(api.get(f"/api/jobs/{job_id}"))["attempts"] == 1  # left to it
            done = api.wait(job_id, timeout_s=30)  # that worker said nothing since: resumed
            assert (done["state"], done["attempts"]) == ("done", 2)
        finally:
            threads.stop()
