"""One plan, several files: what is exported (`Source`) and how each format is made."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from pipeline.models import Plan
from pipeline.render import Audience, longdate, render_markdown
from service.exports.calendar import CalendarOptions, plan_ics
from service.exports.pdf import PdfOptions, plan_pdf
from service.exports.table import plan_csv
from service.shares.buyer import for_buyer


class ExportFormat(StrEnum):
    JSON = "json"
    MD = "md"
    CSV = "csv"
    ICS = "ics"
    PDF = "pdf"


MEDIA_TYPES = {
    ExportFormat.JSON: "application/json",
    ExportFormat.MD: "text/markdown; charset=utf-8",
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.ICS: "text/calendar; charset=utf-8",
    ExportFormat.PDF: "application/pdf",
}


@dataclass(frozen=True)
class Source:
    """A plan to export and what the file says about it."""

    plan: Plan
    audience: Audience
    deal_name: str
    label: str  # "v3", or "draft" for the working plan
    stamp: dt.datetime  # published (or last changed): the ICS's DTSTAMP
    sequence: int  # the ICS's SEQUENCE: grows with each version
    parties: str  # "Greenfield Foods & Northwind Software"
    url: str | None = None  # where the plan is read, for calendar entries


@dataclass(frozen=True)
class Export:
    content: bytes
    media_type: str
    filename: str


def render(source: Source, fmt: ExportFormat, public_url: str) -> Export:
    plan = source.plan
    if fmt == ExportFormat.JSON:
        content = plan.model_dump_json(indent=2).encode()
    elif fmt == ExportFormat.MD:
        content = render_markdown(plan, source.audience).encode()
    elif fmt == ExportFormat.CSV:
        content = plan_csv(plan, source.deal_name, source.label)
    elif fmt == ExportFormat.PDF:
        content = plan_pdf(for_buyer(plan), _pdf_options(source))
    else:
        options = CalendarOptions(
            deal_name=source.deal_name,
            host=urlsplit(public_url).hostname or "callplan",
            stamp=source.stamp,
            sequence=source.sequence,
            url=source.url,
        )
        content = plan_ics(plan, options)
    name = f"{slug(source.deal_name)}-{source.label}.{fmt.value}"
    return Export(content=content, media_type=MEDIA_TYPES[fmt], filename=name)


def _pdf_options(source: Source) -> PdfOptions:
    when = longdate(source.stamp.date())
    if source.label == "draft":
        subtitle = f"Draft, not yet published (as of {when})"
    else:
        subtitle = f"Version {source.sequence}, published {when}"
    return PdfOptions(deal_name=source.deal_name, parties=source.parties, subtitle=subtitle)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "plan"
