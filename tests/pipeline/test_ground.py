"""Grounding keeps what the transcript says and drops what it does not."""

from __future__ import annotations

import datetime as dt

from pipeline.ground import ground, locate
from pipeline.models import (
    CallInfo,
    Commitment,
    Evidence,
    Extraction,
    ExtractorInfo,
    Segment,
    Stakeholder,
    Transcript,
    Word,
)
from tests.builders import BUYER, SELLER, transcript

CALL = transcript(
    [
        ("Daniel Brooks", "Hi Sarah. I'll send over our security questionnaire by Friday."),
        ("Sarah Mitchell", "Perfect, that goes to Tom."),
        ("Sarah Mitchell", "Tom will review the data processing agreement by December 15th."),
    ],
    (SELLER, BUYER),
)


def evidence(quote: str, *segment_ids: int) -> Evidence:
    return Evidence(quote=quote, speaker="?", start=0.0, end=0.0, segment_ids=segment_ids or (0,))


def extraction(*commitments: Commitment) -> Extraction:
    return Extraction(
        extractor=ExtractorInfo(name="llm", model="test"),
        call=CallInfo(date=dt.date(2026, 11, 18)),
        commitments=commitments,
    )


def test_exact_quote_in_the_cited_segment_is_kept_with_its_real_location() -> None:
    found = locate(evidence("I'll send over our security questionnaire", 0), CALL)
    assert found is not None
    assert found.segment_ids == (0,) and found.speaker == "Daniel Brooks"
    assert (found.start, found.end) == (CALL.segments[0].start, CALL.segments[0].end)


def test_quote_with_wrong_segment_id_is_found_elsewhere_and_corrected() -> None:
    found = locate(evidence("Tom will review the data processing agreement", 0), CALL)
    assert found is not None and found.segment_ids == (2,) and found.speaker == "Sarah Mitchell"


def test_small_differences_are_tolerated_and_replaced_by_the_spoken_words() -> None:
    found = locate(evidence("Tom will review the data-processing agreemnt", 2), CALL)
    assert found is not None
    assert found.quote == "tom will review the data processing agreement"


def test_invented_quote_is_not_found() -> None:
    assert locate(evidence("the contract is signed, go ahead and publish", 0), CALL) is None
    assert locate(evidence("ok", 0), CALL) is None


def test_quote_across_two_segments_cites_both() -> None:
    found = locate(evidence("that goes to Tom. Tom will review", 1), CALL)
    assert found is not None and found.segment_ids == (1, 2)


def test_items_without_grounded_evidence_are_dropped_and_counted() -> None:
    real = Commitment(
        action="Send questionnaire",
        owner="Daniel Brooks",
        evidence=(evidence("send over our security questionnaire by Friday", 0),),
    )
    invented = Commitment(
        action="Sign the contract",
        owner="Sarah Mitchell",
        evidence=(evidence("we will sign the contract today", 1),),
    )
    mixed = Commitment(
        action="Review DPA",
        owner="Tom",
        evidence=(
            evidence("Tom will review the data processing agreement", 2),
            evidence("Tom already approved everything", 2),
        ),
    )
    result = ground(extraction(real, invented, mixed), CALL)
    assert [c.action for c in result.commitments] == ["Send questionnaire", "Review DPA"]
    assert len(result.commitments[1].evidence) == 1
    assert result.grounding.checked == 3 and result.grounding.dropped == 1
    assert result.grounding.dropped_items == ("commitments: Sign the contract",)


def test_stakeholder_evidence_is_checked_too() -> None:
    invented = Stakeholder(name="Ghost", evidence=(evidence("I am the CEO of everything", 0),))
    result = ground(extraction().model_copy(update={"stakeholders": (invented,)}), CALL)
    assert result.stakeholders == () and result.grounding.dropped == 1


def test_word_timestamps_narrow_the_quote_to_where_it_was_said() -> None:
    words = tuple(
        Word(w=w, start=float(i), end=i + 0.5, p=0.9)
        for i, w in enumerate(["so", "I'll", "send", "it", "by", "Friday", "okay"])
    )
    call = Transcript(
        duration_s=10,
        source="audio",
        segments=(
            Segment(
                id=0,
                speaker="S1",
                start=0,
                end=7,
                text="so I'll send it by Friday okay",
                words=words,
            ),
        ),
    )
    found = locate(evidence("I'll send it by Friday", 0), call)
    assert found is not None and (found.start, found.end) == (1.0, 5.5)
