"""The evaluation loop: caching answers, skipping unreadable rows, scoring failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.cache import Cache
from eval.runner import RunOptions, dataset_files, evaluate, select_rows
from pipeline.errors import ExtractionError, InputError, TranscriptionError
from pipeline.extract import CallContext, RulesExtractor
from pipeline.ingest import AudioInfo
from pipeline.models import Extraction, ExtractorInfo, Transcript
from tests.eval.builders import FIXTURES, ROWS

TEST_ROWS = select_rows([ROWS], "test")
MISSING = "tests/eval/fixtures/no-such-call.vtt"


class CountingExtractor:
    """The rules extractor, counting how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0
        self._rules = RulesExtractor()

    @property
    def info(self) -> ExtractorInfo:
        return self._rules.info

    def extract(self, transcript: Transcript, context: CallContext) -> Extraction:
        self.calls += 1
        return self._rules.extract(transcript, context)


class FailingExtractor:
    """An extractor whose every attempt fails, as an LLM returning nothing usable does."""

    def __init__(self) -> None:
        self.calls = 0

    @property
    def info(self) -> ExtractorInfo:
        return ExtractorInfo(name="llm", model="broken", prompt_version="extract-v1")

    def extract(self, transcript: Transcript, context: CallContext) -> Extraction:
        self.calls += 1
        raise ExtractionError("no valid answer in 3 attempts")


def test_a_second_run_of_unchanged_rows_asks_the_extractor_nothing(tmp_path: Path) -> None:
    extractor = CountingExtractor()
    first = evaluate(TEST_ROWS, extractor, RunOptions(), cache=Cache(tmp_path))
    assert extractor.calls == 2  # two readable test rows; the third is skipped
    assert (first.cache_hits, first.cache_misses) == (0, 2)

    second = evaluate(TEST_ROWS, extractor, RunOptions(), cache=Cache(tmp_path))
    assert extractor.calls == 2
    assert (second.cache_hits, second.cache_misses) == (2, 0)
    assert second.judgements == first.judgements


def test_a_changed_setting_or_row_misses_the_cache(tmp_path: Path) -> None:
    extractor = CountingExtractor()
    evaluate(TEST_ROWS, extractor, RunOptions(), cache=Cache(tmp_path))
    hotter = RunOptions(extractor_settings={"temperature": 0.7})
    evaluate(TEST_ROWS, extractor, hotter, cache=Cache(tmp_path))
    assert extractor.calls == 4
    discovery = TEST_ROWS[0]
    changed = discovery.model_copy(update={"call_date": discovery.call_date.replace(day=19)})
    evaluate([changed], extractor, RunOptions(), cache=Cache(tmp_path))
    assert extractor.calls == 5


def test_a_gold_fix_does_not_ask_again(tmp_path: Path) -> None:
    extractor = CountingExtractor()
    discovery = TEST_ROWS[0]
    evaluate([discovery], extractor, RunOptions(), cache=Cache(tmp_path))
    fixed = discovery.model_copy(
        update={"gold": discovery.gold.model_copy(update={"risks": discovery.gold.risks[:1]})}
    )
    result = evaluate([fixed], extractor, RunOptions(), cache=Cache(tmp_path))
    assert extractor.calls == 1
    assert result.judgements[0].counts["risks"].gold == 1


def test_without_a_cache_every_run_asks(tmp_path: Path) -> None:
    extractor = CountingExtractor()
    evaluate(TEST_ROWS, extractor, RunOptions(), cache=Cache(None))
    evaluate(TEST_ROWS, extractor, RunOptions(), cache=Cache(None))
    assert extractor.calls == 4
    assert not any(tmp_path.iterdir())


def test_a_row_whose_file_is_missing_is_skipped_with_the_reason() -> None:
    result = evaluate(TEST_ROWS, CountingExtractor(), RunOptions())
    assert [j.row for j in result.judgements] == ["fx-discovery-greenfield", "fx-negotiation-acme"]
    assert [p.row for p in result.skipped] == ["fx-renewal-missing-file"]
    assert "no-such-call.vtt is missing" in result.skipped[0].reason


def test_a_failing_extractor_scores_nothing_found_and_is_not_cached(tmp_path: Path) -> None:
    extractor = FailingExtractor()
    result = evaluate(TEST_ROWS[:1], extractor, RunOptions(), cache=Cache(tmp_path))
    assert [p.row for p in result.failed] == ["fx-discovery-greenfield"]
    counts = result.judgements[0].counts["commitments"]
    assert (counts.gold, counts.predicted, counts.matched) == (3, 0, 0)
    evaluate(TEST_ROWS[:1], extractor, RunOptions(), cache=Cache(tmp_path))
    assert extractor.calls == 2


def test_audio_runs_score_only_rows_with_a_recording() -> None:
    def transcriber(audio: AudioInfo) -> Transcript:
        raise AssertionError("no row has audio")

    result = evaluate(
        TEST_ROWS, CountingExtractor(), RunOptions(audio=True), transcriber=transcriber
    )
    assert result.judgements == ()
    assert {p.row: p.reason.split(" (")[0] for p in result.skipped} == {
        "fx-discovery-greenfield": "no audio_path",
        "fx-negotiation-acme": "no audio_path",
        "fx-renewal-missing-file": f"transcript file {MISSING} is missing",
    }


def test_rows_are_chosen_by_split_and_limit() -> None:
    assert [r.id for r in select_rows([ROWS], "dev")] == ["fx-kickoff-dev"]
    assert len(select_rows([ROWS], "all")) == 4
    assert len(select_rows([ROWS], "test", limit=1)) == 1


def test_duplicate_row_ids_are_refused() -> None:
    with pytest.raises(InputError, match="'fx-discovery-greenfield' is in both"):
        select_rows([ROWS, ROWS], "all")


def test_data_sets_by_path_or_unknown_name() -> None:
    assert dataset_files([str(ROWS)]) == [ROWS]
    assert dataset_files([str(ROWS.parent)]) == [ROWS.parent / "audio.jsonl", ROWS]  # a folder
    with pytest.raises(InputError, match="no data set 'nope'"):
        dataset_files(["nope"])


def test_a_recording_the_speech_model_refuses_is_skipped() -> None:
    def silent(audio: AudioInfo) -> Transcript:
        raise TranscriptionError(f"{audio.path.name}: no speech was heard")

    rows = select_rows([FIXTURES / "audio.jsonl"], "test")
    result = evaluate(rows, CountingExtractor(), RunOptions(audio=True), transcriber=silent)
    assert result.judgements == ()
    assert [(p.row, p.reason) for p in result.skipped] == [
        ("fx-sample-call-audio", "call.ogg: no speech was heard")
    ]


def test_an_audio_run_needs_a_transcriber() -> None:
    with pytest.raises(ValueError, match="needs a transcriber"):
        evaluate(TEST_ROWS, CountingExtractor(), RunOptions(audio=True))
