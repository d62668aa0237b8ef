"""The rep's emails, end to end: a real upload, the real job, the email read back as a mail
program would (the outbox's `.eml` file, or what a real SMTP server on loopback received)."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from service.notify import service
from service.notify.mailer import build_mailer
from service.settings import MailSettings, ServiceSettings
from tests.service.conftest import Api, make_settings


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> tuple[str, str]:
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None, "both a plain-text and an HTML part"
    return text.get_content(), html.get_content()


def outbox(api: Api, folder: str = "") -> list[Path]:
    return sorted((api.runtime.settings.resolved_outbox_dir / folder).glob("*.eml"))


def until(check: Any, timeout_s: float = 30.0) -> Any:
    """The email is sent just after the job is marked done: wait for it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.05)
    raise AssertionError(f"not true after {timeout_s} s: {check}")


def audit(api: Api, deal_id: int, action: str) -> list[dict[str, Any]]:
    events = api.ok(api.get(f"/api/deals/{deal_id}/audit?limit=200"))["items"]
    return [e for e in events if e["action"] == action]


def test_the_sample_call_ends_with_a_useful_email_in_the_outbox(api: Api) -> None:
    deal_id, suggestions = api.processed_deal()
    files = until(lambda: outbox(api))
    assert len(files) == 1 and not list(files[0].parent.glob(".*"))  # no partial file left
    message = parse(files[0].read_bytes())
    assert message["To"].addresses[0].addr_spec == "dana@northwind.example"
    assert message["Subject"] == (
        f"{len(suggestions)} changes to review from the call of Wed 18 Nov 2026 "
        "(Greenfield Foods: close automation)"
    )
    text, html = parts(message)
    review = f"http://127.0.0.1:8000/deals/{deal_id}/review"
    assert f"Review them: {review}" in text and f'href="{review}"' in html
    for line in (
        "NEW STEPS FROM THE CALL (7)",
        "  - Security questionnaire sent: Daniel Brooks (seller), due Fri 20 Nov 2026",
        "  - Karen Patel (CFO, Economic buyer)",
        "  - Objective: Cut month-end close from ten days to five by the end of Q3",
        "  - Competitor: Sarah Mitchell: We did a demo with another vendor last week",
        "  - [critical] 'Final decision made' is due Wed 31 Mar 2027, but go-live",
        "    Fix: Pull the date in with Karen Patel",
    ):
        assert line in text, line
    assert "Security questionnaire sent" in html and "<script" not in html
    sent = until(lambda: audit(api, deal_id, "email.sent"))
    assert [e["detail"]["sent_to"] for e in sent] == [str(files[0])]

    job_id = api.ok(api.get(f"/api/deals/{deal_id}/calls"))["items"][0]["job_id"]
    for hook in api.runtime.on_job_done:  # a job message delivered twice runs the hook twice
        hook(job_id)
    assert len(outbox(api)) == 1, "each job outcome is emailed once"


SECOND_CALL = """\
Sarah Mitchell: Thanks for sending the security questionnaire last week.
Sarah Mitchell: Tom Baker, our director of IT security, needs more time.
Sarah Mitchell: Tom will go through the DPA by January 15th.
Daniel Brooks: I sent the pricing proposal on Monday.
"""


def test_a_second_call_reports_slipped_dates_and_steps_done(api: Api, tmp_path: Path) -> None:
    deal_id, suggestions = api.processed_deal()
    ids = [s["id"] for s in suggestions if s["kind"] != "raise_risk"]
    api.ok(
        api.post(f"/api/deals/{deal_id}/suggestions/bulk", json={"action": "accept", "ids": ids})
    )
    call = tmp_path / "second-call.txt"
    call.write_text(SECOND_CALL, "utf-8")
    job = api.ok(api.upload(deal_id, call, call_date="2026-12-02"), 202)["job"]
    assert api.wait(job["id"])["state"] == "done"

    until(lambda: len(outbox(api)) == 2)
    text, html = parts(parse(outbox(api)[-1].read_bytes()))
    assert "DATES THAT MOVED (1)" in text
    assert (
        "  - Data processing agreement reviewed: Tue 15 Dec 2026 -> Fri 15 Jan 2027 "
        '(+31 days, a slip), "by January 15th"' in text
    )
    assert "STEPS DONE (2)" in text and "'Security questionnaire sent' done" in text
    assert "(+31 days)" in html


def test_a_failed_job_emails_what_failed_and_how_to_retry(tmp_path: Path, api_factory: Any) -> None:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'callplan.db'}")
    # An LLM endpoint nobody listens on: extraction fails, as with a real outage.
    settings.extractor = "llm"
    settings.llm.base_url = f"http://127.0.0.1:{free_port()}/v1"
    settings.llm.max_retries = 0
    api = api_factory(settings)
    deal = api.create_deal()
    job = api.ok(api.upload(deal["id"]), 202)["job"]
    assert api.wait(job["id"])["state"] == "failed"

    message = parse(until(lambda: outbox(api))[-1].read_bytes())
    assert message["Subject"] == (
        "Greenfield Foods: close automation: the call script.txt could not be processed"
    )
    text, html = parts(message)
    retry = f"http://127.0.0.1:8000/api/jobs/{job['id']}/retry"
    assert f'curl -X POST -H "Authorization: Bearer $CALLPLAN_TOKEN" {retry}' in text
    assert "127.0.0.1" in text.split("What failed", 1)[1]  # the endpoint's address, named
    assert retry in html
    assert len(until(lambda: audit(api, deal["id"], "email.sent"))) == 1


