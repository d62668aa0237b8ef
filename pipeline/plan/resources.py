"""Resources: the documents the plan's steps exchange, and the value the buyer wants."""

from __future__ import annotations

import re

from pipeline.models import Plan, Resource
from pipeline.plan.words import document_name

_URL = re.compile(r"https?://[^\s\"'<>]+[^\s\"'<>.,;:!?)]")


def resources(plan: Plan) -> tuple[Resource, ...]:
    """Documents promised or shared in the steps, links said on calls, and the value summary."""
    found: list[Resource] = []
    if plan.objective:
        metric = f" ({plan.objective.metric})" if plan.objective.metric else ""
        found.append(
            Resource(kind="value", title=f"{plan.objective.statement}{metric}", status="stated")
        )
    for m in plan.milestones:
        name = document_name(m.title) if m.source == "call" else None
        if name:
            found.append(
                Resource(
                    kind="document",
                    title=name,
                    owner=m.owner or m.owner_role,
                    status="shared" if m.status == "done" else "promised",
                    milestone_id=m.id,
                )
            )
        for url in dict.fromkeys(u for e in m.evidence for u in _URL.findall(e.quote)):
            found.append(
                Resource(kind="link", title=url, owner=m.owner, status="shared", milestone_id=m.id)
            )
    return tuple(found)
