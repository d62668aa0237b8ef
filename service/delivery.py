"""Delivery, wired into the runtime at start-up: the rep's emails after each job (`notify`), the
org's webhooks (`webhooks`: events queued by hooks, sent by a thread beside the API), and the
sweep that runs the hooks a dead process still owed (`notifications`, a thread beside the API)."""

from __future__ import annotations

from service.notifications import sweeper
from service.notify import service as notify
from service.notify.mailer import build_mailer
from service.runtime import Runtime
from service.webhooks import events
from service.webhooks.dispatcher import Dispatcher


def install_delivery(runtime: Runtime) -> None:
    notify.install(runtime, build_mailer(runtime.settings))
    dispatcher = Dispatcher(runtime.sessions, runtime.settings.webhooks)
    runtime.background.append(dispatcher)  # started by the app; a Celery worker only queues
    events.install(runtime, dispatcher)
    runtime.background.append(sweeper(runtime))  # likewise: the service sweeps for the workers
