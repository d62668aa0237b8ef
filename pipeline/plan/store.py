"""Where a deal's current plan is kept between calls, behind a small interface.

The CLI hands in a `FilePlanStore` under `CALLPLAN_DATA_DIR/deals/`; the service will hand in a
database-backed store with the same two methods. Every version is kept:

    deals/<deal>/plan.json        the current plan
    deals/<deal>/plan.v<N>.json   version N, never rewritten
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from pipeline.errors import InputError, PlanStoreError
from pipeline.models import Plan

_DEAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class PlanStore(Protocol):
    def current(self, deal: str) -> Plan | None:
        """The deal's current plan, or None for a deal with no plan yet."""
        ...

    def save(self, plan: Plan) -> None:
        """Keep `plan` as its deal's current plan; its version must be the next one."""
        ...


def check_deal_id(deal: str) -> str:
    if not _DEAL_ID.match(deal) or ".." in deal:
        raise InputError(
            f"deal id {deal!r} is not usable: use letters, digits, '.', '_' or '-' (up to 100)"
        )
    return deal


class FilePlanStore:
    """Plans as JSON files, one folder per deal; each save lands by atomic renames."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, deal: str) -> Path:
        return self.root / check_deal_id(deal)

    def current(self, deal: str) -> Plan | None:
        path = self.folder(deal) / "plan.json"
        try:
            return Plan.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            return None
        except OSError as error:
            raise PlanStoreError(f"cannot read {path}: {error.strerror}") from error
        except ValidationError as error:
            raise PlanStoreError(
                f"{path} is not a valid plan ({error.error_count()} errors, first: "
                f"{error.errors()[0]['msg']}); restore it from a plan.v<N>.json beside it"
            ) from error

    def save(self, plan: Plan) -> None:
        folder = self.folder(plan.deal)
        folder.mkdir(parents=True, exist_ok=True)
        current = self.current(plan.deal)
        expected = current.version + 1 if current else 1
        if plan.version != expected:
            raise PlanStoreError(
                f"deal {plan.deal!r} is at version {expected - 1}; cannot save version "
                f"{plan.version} (process the call again to build on the current plan)"
            )
        fd, scratch = tempfile.mkstemp(prefix=".plan-", suffix=".json", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(plan.model_dump_json(indent=2) + "\n")
            try:
                # A hard link fails if the version exists: two writers cannot both save N.
                os.link(scratch, folder / f"plan.v{plan.version}.json")
            except FileExistsError as error:
                raise PlanStoreError(
                    f"deal {plan.deal!r} version {plan.version} was saved by another process; "
                    "process the call again"
                ) from error
            Path(scratch).replace(folder / "plan.json")
        finally:
            Path(scratch).unlink(missing_ok=True)
