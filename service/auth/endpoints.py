from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from service.auth import service
from service.db.models import ApiToken, User
from service.deps import CallerDep, Id, SessionDep

router = APIRouter(prefix="/api", tags=["auth"])


class Me(BaseModel):
    id: int
    org_id: int
    email: str
    name: str
    role: str


class TokenCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"label": "CRM sync"}]}
    )

    label: str = Field(default="", max_length=100)


class TokenPublic(BaseModel):
    id: int
    prefix: str
    label: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="shown once; only its hash is kept")


@router.get("/me", summary="Who the token belongs to")
def me(session: SessionDep, caller: CallerDep) -> Me:
    return Me.model_validate(session.get_one(User, caller.user_id), from_attributes=True)


@router.get("/tokens", summary="Your API tokens (prefixes only)")
def list_tokens(session: SessionDep, caller: CallerDep) -> list[TokenPublic]:
    return [_public(t) for t in service.list_tokens(session, caller)]


@router.post("/tokens", status_code=201, summary="A new API token for you")
def create_token(data: TokenCreate, session: SessionDep, caller: CallerDep) -> TokenCreated:
    token, secret = service.issue_token(session, caller.user_id, data.label)
    session.commit()
    return TokenCreated(**_public(token).model_dump(), token=secret)


@router.delete("/tokens/{token_id}", summary="Revoke one of your tokens")
def revoke_token(token_id: Id, session: SessionDep, caller: CallerDep) -> TokenPublic:
    token = service.revoke_token(session, caller, token_id)
    session.commit()
    return _public(token)


def _public(token: ApiToken) -> TokenPublic:
    return TokenPublic.model_validate(token, from_attributes=True)
