"""The review pages' settings (CALLPLAN_WEB_*), and the key that signs their session cookie.

CALLPLAN_WEB_SECRET_KEY      signs the session cookie; unset: a random key is made once and kept
                             in CALLPLAN_DATA_DIR/web-secret-key (readable by the owner only), so
                             a restart keeps everyone signed in and every web process agrees
CALLPLAN_WEB_SESSION_HOURS   how long a sign-in lasts (default 12)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.errors import ConfigurationError

KEY_FILE = "web-secret-key"


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CALLPLAN_WEB_", env_file=".env", extra="ignore")

    secret_key: SecretStr | None = None
    session_hours: float = Field(default=12.0, gt=0, le=24 * 30)


def secret_key(web: WebSettings, data_dir: Path) -> str:
    """The configured key, else the one kept under the data folder (made on first use)."""
    if web.secret_key is not None:
        return web.secret_key.get_secret_value()
    path = data_dir / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(f".{KEY_FILE}.{secrets.token_hex(4)}")
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            # A hard link appears whole or not at all: of two processes starting at once, one
            # key wins and both read it.
            os.link(scratch, path)
        except FileExistsError:
            pass
        finally:
            scratch.unlink()
    return _read_key(path)


def _read_key(path: Path) -> str:
    key = path.read_text("utf-8").strip()
    if len(key) < 32:  # a half-written file from a crash, or an edited one
        raise ConfigurationError(f"{path} holds no usable key; delete it to have a new one made")
    return key
