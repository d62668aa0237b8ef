"""The whole pipeline scored from a recording: the bundled sample call through whisper tiny.en."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.__main__ import whisper_transcriber
from eval.cache import Cache
from eval.runner import RunOptions, evaluate, select_rows
from eval.score import compute_metrics
from pipeline.extract import RulesExtractor
from pipeline.ingest import AudioInfo
from pipeline.models import Transcript
from pipeline.settings import load_settings
from tests.eval.builders import FIXTURES

ROW = select_rows([FIXTURES / "audio.jsonl"], "test")


@pytest.mark.slow
def test_a_recording_is_transcribed_attributed_and_scored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("CALLPLAN_DATA_DIR", str(tmp_path / "data"))
    whisper = whisper_transcriber(load_settings())
    recordings: list[str] = []

    def counting(audio: AudioInfo) -> Transcript:
        recordings.append(audio.path.name)
        return whisper(audio)

    options = RunOptions(audio=True, speech_settings={"model": "tiny.en"})
    first = evaluate(ROW, RulesExtractor(), options, cache=Cache(tmp_path), transcriber=counting)
    metrics = compute_metrics(first.judgements)
    # Measured 2026-11-22: WER 0.020 (9 of 440 words), every aligned word to its speaker.
    assert metrics["wer"] is not None and metrics["wer"] < 0.05
    assert (metrics["speaker_attribution_accuracy"] or 0.0) > 0.95
    assert (metrics["recall_commitments"] or 0.0) >= 0.75

    second = evaluate(ROW, RulesExtractor(), options, cache=Cache(tmp_path), transcriber=counting)
    assert recordings == ["call.ogg"]  # the transcription was cached too
    assert second.judgements == first.judgements
