from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

EventType = Literal["call.processed", "job.failed", "plan.published"]
EVENTS: tuple[EventType, ...] = ("call.processed", "job.failed", "plan.published")
DeliveryState = Literal["pending", "delivered", "failed"]


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://crm.example.com/hooks/callplan",
                    "events": ["call.processed", "plan.published"],
                    "description": "CRM sync",
                }
            ]
        },
    )

    url: AnyHttpUrl
    events: list[EventType] = Field(min_length=1, max_length=len(EVENTS))
    description: str = Field(default="", max_length=200)

    @field_validator("events")
    @classmethod
    def _unique(cls, value: list[EventType]) -> list[EventType]:
        return sorted(set(value), key=EVENTS.index)


class WebhookPublic(BaseModel):
    id: int
    url: str
    events: list[EventType]
    description: str
    prefix: str = Field(description="the secret's first characters, to tell secrets apart")
    created_at: dt.datetime
    deleted_at: dt.datetime | None


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="shown once: verify `Callplan-Signature` with it")


class AttemptPublic(BaseModel):
    number: int
    at: dt.datetime
    status_code: int | None = Field(description="the receiver's answer; null: no answer")
    error: str | None
    duration_ms: int
    response_excerpt: str | None


class DeliveryPublic(BaseModel):
    id: int
    endpoint_id: int
    event: EventType
    event_id: str = Field(description="the same on a redelivery: receivers deduplicate on it")
    state: DeliveryState
    attempts: int
    last_status: int | None
    last_error: str | None
    next_attempt_at: dt.datetime | None
    redelivery_of: int | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    log: list[AttemptPublic]


class DeliveryDetail(DeliveryPublic):
    body: dict[str, Any]
