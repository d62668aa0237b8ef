"""Users and their API tokens: created by `callplan users add`, checked on every request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.auth.tokens import digest, new_secret, shown_prefix
from service.db.models import ApiToken, Org, User, utcnow
from service.errors import ConflictError, NotFoundError, UnauthorizedError

Role = Literal["rep", "manager"]


@dataclass(frozen=True)
class Caller:
    """Who is making the request: every query is scoped to `org_id`."""

    user_id: int
    org_id: int
    role: Role
    name: str

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


def authenticate(session: Session, token: str) -> Caller:
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.digest == digest(token), ApiToken.revoked_at.is_(None))
    ).first()
    if row is None:
        raise UnauthorizedError("the API token is unknown or was revoked; create a new one")
    api_token, user = row
    caller = Caller(user_id=user.id, org_id=user.org_id, role=_role(user.role), name=user.name)
    now, last, token_id = utcnow(), api_token.last_used_at, api_token.id
    if last is None or _aware(last) < now - dt.timedelta(minutes=1):  # a write per minute at most
        # A transaction of its own that starts with the write: in a read-only session (SQLite),
        # a write after a read fails if another writer got in between; a write first waits.
        session.rollback()
        session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
        session.commit()
    return caller


def token_id(session: Session, token: str) -> int:
    """The id of a live token (the review pages keep it in their session, never the token)."""
    found = session.scalar(
        select(ApiToken.id).where(ApiToken.digest == digest(token), ApiToken.revoked_at.is_(None))
    )
    if found is None:
        raise UnauthorizedError("the API token is unknown or was revoked; create a new one")
    return found


def session_caller(session: Session, token_id: int) -> Caller:
    """Who a browser session signed in as, while the token it signed in with is not revoked."""
    row = session.execute(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
    ).first()
    if row is None:
        raise UnauthorizedError("the token you signed in with was revoked; sign in again")
    user = row[0]
    return Caller(user_id=user.id, org_id=user.org_id, role=_role(user.role), name=user.name)


def create_org(session: Session, name: str) -> Org:
    org = Org(name=name)
    session.add(org)
    session.flush()
    return org


def find_org(session: Session, name: str) -> Org | None:
    return session.scalars(select(Org).where(Org.name == name).order_by(Org.id)).first()


def add_user(session: Session, org: Org, email: str, name: str, role: Role) -> User:
    exists = session.scalar(select(User).where(User.org_id == org.id, User.email == email))
    if exists:
        raise ConflictError(f"{email} is already a user of {org.name}")
    user = User(org_id=org.id, email=email, name=name, role=role)
    session.add(user)
    session.flush()
    return user


def issue_token(session: Session, user_id: int, label: str = "") -> tuple[ApiToken, str]:
    """A new token for the user; the secret is returned once and only its hash is kept."""
    secret = new_secret("cp")
    token = ApiToken(
        user_id=user_id, digest=digest(secret), prefix=shown_prefix(secret), label=label
    )
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session, caller: Caller) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == caller.user_id).order_by(ApiToken.id)
        )
    )


def revoke_token(session: Session, caller: Caller, token_id: int) -> ApiToken:
    token = session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == caller.user_id)
    )
    if token is None:
        raise NotFoundError(f"no token {token_id} of yours")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


def _role(value: str) -> Role:
    return "manager" if value == "manager" else "rep"


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
