"""A labelled row as the pipeline sees it: its call context, and its transcript.

A row carries its transcript one of three ways, read the way `callplan process` would:
- `utterances`: speaker-labelled turns, turned into a transcript here (speakers are the names,
  sides come from the participants, timings are estimated when the row has none);
- `transcript_path`: a recorder's file (.vtt, .srt, .txt, .json), read by `pipeline.ingest`
  and attributed to participants by `pipeline.speakers`;
- `audio_path` (with `--audio`): transcribed by the speech model, then attributed, and the
  result compared word by word with the row's own transcript (WER, speaker attribution).
Paths are relative to the repository root.
"""

from __future__ import annotations

from pathlib import Path

from eval.dataset import DATASETS, CallRow
from eval.metrics import speaker_agreement, word_errors
from pipeline.errors import InputError
from pipeline.extract import CallContext
from pipeline.ingest import AudioInfo, ingest
from pipeline.models import Attribution, Frozen, Segment, Side, Speaker, Transcript
from pipeline.speakers import attribute_speakers

REPO_ROOT = DATASETS.parents[1]
# The speech rate `pipeline.ingest` assumes for transcripts without timings (words per second).
WORDS_PER_SECOND = 2.5


def call_context(row: CallRow) -> CallContext:
    """What the extractor is told about the call besides its words."""
    return CallContext(
        call_date=row.call_date,
        timezone=row.timezone,
        buyer_company=row.buyer_company,
        seller_company=row.seller_company,
        participants=row.participants,
        fiscal_year_start_month=row.fiscal_year_start_month,
        deal=row.id,
    )


def row_transcript(row: CallRow, root: Path = REPO_ROOT) -> Transcript:
    """The row's own transcript: its utterances, or its transcript file, speakers attributed.

    Raises:
        InputError: the transcript file is missing or unreadable.
    """
    if row.utterances:
        return _from_utterances(row)
    assert row.transcript_path is not None  # CallRow guarantees one of the two
    source = ingest(row_file(row.transcript_path, root, "transcript"))
    if isinstance(source, AudioInfo):
        raise InputError(f"{row.transcript_path} is a recording; give it as audio_path")
    return attribute(source, row)


def attribute(transcript: Transcript, row: CallRow) -> Transcript:
    """Speakers tied to the row's participants (and sides, from the companies they name)."""
    return attribute_speakers(
        transcript,
        row.participants,
        seller_company=row.seller_company,
        buyer_company=row.buyer_company,
    )


def row_file(relative: str, root: Path, what: str) -> Path:
    """A file a row refers to, or an InputError naming it as the row wrote it."""
    path = root / relative
    if not path.is_file():
        raise InputError(f"{what} file {relative} is missing (looked in {root})")
    return path


def _from_utterances(row: CallRow) -> Transcript:
    sides = {p.name: p.side for p in row.participants}
    segments = []
    clock = 0.0
    for i, utterance in enumerate(row.utterances):
        start = utterance.start if utterance.start is not None else clock
        estimated = start + max(1.0, len(utterance.text.split()) / WORDS_PER_SECOND)
        end = utterance.end if utterance.end is not None else estimated
        segments.append(
            Segment(
                id=i,
                speaker=utterance.speaker,
                start=start,
                end=max(end, start),
                text=utterance.text,
            )
        )
        clock = max(end, start) + 0.5
    speakers = tuple(
        Speaker(
            label=name,
            name=name,
            side=sides.get(name, Side.UNKNOWN),
            how=Attribution.TRANSCRIPT,
        )
        for name in dict.fromkeys(u.speaker for u in row.utterances)
    )
    notes = () if all(u.start is not None for u in row.utterances) else ("timings are estimated",)
    return Transcript(
        duration_s=max((s.end for s in segments), default=0.0),
        source="json",
        speakers=speakers,
        segments=tuple(segments),
        notes=notes,
    )


class TranscriptQuality(Frozen):
    """Word errors against the words said, and words given to the right speaker."""

    wer_errors: int
    wer_words: int
    speaker_correct: int
    speaker_words: int


def transcript_quality(heard: Transcript, said: Transcript) -> TranscriptQuality:
    """Compare a transcription (speakers attributed) with the row's own transcript.

    Args:
        heard: what the speech model heard, after speaker attribution.
        said: the row's transcript (the words and the people who said them).
    """
    errors, words = word_errors(
        " ".join(s.text for s in heard.segments), " ".join(s.text for s in said.segments)
    )
    correct, aligned = speaker_agreement(
        [(s.text, heard.speaker(s.speaker).name) for s in heard.segments],
        [(s.text, said.speaker(s.speaker).display_name) for s in said.segments],
    )
    return TranscriptQuality(
        wer_errors=errors, wer_words=words, speaker_correct=correct, speaker_words=aligned
    )
