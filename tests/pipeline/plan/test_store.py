"""The file plan store: current plan, every version kept, concurrent writers refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.models import Plan
from pipeline.plan import FilePlanStore, PlanStoreError


def plan(version: int) -> Plan:
    return Plan(deal="acme-2027", version=version, as_of=dt.date(2027, 1, version))


def test_saves_versions_and_reads_the_current_one(tmp_path: Path) -> None:
    store = FilePlanStore(tmp_path)
    assert store.current("acme-2027") is None
    store.save(plan(1))
    store.save(plan(2))
    assert store.current("acme-2027") == plan(2)
    folder = tmp_path / "acme-2027"
    assert sorted(p.name for p in folder.iterdir()) == ["plan.json", "plan.v1.json", "plan.v2.json"]
    assert Plan.model_validate_json((folder / "plan.v1.json").read_text()) == plan(1)


def test_refuses_a_version_out_of_turn(tmp_path: Path) -> None:
    store = FilePlanStore(tmp_path)
    store.save(plan(1))
    with pytest.raises(PlanStoreError, match="is at version 1; cannot save version 3"):
        store.save(plan(3))
    (tmp_path / "acme-2027" / "plan.v2.json").write_text("{}")  # another writer got there first
    with pytest.raises(PlanStoreError, match="saved by another process"):
        store.save(plan(2))
    assert store.current("acme-2027") == plan(1)
    assert [p.name for p in (tmp_path / "acme-2027").glob(".plan-*")] == []  # no scratch left


def test_a_damaged_plan_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "acme-2027").mkdir()
    (tmp_path / "acme-2027" / "plan.json").write_text('{"deal": "acme-2027"}')
    with pytest.raises(PlanStoreError, match="is not a valid plan"):
        FilePlanStore(tmp_path).current("acme-2027")


@pytest.mark.parametrize("deal", ["../etc", "a/b", "", ".hidden", "x" * 101])
def test_deal_ids_cannot_leave_the_store(tmp_path: Path, deal: str) -> None:
    with pytest.raises(InputError, match="is not usable"):
        FilePlanStore(tmp_path).current(deal)
