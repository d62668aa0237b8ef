"""Settings from `CALLPLAN_*` environment variables or a `.env` file, built on demand.

CALLPLAN_DATA_DIR            where state lives (default: the per-user data directory)
CALLPLAN_EXTRACTOR           auto | rules | llm (auto: llm when an endpoint or key is set)
CALLPLAN_WHISPER_MODEL       a model folder, "tiny.en" (bundled), or a faster-whisper name
CALLPLAN_WHISPER_*           device, compute type, beam size, threads
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

    model: str = "tiny.en"
    device: str = "cpu"
    compute_type: str = "int8"
    beam_size: int = Field(default=5, ge=1, le=10)
    cpu_threads: int = Field(default=0, ge=0, description="0 = one per core")
    vad: bool = True
    # Context from the previous window helps names and terms (WER 1.2% vs 2.3% on the sample);
    # turn it off if a long noisy call loops on one phrase.
    condition_on_previous_text: bool = True


class LLMSettings(BaseSettings):
    model_config = _config("CALLPLAN_LLM_")

    base_url: str | None = None
    model: str = "gpt-4o-mini"
    api_key: SecretStr | None = None
    timeout_s: float = Field(default=120.0, gt=0)
    max_retries: int = Field(default=3, ge=0, description="transport retries (429, 5xx, timeouts)")
    max_attempts: int = Field(default=3, ge=1, description="attempts incl. correction prompts")
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    max_output_tokens: int = Field(default=4096, ge=64)

    @property
    def configured(self) -> bool:
        return bool(self.base_url) or self.api_key is not None


class Settings(BaseSettings):
    model_config = _config("CALLPLAN_")

    data_dir: Path = Field(default_factory=default_data_dir)
    extractor: Literal["auto", "rules", "llm"] = "auto"
    whisper: WhisperSettings = Field(default_factory=WhisperSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)

    @property
    def use_llm(self) -> bool:
        if self.extractor == "auto":
            return self.llm.configured
        return self.extractor == "llm"


def load_settings() -> Settings:
    """Read the settings now (never at import time, so tests and tools can set the environment)."""
    return Settings()
