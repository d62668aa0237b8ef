"""The plan as CSV for spreadsheets and CRM import: one line per milestone, columns that never
change order (new columns are added at the end), ISO dates, UTF-8 with a byte-order mark (Excel
reads the file as UTF-8 only with it)."""

from __future__ import annotations

import csv
import io

from pipeline.models import Plan

COLUMNS = (
    "deal_id",
    "deal_name",
    "plan_version",
    "step",
    "milestone_id",
    "title",
    "owner",
    "owner_role",
    "owner_side",
    "due_date",
    "status",
    "days_slipped",
    "first_due_date",
    "depends_on",
)

# A cell starting with one of these is a formula to a spreadsheet; words said on a call must not
# run as one (CSV injection), so such cells get a leading apostrophe.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def plan_csv(plan: Plan, deal_name: str, version: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for step, m in enumerate(plan.milestones, start=1):
        row = (
            plan.deal,
            deal_name,
            version,
            step,
            m.id,
            m.title,
            m.owner or "",
            m.owner_role or "",
            m.owner_side.value,
            m.due_date.isoformat() if m.due_date else "",
            m.status.value,
            m.days_slipped,
            m.first_due_date.isoformat() if m.first_due_date else "",
            " ".join(m.depends_on),
        )
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode()


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value
