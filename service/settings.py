"""The service's settings: the pipeline's, plus database, storage, jobs and uploads.

CALLPLAN_DATABASE_URL        default: SQLite at CALLPLAN_DATA_DIR/callplan.db (WAL mode);
                             PostgreSQL: postgresql+psycopg://user@host/db
CALLPLAN_JOBS_BACKEND        embedded (a worker thread in the service) | celery
CALLPLAN_JOBS_BROKER_URL     Celery's broker, e.g. redis://127.0.0.1:6379/0
CALLPLAN_JOBS_WORKERS        embedded worker threads (default 1: transcription uses every core)
CALLPLAN_UPLOAD_MAX_BYTES    larger uploads are refused with 413 (default 2 GiB)
CALLPLAN_STORAGE_DIR         where recordings are kept (default: CALLPLAN_DATA_DIR/files)
CALLPLAN_S3_BUCKET           keep them in an S3-compatible bucket instead (CALLPLAN_S3_*)
CALLPLAN_PUBLIC_URL          the address links in responses and emails start with
CALLPLAN_MAIL_*              the rep's emails: written to CALLPLAN_DATA_DIR/outbox (default) or sent
                             by SMTP (see MailSettings)
CALLPLAN_WEB_*               the review pages: session key and length (see service/web/settings.py)
CALLPLAN_WEBHOOKS_*          webhook delivery: attempts, backoff, timeouts (see WebhookSettings)
CALLPLAN_NOTIFICATIONS_*     emails and webhook events a job or a publish owes, if its process died
                             (see NotificationSettings)
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.settings import Settings
from service.web.settings import WebSettings


class JobSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CALLPLAN_JOBS_", env_file=".env", extra="ignore")

    backend: Literal["embedded", "celery"] = "embedded"
    broker_url: str = "redis://127.0.0.1:6379/0"
    workers: int = Field(default=1, ge=1, le=32)
    # A job left running (its worker died) is picked up again this many times, then failed.
    max_attempts: int = Field(default=3, ge=1)
    # Redis: a job whose worker died is handed to another worker after this long. A job that
    # runs longer is handed on too, but its worker's heartbeat (every tenth of this) tells the
    # second worker to look again later instead of running it as well.
    visibility_timeout_s: float = Field(default=3 * 3600.0, gt=0)
    # Prefix for every Redis key of the queue: several installations (or test runs) share a Redis.
    key_prefix: str = ""

    @property
    def sweep_s(self) -> float:
        """A tenth of the visibility timeout, 1 s to 60 s: how often Redis looks for messages to
        hand on, a running job's worker says it is alive, and the service looks for lost jobs."""
        return max(1.0, min(60.0, self.visibility_timeout_s / 10))


class S3Settings(BaseSettings):
    """An S3-compatible bucket for uploads (`pip install 'callplan[s3]'`); unset: local files."""

    model_config = SettingsConfigDict(env_prefix="CALLPLAN_S3_", env_file=".env", extra="ignore")

    bucket: str | None = None
    prefix: str = "callplan"
    endpoint_url: str | None = None  # MinIO, Ceph, R2...; unset: AWS
    region: str | None = None
    # Unset: boto3's usual sources (AWS_* variables, ~/.aws, an instance role).
    access_key_id: str | None = None
    secret_access_key: SecretStr | None = None
    part_bytes: int = Field(default=8 * 1024 * 1024, ge=5 * 1024 * 1024)


class MailSettings(BaseSettings):
    """Email to reps. `outbox`: each message is written as a `.eml` file (any mail program
    opens it); `smtp`: sent through a mail server, and kept in the outbox's `unsent/` if that
    fails."""

    model_config = SettingsConfigDict(env_prefix="CALLPLAN_MAIL_", env_file=".env", extra="ignore")

    backend: Literal["outbox", "smtp"] = "outbox"
    from_address: str = "Callplan <callplan@localhost>"
    outbox_dir: Path | None = None  # default: CALLPLAN_DATA_DIR/outbox
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    # starttls: plain connection upgraded (port 587); tls: TLS from the start (port 465)
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_ca_file: Path | None = None  # a private CA to trust, for an internal relay
    smtp_timeout_s: float = Field(default=30.0, gt=0)


class WebhookSettings(BaseSettings):
    """Webhook delivery: a failed attempt is retried after retry_base_s, then twice as long each
    time (capped at retry_max_s), until max_attempts; then the delivery is marked failed."""

    model_config = SettingsConfigDict(
        env_prefix="CALLPLAN_WEBHOOKS_", env_file=".env", extra="ignore"
    )

    max_attempts: int = Field(default=8, ge=1, le=50)
    retry_base_s: float = Field(default=30.0, gt=0)
    retry_max_s: float = Field(default=3600.0, gt=0)
    timeout_s: float = Field(default=10.0, gt=0)
    poll_s: float = Field(default=5.0, gt=0)  # how often due retries are looked for
    # Receivers on loopback or private networks are refused unless this is set (a webhook URL
    # must not become a way to reach the service's own network).
    allow_private_targets: bool = False


class NotificationSettings(BaseSettings):
    """The hooks a job's outcome or a publish owes (the rep's email, webhook events), run by
    the process that committed it; a sweep (at start-up, then every poll_s) runs those still
    owed grace_s later (that process died). A hook that failed is retried after retry_base_s,
    then twice as long each time, until max_attempts (service/notifications.py)."""

    model_config = SettingsConfigDict(
        env_prefix="CALLPLAN_NOTIFICATIONS_", env_file=".env", extra="ignore"
    )

    # Longer than the hooks take (an email: up to a few SMTP timeouts), or a sweep runs them
    # a second time while the first run is still going.
    grace_s: float = Field(default=120.0, gt=0)
    poll_s: float = Field(default=15.0, gt=0)
    retry_base_s: float = Field(default=60.0, gt=0)
    max_attempts: int = Field(default=5, ge=1, le=50)


class ServiceSettings(Settings):
    """Everything `callplan serve` and `callplan worker` read."""

    database_url: str | None = None
    storage_dir: Path | None = None
    upload_max_bytes: int = Field(default=2 * 1024**3, ge=1)
    public_url: str = "http://127.0.0.1:8000"
    jobs: JobSettings = Field(default_factory=JobSettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    webhooks: WebhookSettings = Field(default_factory=WebhookSettings)
    notifications: NotificationSettings = Field(default_factory=NotificationSettings)
    s3: S3Settings = Field(default_factory=S3Settings)
    web: WebSettings = Field(default_factory=WebSettings)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'callplan.db'}"

    @property
    def resolved_storage_dir(self) -> Path:
        return self.storage_dir or self.data_dir / "files"

    @property
    def resolved_outbox_dir(self) -> Path:
        return self.mail.outbox_dir or self.data_dir / "outbox"


def load_service_settings() -> ServiceSettings:
    """Read the settings now (never at import time)."""
    return ServiceSettings()
