"""The app served by a real uvicorn on a loopback port, in a thread of the test process.

Concurrency tests need real HTTP: requests from several client threads reach the server at
once and interleave as they would in production (the test client would run them one by one).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from service.app import create_app
from service.runtime import Runtime


@contextmanager
def served(runtime: Runtime, timeout_s: float = 10.0) -> Iterator[str]:
    """The app over `runtime` on a free loopback port; yields its base URL."""
    config = uvicorn.Config(
        create_app(runtime), host="127.0.0.1", port=0, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout_s)
