"""`.../export.{json,md,csv,ics,pdf}` of a published version, the working plan, a share link."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from service.deps import CallerDep, Id, RuntimeDep, SessionDep
from service.exports import service
from service.exports.formats import MEDIA_TYPES, Export, ExportFormat, render

router = APIRouter(tags=["exports"])

_FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {media.split(";")[0]: {} for media in MEDIA_TYPES.values()},
        "description": "the file, in the format its extension names",
    }
}


@router.get(
    "/api/deals/{deal_id}/plan/versions/{number}/export.{fmt}",
    summary="A published version as JSON, Markdown, CSV (a line per step), ICS or PDF",
    response_class=Response,
    responses=_FILE,
)
def export_version(
    deal_id: Id,
    number: Id,
    fmt: ExportFormat,
    session: SessionDep,
    caller: CallerDep,
    runtime: RuntimeDep,
) -> Response:
    source = service.version_source(session, caller, deal_id, number)
    return _file(render(source, fmt, runtime.settings.public_url))


@router.get(
    "/api/deals/{deal_id}/plan/export.{fmt}",
    summary="The working plan (accepted, not yet published) as a file, for the rep",
    response_class=Response,
    responses=_FILE,
)
def export_working(
    deal_id: Id, fmt: ExportFormat, session: SessionDep, caller: CallerDep, runtime: RuntimeDep
) -> Response:
    source = service.working_source(session, caller, deal_id)
    return _file(render(source, fmt, runtime.settings.public_url))


@router.get(
    "/api/share/{token}/export.{fmt}",
    tags=["buyer"],
    summary="The shared plan as a file, for the buyer (no login; nothing internal)",
    response_class=Response,
    responses=_FILE,
)
def export_shared(
    token: str, fmt: ExportFormat, session: SessionDep, runtime: RuntimeDep
) -> Response:
    page = f"{runtime.settings.public_url.rstrip('/')}/share/{token}"
    source = service.shared_source(session, token, page)
    return _file(render(source, fmt, runtime.settings.public_url), private=True)


def _file(export: Export, *, private: bool = False) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{export.filename}"'}
    if private:
        headers |= {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}
    return Response(export.content, media_type=export.media_type, headers=headers)
