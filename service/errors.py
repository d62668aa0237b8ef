"""The service's errors, under the pipeline's tree, and their one translation into HTTP.

    CallplanError (pipeline.errors)
    ├── InputError ...           422: the upload or the request is unusable
    │   └── FieldError                422, naming the field: `"field": "due_date"` in the problem
    ├── NotFoundError                 404: no such thing in the caller's organisation
    ├── UnauthorizedError             401: no token, or a revoked or unknown one
    ├── ForbiddenError                403: visible to the caller, but not theirs to change
    ├── ConflictError                 409: changed by someone else (stale version), or a state clash
    ├── PreconditionRequiredError     428: a change needs the version the caller saw (If-Match)
    └── PayloadTooLargeError          413: the upload is over the size limit

Every error leaves the API as one JSON problem shape (RFC 9457):
`{"type", "title", "status", "detail", "code"}` with `application/problem+json`.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.errors import (
    CallplanError,
    ConfigurationError,
    ExtractionError,
    InputError,
    PlanStoreError,
    TranscriptionError,
    UnsupportedFormatError,
)

log = logging.getLogger("callplan.service")


class NotFoundError(CallplanError):
    pass


class FieldError(InputError):
    """A value the caller sent is invalid; `field` names it, so a form can show the message
    next to it."""

    def __init__(self, message: str, field: str | None) -> None:
        super().__init__(message)
        self.field = field


def first_problem(error: ValidationError, skip: tuple[str, ...] = ()) -> tuple[list[str], str]:
    """A pydantic error's first problem: where (the location's parts, without `skip`) and what
    (its message, without pydantic's "Value error, ")."""
    first = error.errors()[0]
    where = [str(part) for part in first["loc"] if str(part) not in skip]
    return where, str(first["msg"]).removeprefix("Value error, ")


class UnauthorizedError(CallplanError):
    pass


class ForbiddenError(CallplanError):
    pass


class ConflictError(CallplanError):
    pass


class PreconditionRequiredError(CallplanError):
    pass


class PayloadTooLargeError(CallplanError):
    pass


_STATUS: tuple[tuple[type[CallplanError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (UnauthorizedError, 401, "unauthorized"),
    (ForbiddenError, 403, "forbidden"),
    (ConflictError, 409, "conflict"),
    (PreconditionRequiredError, 428, "precondition_required"),
    (PayloadTooLargeError, 413, "payload_too_large"),
    (UnsupportedFormatError, 415, "unsupported_format"),
    (InputError, 422, "invalid_input"),
    (PlanStoreError, 409, "conflict"),
    (ConfigurationError, 500, "configuration"),
    (TranscriptionError, 500, "transcription_failed"),
    (ExtractionError, 502, "extraction_failed"),
)

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Invalid input",
    428: "Precondition required",
    500: "Internal error",
    502: "Bad gateway",
}


def status_of(error: CallplanError) -> tuple[int, str]:
    for kind, status, code in _STATUS:
        if isinstance(error, kind):
            return status, code
    return 500, "error"


def problem(status: int, detail: str, code: str, **extra: Any) -> JSONResponse:
    body = {
        "type": f"https://callplan.dev/problems/{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status, media_type="application/problem+json", headers=headers)


def install_handlers(app: FastAPI) -> None:
    """The one place errors become HTTP responses."""

    @app.exception_handler(CallplanError)
    async def _callplan(_: Request, error: CallplanError) -> JSONResponse:
        status, code = status_of(error)
        extra = {"field": error.field} if isinstance(error, FieldError) else {}
        return problem(status, error.message, code, **extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in error.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"][1:] or first["loc"])
        detail = f"{where}: {first['msg']}" if where else str(first["msg"])
        return problem(422, detail, "invalid_input", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        codes = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}
        code = codes.get(error.status_code, "http_error")
        response = problem(error.status_code, str(error.detail), code)
        response.headers.update(error.headers or {})  # 405's Allow
        return response

    @app.exception_handler(OverflowError)  # SQLite: an integer beyond 64 bits
    @app.exception_handler(DataError)  # PostgreSQL: a value its column cannot hold
    async def _out_of_range(_: Request, error: Exception) -> JSONResponse:
        # A safety net: inputs are bounded where they are read (ids: service.deps.Id).
        log.warning("a request's value did not fit the database", exc_info=error)
        reason = str(getattr(error, "orig", error)).splitlines()[0]
        detail = f"a value in the request is out of range ({reason}); check the numbers sent"
        return problem(422, detail, "invalid_input")

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return problem(
            500, f"internal error ({type(error).__name__}); see the server log", "internal"
        )
