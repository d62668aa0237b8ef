"""Render plans with jinja2 templates kept in `pipeline/templates/`."""

from __future__ import annotations

import datetime as dt
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from pipeline.models import Plan


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown; HTML templates get their own autoescaping environment
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters |= {"longdate": longdate, "label": label, "clock": clock}
    return env


def render_markdown(plan: Plan) -> str:
    """The plan as Markdown, for the rep's inbox and for `plan.md`."""
    return environment().get_template("plan.md.j2").render(plan=plan)


def longdate(value: dt.date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def label(value: str) -> str:
    return str(value).replace("_", " ").capitalize()


def clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"
