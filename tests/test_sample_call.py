"""The bundled sample recording through the whole pipeline with the real whisper tiny.en model."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eval.metrics import word_error_rate
from pipeline.ingest.transcripts import import_txt
from pipeline.models import CommitmentStatus, Extraction, Side, Transcript
from tests.builders import SAMPLE

# Measured 2026-11-22: WER 0.014 (tiny.en, int8, beam 5, VAD); see README ("Measured").
MAX_WER = 0.05
EXPECTED: dict[str, Any] = json.loads((SAMPLE / "expected.json").read_text("utf-8"))
ROOT = SAMPLE.parents[1]


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    env = os.environ | {"HF_HUB_OFFLINE": "1", "CALLPLAN_EXTRACTOR": "rules"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "run_demo.py"), str(out)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "transcribing" in result.stderr and "100%" in result.stderr
    assert str(out / "plan.md") in result.stdout
    return out


@pytest.mark.slow
def test_transcript_is_close_to_the_script(demo_output: Path) -> None:
    transcript = Transcript.model_validate_json((demo_output / "transcript.json").read_text())
    script = import_txt(SAMPLE / "script.txt")
    heard = " ".join(s.text for s in transcript.segments)
    said = " ".join(s.text for s in script.segments)
    assert word_error_rate(heard, said) <= MAX_WER
    assert transcript.channels == 2
    names = {s.label: (s.name, s.side, s.how) for s in transcript.speakers}
    assert names == {
        "S1": ("Daniel Brooks", Side.SELLER, "introduction"),
        "S2": ("Sarah Mitchell", Side.BUYER, "introduction"),
    }
    assert all(w.end <= transcript.duration_s + 0.5 for s in transcript.segments for w in s.words)


@pytest.mark.slow
def test_extraction_holds_the_scripts_commitments(demo_output: Path) -> None:
    extraction = Extraction.model_validate_json((demo_output / "extraction.json").read_text())
    committed = [c for c in extraction.commitments if c.status == CommitmentStatus.COMMITTED]
    for gold in (c for c in EXPECTED["commitments"] if c["status"] == "committed"):
        hits = [
            c
            for c in committed
            if all(k.lower() in c.action.lower() for k in gold["action_keywords"])
        ]
        assert len(hits) == 1, f"{gold['action_keywords']} not in {[c.action for c in committed]}"
        assert hits[0].owner == gold["owner"]
        assert hits[0].due_date == dt.date.fromisoformat(gold["due_date"])


@pytest.mark.slow
def test_every_quote_is_in_the_transcript(demo_output: Path) -> None:
    extraction = Extraction.model_validate_json((demo_output / "extraction.json").read_text())
    transcript = Transcript.model_validate_json((demo_output / "transcript.json").read_text())
    items = [
        *extraction.outcomes,
        *extraction.stakeholders,
        *extraction.commitments,
        *extraction.key_dates,
        *extraction.risks,
    ]
    assert len(items) > 10
    for item in items:
        for evidence in item.evidence:
            spoken = " ".join(transcript.segments[i].text for i in evidence.segment_ids)
            assert evidence.quote in spoken
            assert evidence.start >= transcript.segments[evidence.segment_ids[0]].start
