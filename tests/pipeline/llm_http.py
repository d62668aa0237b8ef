"""An OpenAI-compatible server on 127.0.0.1 that answers with recorded responses, in order.

The extractor's tests drive the real `openai` client (through langchain) against it, so status
codes, headers (Retry-After), paths (Azure's deployment URLs) and bodies are real HTTP.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from pipeline.extract.llm_schema import LIST_MAX


def answer(**lists: list[dict[str, Any]]) -> str:
    """A complete answer in the extraction schema; lists not given are empty."""
    return json.dumps({key: lists.get(key, []) for key in LIST_MAX})


@dataclass(frozen=True)
class Recorded:
    status: int
    body: dict[str, Any]
    delay_s: float = 0.0
    headers: tuple[tuple[str, str], ...] = ()


def completion(
    content: str, prompt_tokens: int = 100, completion_tokens: int = 20, finish: str = "stop"
) -> Recorded:
    return Recorded(
        200,
        {
            "id": "chatcmpl-recorded",
            "object": "chat.completion",
            "created": 1_790_000_000,
            "model": "recorded",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        },
    )


def api_error(
    status: int, message: str, code: str, headers: tuple[tuple[str, str], ...] = ()
) -> Recorded:
    return Recorded(
        status, {"error": {"message": message, "type": code, "code": code}}, headers=headers
    )


class RecordedServer:
    """Answers POSTs on 127.0.0.1 with recorded answers in order (the last repeats)."""

    def __init__(self, answers: Sequence[Recorded]) -> None:
        self.answers = list(answers)
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []  # with the query string
        self.headers: list[dict[str, str]] = []
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> RecordedServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join()

    def _next(self, request: dict[str, Any], path: str, headers: dict[str, str]) -> Recorded:
        self.paths.append(path)
        self.headers.append(headers)
        self.requests.append(request)
        return self.answers[min(len(self.requests), len(self.answers)) - 1]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                headers = {k.lower(): v for k, v in self.headers.items()}
                recorded = server._next(body, self.path, headers)
                time.sleep(recorded.delay_s)
                payload = json.dumps(recorded.body).encode()
                try:
                    self.send_response(recorded.status)
                    self.send_header("Content-Type", "application/json")
                    for name, value in recorded.headers:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (the timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
