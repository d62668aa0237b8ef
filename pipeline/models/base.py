"""Shared building blocks of the domain models."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """An immutable record; stages return new records instead of editing old ones."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Side(StrEnum):
    """Which side of the deal a person is on."""

    BUYER = "buyer"
    SELLER = "seller"
    PARTNER = "partner"
    UNKNOWN = "unknown"
