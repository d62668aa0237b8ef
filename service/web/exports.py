"""Files of a deal's plan from the pages (the exports the API serves, signed by the session):
a published version, or the working plan before it is published."""

from __future__ import annotations

from fastapi import APIRouter, Response

from service.deps import RuntimeDep, SessionDep
from service.exports import service as exports
from service.exports.formats import Export, ExportFormat, render
from service.web.auth import PageCaller
from service.web.pages import PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)

LABELS = {
    ExportFormat.PDF: "PDF",
    ExportFormat.CSV: "CSV (a line per step)",
    ExportFormat.ICS: "Calendar (ICS)",
    ExportFormat.MD: "Markdown",
    ExportFormat.JSON: "JSON",
}


@router.get("/deals/{deal_id}/versions/{number}/export.{fmt}")
def export_version(
    deal_id: int,
    number: int,
    fmt: ExportFormat,
    session: SessionDep,
    caller: PageCaller,
    runtime: RuntimeDep,
) -> Response:
    source = exports.version_source(session, caller, deal_id, number)
    return _file(render(source, fmt, runtime.settings.public_url))


@router.get("/deals/{deal_id}/export.{fmt}")
def export_working(
    deal_id: int, fmt: ExportFormat, session: SessionDep, caller: PageCaller, runtime: RuntimeDep
) -> Response:
    source = exports.working_source(session, caller, deal_id)
    return _file(render(source, fmt, runtime.settings.public_url))


def links(deal_id: int, last_published: int | None) -> list[tuple[str, str]]:
    """(label, url) of the latest version's files, or of the working plan's before any."""
    if last_published:
        base = f"/deals/{deal_id}/versions/{last_published}/export"
    else:
        base = f"/deals/{deal_id}/export"
    return [(label, f"{base}.{fmt.value}") for fmt, label in LABELS.items()]


def _file(export: Export) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{export.filename}"',
        "Cache-Control": "private, no-store",
    }
    return Response(export.content, media_type=export.media_type, headers=headers)
