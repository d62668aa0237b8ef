"""A GGUF model run in this process: llama.cpp's own server (xllamacpp), on a loopback port.

The extractor talks to it over the same OpenAI protocol as to any other endpoint, so the local
path exercises exactly the code that production uses. The server starts on the first request
(loading a model takes seconds and memory; a run answered from the cache, or one that fails
before extraction, never loads it) and stops when the process lets go of it.

Install with `pip install 'callplan[local]'`; point CALLPLAN_LLM_MODEL_PATH at a .gguf file.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

from pipeline.errors import ConfigurationError

_GGUF_MAGIC = b"GGUF"


def check_model_file(path: Path | None) -> Path:
    """The model file, checked before anything is loaded: a clear error now beats a crash later."""
    if path is None:
        raise ConfigurationError(
            "CALLPLAN_LLM_PROVIDER=local needs a model file: set CALLPLAN_LLM_MODEL_PATH to a "
            ".gguf file"
        )
    path = path.expanduser()
    if importlib.util.find_spec("xllamacpp") is None:
        raise ConfigurationError(
            "CALLPLAN_LLM_PROVIDER=local needs llama.cpp for Python: pip install 'callplan[local]'"
        )
    try:
        with path.open("rb") as model:
            magic = model.read(4)
    except OSError as error:
        raise ConfigurationError(
            f"cannot read CALLPLAN_LLM_MODEL_PATH={path}: {error.strerror or error}"
        ) from error
    if magic != _GGUF_MAGIC:
        raise ConfigurationError(
            f"CALLPLAN_LLM_MODEL_PATH={path} is not a GGUF model file (llama.cpp's format)"
        )
    return path


class LocalServer:
    """llama.cpp's OpenAI-compatible server for one model, started on first use."""

    def __init__(self, model_path: Path, context_tokens: int) -> None:
        self.model_path = model_path
        self.context_tokens = context_tokens
        self._server: Any = None
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        return self._server is not None

    def base_url(self) -> str:
        """The server's `/v1` URL, starting it (and loading the model) if it is not running."""
        with self._lock:
            if self._server is None:
                self._server = self._start()
            return f"{self._server.listening_address}/v1"

    def _start(self) -> Any:
        import xllamacpp  # the optional extra: imported only when a local model is used

        params = xllamacpp.CommonParams()
        params.model.path = str(self.model_path)
        params.hostnames = ["127.0.0.1"]  # loopback only: nothing outside the machine sees it
        params.port = 0  # the OS picks a free port; the server reports which
        params.n_ctx = self.context_tokens
        params.n_parallel = 1
        params.verbosity = -1  # llama.cpp logs every request to stderr otherwise
        try:
            # Returns once the model is loaded and the port is open.
            return xllamacpp.Server(params)
        except Exception as error:  # llama.cpp reports load failures as bare RuntimeErrors
            raise ConfigurationError(
                f"llama.cpp could not load {self.model_path}: {error}"
            ) from error


class LazyChatModel(BaseChatModel):
    """A chat model built on the first request (here: once the local server is up)."""

    build: Callable[[], BaseChatModel]
    model_name: str
    _chat: BaseChatModel | None = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "callplan-lazy"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self._chat is None:
            self._chat = self.build()
        message = self._chat.invoke(messages, stop=stop, **kwargs)
        return ChatResult(generations=[ChatGeneration(message=message)])
