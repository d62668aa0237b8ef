"""Render plans with jinja2 templates kept in `pipeline/templates/`.

Two audiences, two formats each:

    rep     everything: pending suggestions with evidence, findings, slippage, derived dates
    buyer   what a co-owned plan shows the buyer: objective, key dates, people, timeline,
            owners, dates, status, resources; no evidence, suggestions, findings or risks

Markdown is rendered without escaping (table cells are made safe by the `cell` filter); HTML
is rendered with autoescaping on, so nothing said on a call can inject markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined

from pipeline.models import Plan, Role

Audience = Literal["rep", "buyer"]

# Roles a buyer may read about themselves; the rest (champion, blocker, coach...) are the
# seller's reading of the committee and stay internal.
BUYER_ROLES = {
    Role.ECONOMIC_BUYER: "Signer",
    Role.DECISION_MAKER: "Decision maker",
    Role.TECHNICAL_EVALUATOR: "Technical evaluation",
    Role.LEGAL: "Legal",
    Role.SECURITY: "Security",
    Role.PROCUREMENT: "Procurement",
    Role.END_USER: "User",
}


def environment(html: bool = False) -> Environment:
    return template_environment("pipeline", html=html)


@cache
def template_environment(package: str, *, html: bool) -> Environment:
    """Templates in `<package>/templates/` with the plan filters, so a date reads the same in a
    plan, an email and a page; HTML is autoescaped (call text cannot inject markup)."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        undefined=StrictUndefined,
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters |= {
        "longdate": longdate,
        "label": label,
        "clock": clock,
        "cell": cell,
        "buyer_role": buyer_role,
        "signed": signed,
        "steps": steps,
        "days": days,
    }
    return env


def days(n: int) -> str:
    """`3 days`, `1 day`."""
    return f"{n} day{'' if abs(n) == 1 else 's'}"


def render_markdown(plan: Plan, audience: Audience = "rep") -> str:
    """The plan as Markdown: `plan.md` (rep) and `plan.buyer.md` (buyer)."""
    return environment().get_template(f"{audience}.md.j2").render(**_view(plan))


def render_html(plan: Plan, audience: Audience = "rep") -> str:
    """The plan as a self-contained HTML page: `plan.html` (rep) and `plan.buyer.html`."""
    return environment(html=True).get_template(f"{audience}.html.j2").render(**_view(plan))


def render_changes(plan: Plan) -> str:
    """The suggestions as plain lines, for the CLI: the diff against the previous version."""
    return environment().get_template("changes.txt.j2").render(**_view(plan))


def _view(plan: Plan) -> dict[str, Any]:
    return {
        "plan": plan,
        "number": {m.id: i for i, m in enumerate(plan.milestones, start=1)},
        "titles": {m.id: m.title for m in plan.milestones},
        "last_call": plan.calls[-1] if plan.calls else None,
    }


def longdate(value: dt.date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def label(value: str) -> str:
    return str(value).replace("_", " ").capitalize()


def clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(value).split()).replace("|", "\\|")


def buyer_role(role: Role | None) -> str:
    return BUYER_ROLES.get(role, "") if role else ""


def steps(ids: Iterable[str], number: Mapping[str, int]) -> str:
    """Milestone ids as the step numbers the rendering shows."""
    return ", ".join(str(number[i]) for i in ids if i in number)


def signed(days: int) -> str:
    return f"+{days}" if days > 0 else str(days)
