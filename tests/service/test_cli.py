"""`callplan process` as a user runs it: the real console script in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.models import Extraction, Plan, Transcript
from tests.builders import SAMPLE

CALLPLAN = Path(sys.executable).with_name("callplan")
CALL_ARGS = [
    "--call-date",
    "2026-11-18",
    "--timezone",
    "America/New_York",
    "--buyer-company",
    "Greenfield Foods",
    "--seller-company",
    "Northwind Software",
    "--participants",
    str(SAMPLE / "participants.json"),
    "--deal",
    "greenfield",
]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Deals' plans go to a fresh folder per test, never the user's data directory."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CALLPLAN_DATA_DIR", str(folder))
    return folder


def callplan(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CALLPLAN), *args], capture_output=True, text=True, timeout=300, env=env, check=False
    )


def test_console_script_is_installed() -> None:
    assert CALLPLAN.exists(), "install Callplan into this environment (scripts/test does)"


def test_transcript_file_in_plan_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = callplan("process", str(SAMPLE / "script.txt"), *CALL_ARGS, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "extraction.json",
        "plan.buyer.html",
        "plan.buyer.md",
        "plan.html",
        "plan.json",
        "plan.md",
        "transcript.json",
    ]
    tmp_path = out
    extraction = Extraction.model_validate_json((tmp_path / "extraction.json").read_text())
    plan = Plan.model_validate_json((tmp_path / "plan.json").read_text())
    Transcript.model_validate_json((tmp_path / "transcript.json").read_text())
    assert extraction.extractor.name == "rules" and extraction.schema_version == "1"
    # The 7 commitments, and the enterprise template's steps that none of them is.
    assert sum(m.source == "call" for m in plan.milestones) == 7
    assert plan.template == "enterprise" and len(plan.milestones) == 17
    raw = json.loads((tmp_path / "extraction.json").read_text())
    assert list(raw)[:9] == [
        "schema_version",
        "extractor",
        "call",
        "participants",
        "outcomes",
        "stakeholders",
        "commitments",
        "key_dates",
        "risks",
    ]
    assert raw["call"] == {
        "date": "2026-11-18",
        "timezone": "America/New_York",
        "duration_s": extraction.call.duration_s,
    }
    # The summary names the files and the first commitments with owner and date.
    assert str(tmp_path / "plan.md") in result.stdout
    assert (
        "1 outcome, 5 stakeholders, 8 commitments, 2 key dates, 2 risks (1 tentative)"
        in result.stdout
    )
    assert "Daniel Brooks (seller), due Fri 20 Nov 2026" in result.stdout
    assert "extracting" in result.stderr  # progress


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.wav", b"", "empty.wav is empty"),
        ("renamed.wav", b"Sarah: this is really a text file\n" * 50, "could not be read as audio"),
        ("nolabels.txt", b"we talked about the timeline\nand pricing\n", "no speaker labels"),
    ],
)
def test_bad_input_exits_non_zero_with_one_clear_line(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out"
    line = one_line_error(callplan("process", str(path), *CALL_ARGS, "--quiet", "--out", str(out)))
    assert message in line and line.startswith("callplan: error:")
    assert not out.exists() or not any(out.iterdir())  # nothing half-written
    assert path.read_bytes() == content  # the input is kept as it was


def test_missing_call_date_is_one_line(tmp_path: Path) -> None:
    line = one_line_error(callplan("process", str(SAMPLE / "script.txt"), "--out", str(tmp_path)))
    assert "--call-date" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--call-date", "18/11/2026"], "not a date: '18/11/2026' (use YYYY-MM-DD)"),
        (["--call-date", "2026-11-18", "--timezone", "Mars/Olympus"], "unknown time zone"),
        (
            ["--call-date", "2026-11-18", "--participants", "missing.json"],
            "cannot read participants",
        ),
    ],
)
def test_bad_arguments_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    line = one_line_error(
        callplan("process", str(SAMPLE / "script.txt"), *args, "--out", str(tmp_path))
    )
    assert message in line


def test_bad_participants_file_names_the_field(tmp_path: Path) -> None:
    people = tmp_path / "people.json"
    people.write_text('[{"name": "Sarah", "side": "customer"}]')
    line = one_line_error(
        callplan(
            "process",
            str(SAMPLE / "script.txt"),
            "--call-date",
            "2026-11-18",
            "--participants",
            str(people),
            "--out",
            str(tmp_path / "out"),
        )
    )
    assert "0.side" in line and "buyer" in line


SECOND_CALL = """\
Sarah Mitchell: Thanks for sending the security questionnaire last week.
Sarah Mitchell: Tom Baker, our director of IT security, needs more time.
Sarah Mitchell: Tom will go through the DPA by January 15th.
Daniel Brooks: I sent the pricing proposal on Monday.
Sarah Mitchell: Priya Shah is our procurement manager.
Sarah Mitchell: Priya will set up the vendor record by February 26th.
"""


def test_second_call_of_a_deal_is_a_diff_against_the_first(tmp_path: Path, data_dir: Path) -> None:
    first = callplan(
        "process", str(SAMPLE / "script.txt"), *CALL_ARGS, "--quiet", "--out", str(tmp_path / "one")
    )
    assert first.returncode == 0, first.stderr
    assert "First version, " in first.stdout
    call = tmp_path / "demo-call.txt"
    call.write_text(SECOND_CALL, "utf-8")
    args = [*CALL_ARGS[2:], "--call-date", "2026-12-02", "--out", str(tmp_path / "two")]
    second = callplan("process", str(call), *args)
    assert second.returncode == 0, second.stderr
    assert "updating the plan (version 1)" in second.stderr
    assert (
        "Changes against version 1, 6 suggestions to review (call 2, Wed 2 Dec 2026):"
        in second.stdout
    )
    for line in (
        "Slip 'Data processing agreement reviewed': Tue 15 Dec 2026 -> Fri 15 Jan 2027",
        "mark_done: Mark 'Security questionnaire sent' done",
        "mark_done: Mark 'Pricing proposal sent to Sarah' done",
        "reassign: Reassign 'Vendor onboarded by procurement' to Priya Shah",
        "add_stakeholder: Add Priya Shah (procurement manager, Procurement)",
    ):
        assert line in second.stdout
    plan = Plan.model_validate_json((tmp_path / "two" / "plan.json").read_text())
    assert plan.version == 2 and [c.number for c in plan.calls] == [1, 2]
    assert plan.calls[-1].name == "demo-call.txt"
    deal = data_dir / "deals" / "greenfield"
    assert sorted(p.name for p in deal.iterdir()) == ["plan.json", "plan.v1.json", "plan.v2.json"]
    assert Plan.model_validate_json((deal / "plan.json").read_text()) == plan
    rep = (tmp_path / "two" / "plan.md").read_text()
    assert "## Changes to review (from call 2)" in rep and "+31 d, call 2" in rep
    assert "Changes to review" not in (tmp_path / "two" / "plan.buyer.md").read_text()


def test_a_bad_deal_id_is_one_line(tmp_path: Path) -> None:
    args = [*CALL_ARGS[:-1], "../../etc", "--out", str(tmp_path / "out")]
    line = one_line_error(callplan("process", str(SAMPLE / "script.txt"), *args))
    assert "deal id '../../etc' is not usable" in line
