"""Emails rendered with jinja2: a plain-text part (what most reps read first on a phone) and an
HTML alternative, from the same digest."""

from __future__ import annotations

import datetime as dt
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from pipeline.render import longdate
from service.notify.digest import About, CallDigest, JobFailure
from service.templating import environment

PACKAGE = "service.notify"


def job_done_message(digest: CallDigest, sender: str) -> EmailMessage:
    a = digest.about
    if digest.changes:
        n = digest.changes
        what = f"{n} change{'s' if n != 1 else ''} to review"
    else:
        what = "nothing to review"
    subject = f"{what.capitalize()} from the call of {longdate(a.call_date)} ({a.deal_name})"
    return _message("job_done", subject, a, sender, d=digest)


def job_failed_message(failure: JobFailure, sender: str) -> EmailMessage:
    a = failure.about
    subject = f"{a.deal_name}: the call {a.call_name} could not be processed"
    return _message("job_failed", subject, a, sender, f=failure)


def _message(
    template: str, subject: str, about: About, sender: str, **view: object
) -> EmailMessage:
    text = environment(PACKAGE, html=False).get_template(f"{template}.txt.j2").render(**view)
    html = environment(PACKAGE, html=True).get_template(f"{template}.html.j2")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = Address(display_name=about.rep_name, addr_spec=about.rep_email)
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid("callplan", domain=_domain(sender))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to it
    message.set_content(text)
    message.add_alternative(html.render(subject=subject, **view), subtype="html")
    return message


def _domain(sender: str) -> str:
    # make_msgid would otherwise ask DNS for this machine's name, which can take seconds.
    return parseaddr(sender)[1].rpartition("@")[2] or "callplan.invalid"
