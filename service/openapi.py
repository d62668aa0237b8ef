"""What the OpenAPI document says besides the routes themselves: the one problem shape every
error has (see `service.errors`), and which errors the API's routes can answer, so a client
generated from the document knows them and schemathesis holds the app to them."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    """An error, as RFC 9457 describes it; `code` is stable for programs to branch on."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "https://callplan.dev/problems/conflict",
                    "title": "Conflict",
                    "status": 409,
                    "detail": "suggestion 12 changed since you read it (version 3, yours 2); "
                    "reload it, your change was not applied",
                    "code": "conflict",
                }
            ]
        },
    )

    type: str
    title: str
    status: int
    detail: str = Field(description="what was wrong, and what to do about it")
    code: str
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="422 from request validation: every field that failed"
    )
    field: str | None = Field(default=None, description="422: the field at fault, when known")


_MEANING = {
    400: "the body could not be read (not JSON, or not UTF-8)",
    401: "no API token, or an unknown or revoked one",
    403: "visible to you, but not yours to change (a manager reads a rep's deal)",
    404: "no such thing in your organisation (or not yours to see)",
    409: "changed meanwhile (reload and try again), or not possible in its current state",
    413: "the upload is larger than the limit",
    415: "a file type Callplan does not read",
    422: "the request is invalid: `detail` says which field and why",
    428: "a change needs If-Match with the version it is based on",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route or router: these statuses answer with a problem."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        status: {"description": _MEANING[status], "content": {PROBLEM_JSON: {"schema": schema}}}
        for status in statuses
    }


# What any route of the token-authenticated API can answer.
API_PROBLEMS = problems(400, 401, 403, 404, 409, 422)


def document_problems(app: FastAPI) -> None:
    """Add `Problem` to the document's schemas (the responses above refer to it)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas["Problem"] = Problem.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]
