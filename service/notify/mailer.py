"""Where emails go: `Mailer` is chosen once at start-up from settings and handed in.

The outbox (the default) writes each message as an `.eml` file that any mail program opens; the
file appears whole or not at all (written beside, then renamed). SMTP speaks to a mail server with
STARTTLS or TLS and a login, as configured.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
import uuid
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from service.settings import MailSettings, ServiceSettings


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> str:
        """Deliver the message; returns where it went (a file, or the server and Message-ID)."""
        ...


class OutboxMailer:
    """Writes `<UTC time>-<random>.eml` files into a directory, in the order sent; or, given a
    name, `<name>.eml`, which a second write of the same message replaces."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, message: EmailMessage, name: str | None = None) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        now = dt.datetime.now(dt.UTC)  # to the microsecond: the files sort in sending order
        name = name or f"{now:%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}"
        final = self.directory / f"{name}.eml"
        partial = final.with_name(f".{final.name}.partial")
        try:
            with partial.open("wb") as file:
                file.write(message.as_bytes(policy=policy.SMTP))
                file.flush()
                os.fsync(file.fileno())
            partial.replace(final)
        finally:
            partial.unlink(missing_ok=True)
        return str(final)


class SmtpMailer:
    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    def send(self, message: EmailMessage) -> str:
        s = self.settings
        context = ssl.create_default_context(cafile=s.smtp_ca_file)
        client = (
            smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_s, context=context)
            if s.smtp_security == "tls"
            else smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_s)
        )
        with client:
            if s.smtp_security == "starttls":
                client.starttls(context=context)
            if s.smtp_user:
                password = s.smtp_password.get_secret_value() if s.smtp_password else ""
                client.login(s.smtp_user, password)
            client.send_message(message)
        return f"smtp://{s.smtp_host}:{s.smtp_port} {message['Message-ID']}"


def build_mailer(settings: ServiceSettings) -> Mailer:
    if settings.mail.backend == "smtp":
        return SmtpMailer(settings.mail)
    return OutboxMailer(settings.resolved_outbox_dir)
