"""`callplan process` with an LLM endpoint configured: the real server, the real protocol."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline.models import Extraction, Transcript
from tests.builders import SAMPLE
from tests.service.test_cli import CALL_ARGS, callplan


def test_process_uses_the_configured_endpoint_and_grounds_what_it_returns(
    llm_server: str, tmp_path: Path
) -> None:
    env = os.environ | {
        "CALLPLAN_LLM_BASE_URL": llm_server,
        "CALLPLAN_LLM_MODEL": "smollm2-135m",
        # The 135M model fills whatever room it is given; a small cap keeps the test quick.
        "CALLPLAN_LLM_MAX_OUTPUT_TOKENS": "256",
        "CALLPLAN_DATA_DIR": str(tmp_path / "data"),
    }
    out = tmp_path / "out"
    result = callplan("process", str(SAMPLE / "script.txt"), *CALL_ARGS, "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "extractor: llm, model: smollm2-135m" in result.stdout

    extraction = Extraction.model_validate_json((out / "extraction.json").read_text())
    transcript = Transcript.model_validate_json((out / "transcript.json").read_text())
    assert extraction.extractor.prompt_version == "extract-v2"
    assert extraction.usage is not None and extraction.usage.attempts >= 1
    assert extraction.usage.input_tokens > 500 and extraction.usage.output_tokens > 0
    # Whatever the tiny model said, only grounded items survive, with the transcript's words.
    items = [
        *extraction.outcomes,
        *extraction.stakeholders,
        *extraction.commitments,
        *extraction.key_dates,
        *extraction.risks,
    ]
    for item in items:
        for evidence in item.evidence:
            spoken = " ".join(transcript.segments[i].text for i in evidence.segment_ids)
            assert evidence.quote.lower() in spoken.lower() or evidence.quote in spoken
    assert extraction.grounding.checked == len(items) + extraction.grounding.dropped

    # The same call again: answered from CALLPLAN_DATA_DIR/llm-cache, no tokens spent. The
    # deal's current plan is part of the prompt, so the plan this run saved is removed first.
    shutil.rmtree(tmp_path / "data" / "deals")
    again = tmp_path / "again"
    rerun = callplan(
        "process", str(SAMPLE / "script.txt"), *CALL_ARGS, "--out", str(again), env=env
    )
    assert rerun.returncode == 0, rerun.stderr
    cached = Extraction.model_validate_json((again / "extraction.json").read_text())
    assert cached.usage is not None and cached.usage.cached
    assert (cached.usage.input_tokens, cached.usage.output_tokens) == (0, 0)
    assert cached.counts() == extraction.counts()
    assert list((tmp_path / "data" / "llm-cache").rglob("*.json"))
