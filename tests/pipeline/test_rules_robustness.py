"""The rules on every call we have: no crash, and every item quotes the call.

A rule that breaks on some turn of phrase fails the whole call's draft, so the extractor runs
here over all labelled calls and all the real transcripts in ../shared/data (164 Zoom exports,
40 AMI meetings), whose phrasings nobody wrote for the rules.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from eval.calls import call_context, row_transcript
from eval.dataset import DATASETS, load_rows
from pipeline.extract import RulesExtractor, extract
from pipeline.ingest import ingest
from pipeline.models import Extraction, Transcript
from tests.builders import BUYER, SELLER, context, transcript

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
REAL = [
    *sorted((SHARED_DATA / "ethereum-acd" / "calls").glob("*/transcript.vtt")),
    *sorted((SHARED_DATA / "ami-qmsum").glob("*/*.json")),
]
_DATE_IN_NAME = re.compile(r"(\d{4})-(\d\d)-(\d\d)")


def _grounded(result: Extraction, transcript: Transcript) -> None:
    said = "\n".join(s.text for s in transcript.segments)
    quotes = [e.quote for c in result.commitments for e in c.evidence]
    quotes += [e.quote for s in result.stakeholders for e in s.evidence]
    quotes += [e.quote for o in result.outcomes for e in o.evidence]
    quotes += [e.quote for k in result.key_dates for e in k.evidence]
    quotes += [e.quote for r in result.risks for e in r.evidence]
    for quote in quotes:
        assert quote in said, quote


def test_every_labelled_call() -> None:
    rows = [row for path in sorted(DATASETS.rglob("*.jsonl")) for row in load_rows(path)]
    assert len(rows) >= 150
    for row in rows:
        transcript = row_transcript(row)
        _grounded(extract(transcript, RulesExtractor(), call_context(row)), transcript)


@pytest.mark.slow
@pytest.mark.skipif(len(REAL) < 204, reason=f"shared data not found at {SHARED_DATA}")
def test_every_real_transcript() -> None:
    for path in REAL:
        transcript = ingest(path)
        assert isinstance(transcript, Transcript)
        named = _DATE_IN_NAME.search(str(path))
        call_date = dt.date(*map(int, named.groups())) if named else dt.date(2026, 3, 2)
        result = extract(transcript, RulesExtractor(), context(call_date, participants=()))
        _grounded(result, transcript)


def test_a_transcript_without_capitals_is_split_into_sentences() -> None:
    said = "okay, lets not kill ourselves. make it the 27th. ill have the poc environment up then"
    lines = [(SELLER.name, said)]
    found = extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context()).commitments
    assert [(c.action, c.due_date) for c in found] == [
        ("Have the poc environment up then", dt.date(2026, 11, 27))
    ]