@dataclass
class Received:
    port: int
    messages: list[tuple[str, list[str], bytes, bool]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(
            (envelope.mail_from, envelope.rcpt_tos, envelope.content, bool(session.authenticated))
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"cp", b"s3cret")
    return AuthResult(success=ok)


def smtp_server(tls: ssl.SSLContext | None = None, port: int | None = None) -> Iterator[Received]:
    received = Received(port=port or free_port())
    controller = Controller(
        received,
        hostname="127.0.0.1",
        port=received.port,
        authenticator=_login,
        auth_require_tls=tls is not None,
        tls_context=tls,
        require_starttls=tls is not None,
    )
    controller.start()
    try:
        yield received
    finally:
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[Received]:
    yield from smtp_server()


@pytest.fixture
def api_factory(tmp_path: Path) -> Iterator[Any]:
    """An `Api` over settings the test chooses (SQLite)."""
    from fastapi.testclient import TestClient

    from service.app import build_runtime, create_app
    from tests.service.conftest import add_users

    opened: list[tuple[Any, Any]] = []

    def build(settings: ServiceSettings) -> Api:
        users = add_users(settings)
        runtime = build_runtime(settings)
        client = TestClient(create_app(runtime))
        client.__enter__()
        opened.append((client, runtime))
        return Api(client, runtime, users)

    yield build
    for client, runtime in opened:
        client.__exit__(None, None, None)
        runtime.engine.dispose()


def smtp_settings(tmp_path: Path, port: int, **mail: Any) -> ServiceSettings:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'callplan.db'}")
    settings.mail = MailSettings(
        backend="smtp",
        from_address="Callplan <callplan@northwind.example>",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_user="cp",
        smtp_password="s3cret",  # type: ignore[arg-type]
        smtp_timeout_s=5,
        **{"smtp_security": "none", **mail},
        _env_file=None,  # type: ignore[call-arg]
    )
    return settings


def test_smtp_server_receives_the_email_with_both_parts(
    tmp_path: Path, smtp: Received, api_factory: Any
) -> None:
    api = api_factory(smtp_settings(tmp_path, smtp.port))
    deal_id, _ = api.processed_deal()
    [(sender, recipients, raw, logged_in)] = until(lambda: smtp.messages)
    assert sender == "callplan@northwind.example" and recipients == ["dana@northwind.example"]
    assert logged_in
    text, html = parts(parse(raw))
    assert "NEW STEPS FROM THE CALL (7)" in text and "Security questionnaire sent" in html
    assert outbox(api) == [] and outbox(api, "unsent") == []
    [sent] = until(lambda: audit(api, deal_id, "email.sent"))
    assert sent["detail"]["sent_to"].startswith(f"smtp://127.0.0.1:{smtp.port} <")


def test_smtp_with_starttls(tmp_path: Path, api_factory: Any) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no certificate for the STARTTLS server")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    servers = smtp_server(tls=context)
    server = next(servers)
    try:
        settings = smtp_settings(tmp_path, server.port, smtp_security="starttls", smtp_ca_file=cert)
        api_factory(settings).processed_deal()
        [(_, _, raw, logged_in)] = until(lambda: server.messages)
        assert logged_in and "NEW STEPS FROM THE CALL" in parts(parse(raw))[0]
    finally:
        servers.close()


def test_a_mail_server_that_is_down_does_not_fail_the_job(tmp_path: Path, api_factory: Any) -> None:
    api = api_factory(smtp_settings(tmp_path, free_port()))  # nothing listens there
    deal_id, suggestions = api.processed_deal()  # the job is done all the same
    assert suggestions
    [failed] = until(lambda: audit(api, deal_id, "email.failed"))
    assert "ConnectionRefusedError" in failed["detail"]["error"]
    [kept] = outbox(api, "unsent")
    assert failed["detail"]["kept_in"] == str(kept)
    assert "NEW STEPS FROM THE CALL (7)" in parts(parse(kept.read_bytes()))[0]


def test_two_attempts_that_fail_at_once_keep_one_copy(
    tmp_path: Path, api_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An attempt that outlived its lease runs beside the sweep's: both read the history before
    either failed, so neither knows of the other's copy."""
    api = api_factory(smtp_settings(tmp_path, free_port()))  # nothing listens there
    deal_id, _ = api.processed_deal()
    [failed] = until(lambda: audit(api, deal_id, "email.failed"))
    job_id = int(failed["subject"].removeprefix("job:"))
    monkeypatch.setattr(service, "_earlier", lambda *_: service._Earlier(sent=False, kept=None))
    with pytest.raises(service.EmailNotSentError):
        service.notify(api.runtime, build_mailer(api.runtime.settings), "job.done", job_id)
    assert len(until(lambda: audit(api, deal_id, "email.failed"))) == 2
    [kept] = outbox(api, "unsent")
    assert failed["detail"]["kept_in"] == str(kept)
