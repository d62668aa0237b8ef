"""Upload a call (multipart, or the raw file as the body), read calls, fetch the recording."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import FileResponse, RedirectResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from pipeline.errors import InputError
from pipeline.models import Transcript
from service.calls import service
from service.calls.schemas import CallPublic, UploadAccepted, UploadFields
from service.calls.storage import LocalStorage, too_large
from service.deals.service import editable_deal, get_deal
from service.deps import CallerDep, Id, RuntimeDep, SessionDep
from service.errors import NotFoundError, PayloadTooLargeError
from service.jobs.service import hand_to_worker, job_public
from service.openapi import problems
from service.pagination import Page, PageDep, page_of, paginate

router = APIRouter(tags=["calls"])

_CHUNK = 1024 * 1024
_FRAMING = 64 * 1024  # room for a multipart body's boundaries and fields around the file
_FIELDS = {
    "call_date": {"type": "string", "format": "date", "example": "2026-11-18"},
    "filename": {"type": "string", "example": "call.ogg"},
    "participants": {
        "type": "string",
        "description": 'JSON list of {"name", "side", "title"}',
        "example": '[{"name": "Sarah Mitchell", "side": "buyer"}]',
    },
    "channels": {
        "type": "string",
        "enum": ["auto", "mono", "split"],
        "description": "split: one party per channel of a stereo recording",
        "example": "split",
    },
    "seller_channel": {
        "type": "integer",
        "enum": [0, 1],
        "description": "with channels split: the seller's channel",
        "example": 0,
    },
}
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "a recording or transcript: multipart (`file` and the fields), or the raw "
        "file as the body with the fields as query parameters",
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "call_date"],
                    "properties": {"file": {"type": "string", "format": "binary"}, **_FIELDS},
                }
            },
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.post(
    "/api/deals/{deal_id}/calls",
    status_code=202,
    summary="Upload a recording or transcript; it is processed in the background",
    openapi_extra=_UPLOAD_BODY,
    responses={
        200: {"model": UploadAccepted, "description": "a replayed upload"},
        **problems(413, 415),
    },
)
async def upload_call(
    deal_id: Id,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    caller: CallerDep,
    idempotency_key: Annotated[
        str | None,
        Header(max_length=200, description="a retried upload with the same key makes no new call"),
    ] = None,
    call_date: Annotated[dt.date | None, Query(description="raw body: the call's date")] = None,
    filename: Annotated[str | None, Query(max_length=255)] = None,
    participants: Annotated[str | None, Query(description="raw body: JSON list")] = None,
    channels: Annotated[str | None, Query()] = None,
    seller_channel: Annotated[int | None, Query()] = None,
) -> UploadAccepted:
    await run_in_threadpool(_check_deal, runtime, caller, deal_id)
    earlier = await run_in_threadpool(_replay, runtime, caller, deal_id, idempotency_key)
    if earlier is not None:
        response.status_code = 200
        return earlier
    _check_length(request, runtime.settings.upload_max_bytes)
    query: dict[str, Any] = {
        "call_date": call_date,
        "filename": filename,
        "participants": participants,
        "channels": channels,
        "seller_channel": seller_channel,
    }
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await _form(request, runtime.settings.upload_max_bytes)
        try:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise InputError("multipart upload has no file part named 'file'")
            raw = {**query, **{k: v for k, v in form.items() if k != "file"}}
            raw["filename"] = raw.get("filename") or upload.filename
            fields = _fields(raw)
            stored = await service.store_upload(runtime, caller, deal_id, fields, _read(upload))
        finally:
            await form.close()  # its spooled file
    else:
        fields = _fields(query)
        stored = await service.store_upload(runtime, caller, deal_id, fields, request.stream())
    call, job, replayed = await run_in_threadpool(
        service.create_call, runtime, caller, deal_id, stored, fields, idempotency_key
    )
    if replayed:
        response.status_code = 200
    else:  # a blocking call to the broker: off the event loop
        job = await run_in_threadpool(hand_to_worker, runtime, job)
    return UploadAccepted(call=service.public(call, job), job=job_public(job), replayed=replayed)


@router.get("/api/deals/{deal_id}/calls", summary="A deal's calls, newest first")
def list_calls(
    deal_id: Id, session: SessionDep, caller: CallerDep, page: PageDep
) -> Page[CallPublic]:
    get_deal(session, caller, deal_id)
    query = service.select_calls(caller, deal_id)
    rows, total = paginate(session, query, page)
    items = [service.public(c, service.latest_job(session, c.id)) for c in rows]
    return page_of(items, total, page)


@router.get("/api/calls/{call_id}", summary="Read a call")
def read_call(call_id: Id, session: SessionDep, caller: CallerDep) -> CallPublic:
    call = service.get_call(session, caller, call_id)
    return service.public(call, service.latest_job(session, call.id))


@router.get("/api/calls/{call_id}/transcript", summary="The call's speaker-attributed transcript")
def read_transcript(call_id: Id, session: SessionDep, caller: CallerDep) -> Transcript:
    call = service.get_call(session, caller, call_id)
    if call.transcript is None:
        raise NotFoundError(f"call {call_id} has no transcript yet; its job is still running")
    return Transcript.model_validate(call.transcript)


@router.get(
    "/api/calls/{call_id}/recording",
    summary="The uploaded file (supports Range requests; add #t=SECONDS to start there)",
    response_class=FileResponse,
)
def read_recording(
    call_id: Id, session: SessionDep, caller: CallerDep, runtime: RuntimeDep
) -> Response:
    call = service.get_call(session, caller, call_id)
    if isinstance(runtime.storage, LocalStorage):
        return FileResponse(runtime.storage.path(call.storage_key), filename=call.filename)
    url = runtime.storage.url(call.storage_key, call.filename)
    if url is None:
        raise NotFoundError(f"call {call_id}'s recording cannot be served from this storage")
    return RedirectResponse(url, status_code=307)  # a signed link to the object store


def _check_deal(runtime: Any, caller: Any, deal_id: int) -> None:
    with runtime.sessions() as session:
        editable_deal(session, caller, deal_id)


def _replay(runtime: Any, caller: Any, deal_id: int, key: str | None) -> UploadAccepted | None:
    with runtime.sessions() as session:
        found = service.replay(session, caller, deal_id, key)
        if found is None:
            return None
        call, job = found
        return UploadAccepted(call=service.public(call, job), job=job_public(job), replayed=True)


async def _form(request: Request, limit: int) -> FormData:
    """The multipart body, its file spooled to a temporary file; refused as soon as the body
    passes the limit (the form parser alone would spool a body of any size first)."""
    capped = _capped(request.stream(), limit)
    async with aclosing(capped) as body:
        parser = MultiPartParser(request.headers, body, max_files=1, max_fields=20)
        try:
            return await parser.parse()
        except MultiPartException as error:
            raise InputError(f"the multipart body could not be read: {error.message}") from error


async def _capped(chunks: AsyncIterator[bytes], limit: int) -> AsyncGenerator[bytes, None]:
    seen = 0
    async for chunk in chunks:
        seen += len(chunk)
        if seen > limit + _FRAMING:
            raise too_large(limit)
        yield chunk


def _check_length(request: Request, limit: int) -> None:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit + _FRAMING:
        raise PayloadTooLargeError(
            f"the upload ({int(length):,} bytes) is larger than the limit of {limit:,} bytes; "
            "split the recording or raise CALLPLAN_UPLOAD_MAX_BYTES"
        )


def _fields(raw: dict[str, Any]) -> UploadFields:
    values = {k: v for k, v in raw.items() if v not in (None, "")}
    try:
        if isinstance(values.get("participants"), str):
            values["participants"] = json.loads(values["participants"])
        return UploadFields.model_validate(values)
    except json.JSONDecodeError as error:
        raise InputError(f"participants: not JSON ({error.msg})") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{where}: {first['msg']}" if where else first["msg"]) from error


async def _read(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(_CHUNK):
        yield chunk
