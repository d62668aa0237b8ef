from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from pipeline.extract import CallContext
from pipeline.models import Participant
from pipeline.plan import DealSize

Name = Annotated[str, Field(min_length=1, max_length=200)]


class DealCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Greenfield Foods: finance close automation",
                    "buyer_company": "Greenfield Foods",
                    "seller_company": "Northwind Software",
                    "timezone": "America/New_York",
                    "fiscal_year_start_month": 1,
                    "participants": [
                        {"name": "Sarah Mitchell", "side": "buyer", "title": "VP of Finance"},
                        {"name": "Daniel Brooks", "side": "seller", "title": "Account Executive"},
                    ],
                }
            ]
        },
    )

    name: Name
    buyer_company: Name
    seller_company: Name | None = None
    timezone: str = "UTC"
    fiscal_year_start_month: int = Field(default=1, ge=1, le=12)
    size: DealSize | None = None
    participants: list[Participant] = Field(default_factory=list, max_length=100)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        CallContext(call_date=dt.date(2000, 1, 1), timezone=value)  # the pipeline's own check
        return value


_KEPT = ("name", "buyer_company", "timezone", "fiscal_year_start_month", "participants")


def _update_schema(schema: dict[str, Any]) -> None:
    """The document shows the fields a deal always has as not nullable (null is refused)."""
    for name in _KEPT:
        field = schema["properties"][name]
        field.pop("default", None)  # left out means unchanged, not null
        kinds = [k for k in field.pop("anyOf", []) if k.get("type") != "null"]
        field.update(kinds[0] if len(kinds) == 1 else {"anyOf": kinds})
    schema["examples"] = [{"timezone": "America/Chicago", "size": "enterprise"}]


class DealUpdate(BaseModel):
    """The fields to change; a field left out stays. Only `seller_company` and `size` can be
    cleared with null: a deal always has a name, a buyer, a time zone and a fiscal year."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_update_schema)

    name: Name | None = None
    buyer_company: Name | None = None
    seller_company: Name | None = None
    timezone: str | None = None
    fiscal_year_start_month: int | None = Field(default=None, ge=1, le=12)
    size: DealSize | None = None
    participants: list[Participant] | None = Field(default=None, max_length=100)

    @field_validator(*_KEPT)
    @classmethod
    def _not_null(cls, value: object, info: ValidationInfo) -> object:
        if value is None:  # only a value sent is checked: a field left out is no change
            raise ValueError(f"{info.field_name} cannot be null; leave it out to keep it")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            CallContext(call_date=dt.date(2000, 1, 1), timezone=value)
        return value


class DealPublic(BaseModel):
    id: int
    name: str
    buyer_company: str
    seller_company: str | None
    timezone: str
    fiscal_year_start_month: int
    size: DealSize | None
    participants: list[Participant]
    owner_id: int
    created_at: dt.datetime
