"""`python -m eval` end to end on the fixture rows with the offline extractor."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from eval.__main__ import main
from eval.report import load_report
from tests.eval.builders import ROWS

REPO = ROWS.parents[3]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh CALLPLAN_DATA_DIR (the cache lives there), and no LLM configured."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CALLPLAN_DATA_DIR", str(folder))
    for name in ("CALLPLAN_LLM_BASE_URL", "CALLPLAN_LLM_API_KEY", "CALLPLAN_EXTRACTOR"):
        monkeypatch.delenv(name, raising=False)
    return folder


def run(out: Path, *extra: str) -> int:
    return main(["run", "--dataset", str(ROWS), "--out", str(out), "--quiet", *extra])


def test_run_prints_a_table_and_writes_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    assert run(out) == 0
    printed = capsys.readouterr()
    assert "commitments" in printed.out and "f1" not in printed.err
    assert "2 calls scored, 1 skipped, 0 failed" in printed.out
    assert sorted(p.name for p in out.iterdir()) == ["f1_per_kind.svg", "report.json", "report.md"]

    report = load_report(out / "report.json")
    assert report.run.extractor.name == "rules"
    assert report.run.extractor.prompt_version == "rules-v1"
    assert report.run.split == "test"
    assert report.run.samples == 2
    assert report.run.git_commit and len(report.run.git_commit) == 40
    assert [p.row for p in report.run.skipped] == ["fx-renewal-missing-file"]
    assert set(report.per_call_type) == {"discovery", "negotiation"}
    assert report.per_kind["commitments"].gold == 7
    assert 0.0 < (report.metrics["f1_all"] or 0.0) <= 1.0
    assert 1 <= len(report.top_errors) <= 5
    assert report.top_errors[0].count >= report.top_errors[-1].count


def test_the_markdown_report_holds_provenance_figures_and_errors(tmp_path: Path) -> None:
    run(tmp_path)
    text = (tmp_path / "report.md").read_text()
    for expected in (
        "| extractor | rules (prompt rules-v1) |",
        "| calls scored | 2 (1 skipped, 0 failed) |",
        "![F1 per kind](f1_per_kind.svg)",
        "## Per call type",
        "## Most common errors",
        "## Skipped calls",
        "`fx-renewal-missing-file`: transcript file tests/eval/fixtures/no-such-call.vtt is",
    ):
        assert expected in text


def test_the_chart_is_an_svg_with_a_bar_per_kind(tmp_path: Path) -> None:
    run(tmp_path)
    svg = ElementTree.parse(tmp_path / "f1_per_kind.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    titles = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")]
    report = json.loads((tmp_path / "report.json").read_text())
    f1 = report["per_kind"]["commitments"]["f1"]
    assert f"commitments: {f1:.3f}" in titles
    assert len(titles) == 6  # five kinds and all kinds


def test_a_second_run_is_served_from_the_cache(tmp_path: Path, data_dir: Path) -> None:
    run(tmp_path / "a")
    run(tmp_path / "b")
    assert load_report(tmp_path / "b" / "report.json").run.cache == "2 hits, 0 misses"
    assert len(list((data_dir / "eval-cache" / "extractions").glob("*.json"))) == 2
    run(tmp_path / "c", "--no-cache")
    assert load_report(tmp_path / "c" / "report.json").run.cache == "off"


def test_compare_shows_each_metric_and_its_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(tmp_path / "test")
    run(tmp_path / "all", "--split", "all")
    capsys.readouterr()
    assert (
        main(
            [
                "compare",
                str(tmp_path / "test" / "report.json"),
                str(tmp_path / "all" / "report.json"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "A: rules (prompt rules-v1), test, 2 calls" in out
    assert "B: rules (prompt rules-v1), all, 3 calls" in out
    assert "the two runs scored different calls" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "f1_commitments" in lines and "hallucinations" in lines
    assert lines["wer"].split()[1:] == ["n/a", "n/a"]
    assert any(line.endswith(("better", "worse")) for line in lines.values())


def test_compare_refuses_a_file_that_is_not_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "x.json"
    bogus.write_text("{}")
    assert main(["compare", str(bogus), str(bogus)]) == 2
    assert "is not an eval report.json" in capsys.readouterr().err


def test_an_llm_run_without_an_endpoint_says_what_to_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "--extractor", "llm") == 3
    assert "CALLPLAN_LLM_BASE_URL" in capsys.readouterr().err
    assert not (tmp_path / "report.json").exists()


def test_an_unknown_data_set_is_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--dataset", "no-such-set", "--quiet"]) == 2
    assert "no data set 'no-such-set'" in capsys.readouterr().err


def test_python_dash_m_eval_runs(tmp_path: Path, data_dir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "eval",
            "run",
            "--dataset",
            str(ROWS),
            "--limit",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "[########################] 1/1" in result.stderr  # the progress bar
    assert str(tmp_path / "report.md") in result.stdout


@pytest.mark.slow
def test_an_llm_run_against_a_real_endpoint_is_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, llm_server: str
) -> None:
    # SmolLM2-135M on llama.cpp's server: the contract is tested, not the quality.
    monkeypatch.setenv("CALLPLAN_LLM_BASE_URL", llm_server)
    monkeypatch.setenv("CALLPLAN_LLM_MAX_OUTPUT_TOKENS", "64")
    monkeypatch.setenv("CALLPLAN_LLM_MAX_ATTEMPTS", "1")
    assert run(tmp_path / "a", "--extractor", "llm", "--model", "smollm2", "--limit", "1") == 0
    first = load_report(tmp_path / "a" / "report.json")
    assert first.run.extractor.model_dump() == {
        "name": "llm",
        "model": "smollm2",
        "prompt_version": "extract-v2",
    }
    assert first.run.samples == 1
    assert run(tmp_path / "b", "--extractor", "llm", "--model", "smollm2", "--limit", "1") == 0
    second = load_report(tmp_path / "b" / "report.json")
    if first.run.failed:  # nothing usable came back: scored as nothing found, and not cached
        assert first.metrics["recall_commitments"] == 0.0
        assert second.run.cache == "0 hits, 1 miss"
        return
    assert first.run.usage.input_tokens > 0
    assert second.run.cache == "1 hit, 0 misses"
    assert second.run.usage.input_tokens == 0  # no tokens spent on the re-run
    assert second.run.usage_all == first.run.usage
    assert second.metrics == first.metrics


def test_agree_scores_the_second_labels_kept_in_the_repository(
    capsys: pytest.CaptureFixture[str],
) -> None:
    labels = Path(__file__).resolve().parents[2] / "eval" / "second-labels" / "ten-test-calls.jsonl"
    assert main(["agree", str(labels)]) == 0
    out = capsys.readouterr().out
    assert "(10 calls)" in out
    f1 = float(next(line for line in out.splitlines() if "f1_commitments" in line).split()[-1])
    assert 0.9 <= f1 < 1.0  # close, and not the same labels


def test_agree_refuses_a_file_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agree", str(tmp_path / "none.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err
