"""The plan as an iCalendar file (RFC 5545): an all-day event per dated milestone and key date.

UIDs are stable (`<deal>-<milestone id>@<host>`), and SEQUENCE is the plan version, so a
calendar that imports version 3 after version 2 moves the events instead of adding copies.
DTSTAMP is when the version was published, so one version always exports the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.models import Milestone, Plan, PlanKeyDate
from pipeline.render import label, longdate


@dataclass(frozen=True)
class CalendarOptions:
    deal_name: str
    host: str  # the service's host name: UIDs are unique to this installation
    stamp: dt.datetime  # when the exported plan was published (or last changed)
    sequence: int  # grows with every version
    url: str | None = None  # where the plan can be read


def plan_ics(plan: Plan, options: CalendarOptions) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Callplan//Mutual action plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text('Mutual action plan: ' + options.deal_name)}",
    ]
    for step, m in enumerate(plan.milestones, start=1):
        if m.due_date is not None:
            lines += _event(options, f"{plan.deal}-{m.id}", m.due_date, *_milestone(m, step))
    for k in plan.key_dates:
        if k.date is not None:
            lines += _event(options, f"{plan.deal}-date-{k.kind.value}", k.date, *_key_date(k))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode()


def _milestone(m: Milestone, step: int) -> tuple[str, str]:
    who = m.owner or (f"{m.owner_role} (to be named)" if m.owner_role else "owner to be named")
    summary = f"{'Done: ' if m.status.value == 'done' else ''}{m.title} ({who})"
    about = [f"Step {step} of the mutual action plan.", f"Owner: {who}, {m.owner_side.value} side."]
    about.append(f"Status: {label(m.status.value)}.")
    if m.days_slipped and m.first_due_date:
        about.append(f"First due {longdate(m.first_due_date)}: {m.days_slipped} days later now.")
    return summary, "\n".join(about)


def _key_date(k: PlanKeyDate) -> tuple[str, str]:
    return label(k.kind.value), k.description or k.date_text


def _event(
    options: CalendarOptions, key: str, day: dt.date, summary: str, description: str
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{key}@{options.host}",
        f"DTSTAMP:{options.stamp.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
        f"SEQUENCE:{options.sequence}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_text(summary)}",
        f"DESCRIPTION:{_text(description)}",
        "TRANSP:TRANSPARENT",  # a due date, not a meeting: the day is not blocked
        "CATEGORIES:Mutual action plan",
    ]
    if options.url:
        lines.append(f"URL:{options.url}")
    return [*lines, "END:VEVENT"]


def _text(value: str) -> str:
    """An iCalendar TEXT value: backslash, semicolon, comma and newlines escaped."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1),
    cut between characters, never inside one."""
    parts: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not parts else 74  # a continuation line starts with the space
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
        else:
            current += char
    return "\r\n ".join([*parts, current])
