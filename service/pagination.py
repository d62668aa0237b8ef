"""Lists come in pages: `?limit=&offset=`, with the total and the next page's offset."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


class PageParams(BaseModel):
    limit: int
    offset: int


async def page_params(  # async: FastAPI runs it without a thread
    limit: Annotated[int, Query(ge=1, le=200, description="items per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9, description="items to skip")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
    next_offset: int | None


def paginate(session: Session, query: Select[Any], page: PageParams) -> tuple[list[Any], int]:
    """One page of `query`'s rows (ordered by the query) and the total count."""
    rows = list(session.scalars(query.limit(page.limit).offset(page.offset)))
    if len(rows) < page.limit and (rows or page.offset == 0):
        return rows, page.offset + len(rows)  # the last page: no need to count
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    return rows, total


def page_of(items: list[T], total: int, page: PageParams) -> Page[T]:
    after = page.offset + len(items)
    return Page[T](
        items=items,
        total=total,
        limit=page.limit,
        offset=page.offset,
        next_offset=after if after < total else None,
    )
