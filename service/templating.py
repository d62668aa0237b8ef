"""jinja2 environments for the service's own templates (emails, pages, the buyer's page): the
pipeline's, with its filters, so a date reads the same in a plan, an email and a page."""

from __future__ import annotations

from jinja2 import Environment

from pipeline.render import template_environment


def environment(package: str, *, html: bool) -> Environment:
    """Templates in `<package>/templates/`; HTML is autoescaped."""
    return template_environment(package, html=html)
