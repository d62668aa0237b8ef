"""The deals list (sortable; a manager sees the org's), a new deal, and a deal's page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import ValidationError

from pipeline.models import Participant, Side
from service.deals import service as deals
from service.deals.schemas import DealCreate
from service.deps import SessionDep
from service.errors import FieldError, first_problem
from service.web.auth import Csrf, PageCaller, flash
from service.web.dealview import deal_page
from service.web.exports import links as export_links
from service.web.fields import SIDES
from service.web.overview import SORTS, deal_rows, sorted_rows
from service.web.pages import FormDep, PageRoute, redirect, render

router = APIRouter(route_class=PageRoute, include_in_schema=False)

NEW_DEAL_FIELDS = ("name", "buyer_company", "seller_company", "timezone", "participants")


@router.get("/")
def home() -> Response:
    return redirect("/deals")


@router.get("/deals")
def list_deals(
    request: Request,
    session: SessionDep,
    caller: PageCaller,
    sort: Annotated[str, Query(max_length=20)] = "next",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
) -> Response:
    sort = sort if sort in SORTS else "next"
    rows = sorted_rows(deal_rows(session, caller), sort, order == "desc")
    return render(
        request,
        "deals.html.j2",
        me=caller,
        rows=rows,
        sort=sort,
        order=order,
        today=dt.date.today(),
        form={},
        errors={},
    )


@router.post("/deals", dependencies=[Csrf])
def create_deal(
    request: Request, form: FormDep, session: SessionDep, caller: PageCaller
) -> Response:
    typed = {name: str(form.get(name, "")).strip() for name in NEW_DEAL_FIELDS}
    try:
        data = _new_deal(typed)
    except FieldError as error:
        rows = sorted_rows(deal_rows(session, caller), "next", False)
        return render(
            request,
            "deals.html.j2",
            422,
            me=caller,
            rows=rows,
            sort="next",
            order="asc",
            today=dt.date.today(),
            form=typed,
            errors={error.field or "": error.message},
            open_new=True,
        )
    deal = deals.create_deal(session, caller, data)
    flash(request, f"Deal created: {deal.name}. Upload its first call.")
    return redirect(f"/deals/{deal.id}")


@router.get("/deals/{deal_id}")
def show_deal(deal_id: int, request: Request, session: SessionDep, caller: PageCaller) -> Response:
    deal = deals.get_deal(session, caller, deal_id)
    page = deal_page(session, caller, deal, dt.date.today())
    files = export_links(deal.id, page.working.last_published) if page.working else []
    return render(
        request, "deal.html.j2", me=caller, page=page, today=dt.date.today(), exports=files
    )


def _new_deal(typed: dict[str, str]) -> DealCreate:
    try:
        people = parse_people(typed["participants"])
        return DealCreate(
            name=typed["name"],
            buyer_company=typed["buyer_company"],
            seller_company=typed["seller_company"] or None,
            timezone=typed["timezone"] or "UTC",
            participants=people,
        )
    except ValidationError as error:
        loc, message = first_problem(error)
        raise FieldError(message, loc[0] if loc else "") from error


def parse_people(text: str) -> list[Participant]:
    """`Name, side, title` a line (side and title optional) → participants."""
    people = []
    for n, line in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in line.split(",")]
        if not parts[0]:
            continue
        side = parts[1].lower() if len(parts) > 1 and parts[1] else Side.UNKNOWN.value
        if side not in SIDES:
            raise FieldError(
                f"line {n}: the side is {parts[1]!r}; write buyer, seller, partner or unknown",
                "participants",
            )
        title = ", ".join(parts[2:]) or None
        people.append(Participant(name=parts[0], side=Side(side), title=title))
    return people
