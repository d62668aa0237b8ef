"""Rows as the pipeline sees them: transcripts from utterances or files; transcript quality."""

from __future__ import annotations

import pytest

from eval.calls import call_context, row_transcript, transcript_quality
from eval.dataset import Utterance
from eval.metrics import speaker_agreement
from pipeline.errors import InputError
from pipeline.models import Segment, Side, Speaker, Transcript
from tests.eval.builders import FIXTURES, fixture_row


def test_utterances_become_a_transcript_with_names_sides_and_estimated_times() -> None:
    row = fixture_row("fx-discovery-greenfield")
    transcript = row_transcript(row)
    assert transcript.source == "json"
    assert [s.text for s in transcript.segments] == [u.text for u in row.utterances]
    assert {(s.name, s.side) for s in transcript.speakers} == {
        ("Daniel Brooks", Side.SELLER),
        ("Sarah Mitchell", Side.BUYER),
    }
    starts = [s.start for s in transcript.segments]
    assert starts == sorted(starts) and starts[0] == 0.0
    assert all(s.end > s.start for s in transcript.segments)
    assert transcript.notes == ("timings are estimated",)


def test_given_timings_are_kept() -> None:
    row = fixture_row("fx-kickoff-dev")
    timed = row.model_copy(
        update={
            "utterances": (
                Utterance(speaker="Leo Grant", text="Welcome.", start=3.0, end=4.5),
                Utterance(speaker="Mia Torres", text="Thanks.", start=5.0, end=5.8),
            )
        }
    )
    transcript = row_transcript(timed)
    assert [(s.start, s.end) for s in transcript.segments] == [(3.0, 4.5), (5.0, 5.8)]
    assert transcript.notes == ()


def test_a_transcript_file_is_ingested_and_attributed() -> None:
    row = fixture_row("fx-negotiation-acme")
    transcript = row_transcript(row)
    assert transcript.source == "vtt"
    sides = {s.name: s.side for s in transcript.speakers}
    assert sides == {
        "Priya Raman": Side.SELLER,
        "Marcus Webb": Side.BUYER,
        "Elena Sosa": Side.BUYER,
    }
    assert transcript.segments[0].start == 1.0


def test_a_missing_transcript_file_is_an_input_error_naming_it() -> None:
    with pytest.raises(InputError, match=r"tests/eval/fixtures/no-such-call.vtt is missing"):
        row_transcript(fixture_row("fx-renewal-missing-file"))


def test_paths_are_relative_to_the_given_root() -> None:
    with pytest.raises(InputError, match="missing"):
        row_transcript(fixture_row("fx-negotiation-acme"), root=FIXTURES)


def test_the_call_context_carries_the_row() -> None:
    row = fixture_row("fx-negotiation-acme")
    context = call_context(row)
    assert (context.call_date, context.timezone, context.participants) == (
        row.call_date,
        "America/Chicago",
        row.participants,
    )


def test_speaker_agreement_aligns_words_before_comparing() -> None:
    said = [("I'll send it by Friday", "Dan"), ("Great thanks", "Sara")]
    # one word misheard, and "great" given to the wrong person
    heard = [("I'll send it on Friday great", "Dan"), ("thanks", "Sara")]
    correct, aligned = speaker_agreement(heard, said)
    assert (correct, aligned) == (6, 7)


def test_transcript_quality_compares_words_and_speakers() -> None:
    said = _transcript([("Daniel Brooks", "I'll send it by Friday."), ("Sarah Mitchell", "Great.")])
    heard = _transcript(
        [("S1", "I'll send it by Friday."), ("S2", "Grey.")], names={"S1": "Daniel Brooks"}
    )
    quality = transcript_quality(heard, said)
    assert (quality.wer_errors, quality.wer_words) == (1, 6)
    assert (quality.speaker_correct, quality.speaker_words) == (5, 6)  # S2 was never named


def _transcript(lines: list[tuple[str, str]], names: dict[str, str] | None = None) -> Transcript:
    names = names if names is not None else {label: label for label, _ in lines}
    segments = tuple(
        Segment(id=i, speaker=label, start=float(i), end=i + 0.9, text=text)
        for i, (label, text) in enumerate(lines)
    )
    speakers = tuple(
        Speaker(label=label, name=names.get(label))
        for label in dict.fromkeys(label for label, _ in lines)
    )
    return Transcript(duration_s=len(lines), source="json", speakers=speakers, segments=segments)
