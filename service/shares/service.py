from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from pipeline.models import Plan
from service.audit.service import record
from service.auth.service import Caller
from service.auth.tokens import digest, new_secret, shown_prefix
from service.db.models import Deal, PlanVersion, ShareLink, utcnow
from service.deals.service import editable_deal
from service.errors import NotFoundError
from service.shares.buyer import for_buyer


class ShareCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"label": "Sarah at Greenfield"}]}
    )

    label: str = Field(default="", max_length=200)


class SharePublic(BaseModel):
    id: int
    deal_id: int
    label: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class ShareCreated(SharePublic):
    token: str = Field(description="shown once; only its hash is kept")
    url: str


def create(
    session: Session, caller: Caller, deal_id: int, label: str, base_url: str
) -> ShareCreated:
    editable_deal(session, caller, deal_id)
    token = new_secret("share")
    link = ShareLink(
        org_id=caller.org_id,
        deal_id=deal_id,
        digest=digest(token),
        prefix=shown_prefix(token),
        label=label,
        created_by=caller.user_id,
    )
    session.add(link)
    session.flush()
    record(
        session,
        caller,
        "share.created",
        f"share:{link.id}",
        org_id=caller.org_id,
        deal_id=deal_id,
        detail={"label": label},
    )
    return ShareCreated(
        **public(link).model_dump(), token=token, url=f"{base_url.rstrip('/')}/share/{token}"
    )


def revoke(session: Session, caller: Caller, deal_id: int, share_id: int) -> ShareLink:
    editable_deal(session, caller, deal_id)
    link = session.scalar(
        select(ShareLink).where(
            ShareLink.id == share_id,
            ShareLink.deal_id == deal_id,
            ShareLink.org_id == caller.org_id,
        )
    )
    if link is None:
        raise NotFoundError(f"no share link {share_id} on deal {deal_id}")
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        record(
            session,
            caller,
            "share.revoked",
            f"share:{link.id}",
            org_id=caller.org_id,
            deal_id=deal_id,
        )
    return link


def select_for_deal(caller: Caller, deal_id: int) -> Select[Any]:
    return (
        select(ShareLink)
        .where(ShareLink.org_id == caller.org_id, ShareLink.deal_id == deal_id)
        .order_by(ShareLink.id.desc())
    )


def shared_plan(session: Session, token: str) -> tuple[Deal, Plan]:
    """What a share link shows: the deal's latest published version, nothing else (the buyer's
    view of it: see `service.shares.buyer.for_buyer`)."""
    deal, version = shared_version(session, token)
    return deal, for_buyer(Plan.model_validate(version.plan))


def shared_version(session: Session, token: str) -> tuple[Deal, PlanVersion]:
    link = session.scalar(
        select(ShareLink).where(ShareLink.digest == digest(token), ShareLink.revoked_at.is_(None))
    )
    version = (
        session.scalars(
            select(PlanVersion)
            .where(PlanVersion.deal_id == link.deal_id)
            .order_by(PlanVersion.number.desc())
            .limit(1)
        ).first()
        if link
        else None
    )
    if link is None or version is None:
        # One answer for unknown, revoked and unpublished: a link tells nothing about others.
        raise NotFoundError(
            "this link is not valid: it was revoked, or the plan is not published yet"
        )
    return session.get_one(Deal, link.deal_id), version


def public(link: ShareLink) -> SharePublic:
    return SharePublic.model_validate(link, from_attributes=True)
