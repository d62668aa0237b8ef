"""The timeline chart on a deal's page: each dated step on a time axis, slips drawn as the
distance a date moved, and go-live (planned and projected) as lines, so the knock-on of a slip
reads at a glance. Geometry only; `_timeline.html.j2` draws it as inline SVG."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.models import KeyDateKind, Milestone, MilestoneStatus, Plan, Side

WIDTH = 900
LABEL_W = 300  # the step titles, left of the axis
RIGHT = 24
ROW_H = 22
LINE_LABEL_H = 13
AXIS_H = 22
MAX_LABEL = 40


@dataclass(frozen=True)
class Row:
    y: float
    x: float
    x_from: float | None  # where the date was first stated, when it slipped since
    label: str
    title: str  # the full title and date, for the tooltip
    side: str
    status: str
    critical: bool  # on the critical path to go-live
    cause: bool  # its own date pushes go-live out
    slip_days: int


@dataclass(frozen=True)
class Line:
    x: float
    label: str
    label_y: float
    kind: str  # today | go_live | projected | compelling
    anchor: str  # start | end


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: float
    top: float
    label_w: int
    rows: list[Row]
    lines: list[Line]
    ticks: list[Tick]
    undated: int
    summary: str  # what the chart shows, for screen readers


def chart(plan: Plan, today: dt.date) -> Chart | None:
    dated = sorted(
        (m for m in plan.milestones if m.due_date), key=lambda m: m.due_date or dt.date.max
    )
    if not dated:
        return None
    marks = _marks(plan, today)
    dates = [d for m in dated for d in (m.due_date, m.first_due_date) if d] + [
        d for d, _, _ in marks
    ]
    start, end = min(dates) - dt.timedelta(days=5), max(dates) + dt.timedelta(days=5)
    span = max((end - start).days, 1)

    def x(day: dt.date) -> float:
        return round(LABEL_W + (WIDTH - LABEL_W - RIGHT) * (day - start).days / span, 1)

    top = 8 + LINE_LABEL_H * len(marks)
    lines = [
        Line(
            x=x(d),
            label=text,
            label_y=8 + LINE_LABEL_H * (i + 0.7),
            kind=kind,
            anchor="end" if x(d) > WIDTH - 180 else "start",
        )
        for i, (d, text, kind) in enumerate(marks)
    ]
    rows = [_row(m, plan, top + ROW_H * (i + 0.5), x) for i, m in enumerate(dated)]
    height = top + ROW_H * len(rows) + AXIS_H
    return Chart(
        width=WIDTH,
        height=height,
        top=top,
        label_w=LABEL_W,
        rows=rows,
        lines=lines,
        ticks=[
            Tick(x=x(d), label=f"{d:%b %Y}" if d.month == 1 or i == 0 else f"{d:%b}")
            for i, d in enumerate(_months(start, end))
        ],
        undated=len(plan.milestones) - len(dated),
        summary=_summary(plan, len(dated)),
    )


def _row(m: Milestone, plan: Plan, y: float, x: Callable[[dt.date], float]) -> Row:
    assert m.due_date is not None  # only dated steps are drawn
    first = m.first_due_date
    slipped = first is not None and m.due_date > first
    label = m.title if len(m.title) <= MAX_LABEL else m.title[: MAX_LABEL - 1] + "…"
    who = m.owner or m.owner_role or "no owner"
    return Row(
        y=y,
        x=x(m.due_date),
        x_from=x(first) if slipped and first else None,
        label=label,
        title=f"{m.title}: {who} ({m.owner_side}), due {_day(m.due_date)}",
        side=m.owner_side.value if m.owner_side in (Side.BUYER, Side.SELLER) else "other",
        status=m.status.value,
        critical=m.id in plan.slippage.critical_path,
        cause=m.id in plan.slippage.causes,
        slip_days=(m.due_date - first).days if slipped and first else 0,
    )


def _marks(plan: Plan, today: dt.date) -> list[tuple[dt.date, str, str]]:
    """The vertical lines: today, go-live as planned and as projected, the compelling event."""
    s = plan.slippage
    marks = [(today, f"Today {_day(today)}", "today")]
    go_live = plan.go_live or s.planned_go_live
    if go_live:
        marks.append((go_live, f"Go-live {_day(go_live)}", "go_live"))
    if s.projected_go_live and s.go_live_knock_on_days > 0:
        marks.append(
            (
                s.projected_go_live,
                f"Projected {_day(s.projected_go_live)}: {s.go_live_knock_on_days} d late",
                "projected",
            )
        )
    event = plan.key_date(KeyDateKind.COMPELLING_EVENT)
    if event and event.date:
        marks.append((event.date, f"Compelling event {_day(event.date)}", "compelling"))
    return marks


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    first = dt.date(start.year, start.month, 1)
    months, day = [], first if first >= start else _next_month(first)
    step = 1 if (end - start).days < 400 else 3
    while day <= end:
        months.append(day)
        for _ in range(step):
            day = _next_month(day)
    return months


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _summary(plan: Plan, dated: int) -> str:
    s = plan.slippage
    done = sum(m.status == MilestoneStatus.DONE for m in plan.milestones)
    parts = [f"{dated} dated steps, {done} done"]
    if s.total_days:
        parts.append(f"{s.total_days} days slipped in all")
    if s.go_live_knock_on_days > 0 and s.projected_go_live:
        parts.append(
            f"go-live projected {s.go_live_knock_on_days} days late, "
            f"on {s.projected_go_live:%d %B %Y}"
        )
    return "Timeline: " + "; ".join(parts) + "."
