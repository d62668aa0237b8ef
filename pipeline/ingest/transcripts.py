"""Import transcripts that recorders already made: WebVTT, SRT, plain "Name: text", our own JSON.

Every importer returns a `Transcript` whose speaker labels are the names the file used. Files
without speaker names are refused: a plan needs to know who said what.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.errors import InputError
from pipeline.models import Attribution, Segment, Speaker, Transcript, TranscriptSource
from pipeline.turns import merge_turns

# "Maria Lopez: text"; a label is a short name, not a sentence with a colon in it.
_LABELLED = re.compile(r"^\s*(?P<name>[^:\n]{1,60}?)\s*:\s+(?P<text>\S.*)$")
_VOICE_TAG = re.compile(r"^<v(?:\.[\w.-]+)?\s+(?P<name>[^>]+)>(?P<text>.*?)(?:</v>)?$", re.DOTALL)
_TIMING = re.compile(
    r"^(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_TAGS = re.compile(r"</?[^>]+>")
# Speech rate used to give plain-text transcripts approximate timings (words per second).
_WORDS_PER_SECOND = 2.5
# Consecutive cues by one speaker closer than this are one turn (recorders split sentences).
_MERGE_GAP_S = 1.5
# Cues without a name are kept, under this label, rather than dropped or guessed.
UNKNOWN_SPEAKER = "Unknown speaker 1"
# Recorder JSON: where the utterance list lives, and what its fields are called.
_JSON_LIST_KEYS = ("utterances", "segments", "transcript", "meeting_transcripts")
_JSON_SPEAKER_KEYS = ("speaker", "speaker_name", "name")
_JSON_TEXT_KEYS = ("text", "content", "transcript")
# Annotations such as AMI's {vocalsound} and {gap} are not words anyone said.
_ANNOTATION = re.compile(r"\{[a-z_]+\}")


@dataclass
class _Utterance:
    speaker: str
    start: float
    end: float
    text: str


def read_text(path: Path) -> str:
    """The file's text, with a clear error for binary or empty files."""
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path.name} is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{path.name} is not a UTF-8 text file ({error.reason})") from error


def import_txt(path: Path) -> Transcript:
    """One `Speaker Name: text` utterance per line; unlabelled lines continue the previous one."""
    utterances: list[_Utterance] = []
    clock = 0.0
    for line in read_text(path).splitlines():
        if not line.strip():
            continue
        match = _LABELLED.match(line)
        if match is None and not utterances:
            raise _no_labels(path, line)
        if match is None:
            utterances[-1].text += " " + line.strip()
            continue
        text = match["text"].strip()
        duration = max(1.0, len(text.split()) / _WORDS_PER_SECOND)
        utterances.append(_Utterance(match["name"].strip(), clock, clock + duration, text))
        clock += duration + 0.5
    _require_labels(path, utterances)
    return _build(utterances, "txt", notes=("timings are estimated: the text file carried none",))


def import_vtt(path: Path, source: TranscriptSource = "vtt") -> Transcript:
    """WebVTT (Zoom `Name: text`, Teams `<v Name>`) or SRT cues."""
    # Recorders write overlapping speech as overlapping cues, not always in start order.
    utterances = sorted(_cues(path, read_text(path)), key=lambda u: u.start)
    if not utterances:
        raise InputError(f"{path.name} has no cues (no 'start --> end' timing lines)")
    _require_labels(path, utterances)
    return _build(utterances, source, max_gap_s=_MERGE_GAP_S)


def import_json(path: Path) -> Transcript:
    """Callplan's own `transcript.json`, or a recorder's list of utterances.

    Utterance lists are a list of objects (or an object holding one under `utterances`,
    `segments`, `transcript` or `meeting_transcripts`), each with a speaker (`speaker`, `name`)
    and words (`text`, `content`), and optionally `start`/`end` in seconds.
    """
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path.name} is not valid JSON (line {error.lineno}: {error.msg})"
        ) from error
    if isinstance(data, dict) and "source" in data and "duration_s" in data:
        return _own_transcript(path, text)
    items = _utterance_list(data)
    if items is None:
        return _own_transcript(path, text)  # says which field is missing
    utterances, timed = _json_utterances(items)
    if not utterances:
        raise InputError(f"{path.name} has no utterances with text")
    _require_labels(path, utterances)
    notes = () if timed else ("timings are estimated: the JSON file carried none",)
    return _build(utterances, "json", notes=notes, max_gap_s=_MERGE_GAP_S if timed else 0.0)


def _own_transcript(path: Path, text: str) -> Transcript:
    try:
        return Transcript.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(
            f"{path.name} is not a Callplan transcript: {where}: {first['msg']}"
        ) from error


def _utterance_list(data: object) -> list[dict[str, Any]] | None:
    if isinstance(data, dict):
        data = next((data[k] for k in _JSON_LIST_KEYS if isinstance(data.get(k), list)), None)
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return data
    return None


def _json_utterances(items: list[dict[str, Any]]) -> tuple[list[_Utterance], bool]:
    timed = all(isinstance(item.get("start"), int | float) for item in items)
    utterances: list[_Utterance] = []
    clock = 0.0
    for item in items:
        said = _ANNOTATION.sub("", str(_first(item, _JSON_TEXT_KEYS) or "")).strip()
        said = re.sub(r"\s+", " ", said)
        if not said:
            continue
        speaker = str(_first(item, _JSON_SPEAKER_KEYS) or "").strip()
        if timed:
            start = float(item["start"])
            end = item.get("end")
            stop = float(end) if isinstance(end, int | float) else start
        else:
            start, stop = clock, clock + max(1.0, len(said.split()) / _WORDS_PER_SECOND)
            clock = stop + 0.5
        utterances.append(_Utterance(speaker, start, max(start, stop), said))
    return utterances, timed


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> object:
    return next((item[k] for k in keys if item.get(k) not in (None, "")), None)


def _cues(path: Path, text: str) -> Iterator[_Utterance]:
    blocks = re.split(r"\r?\n\s*\r?\n", text.replace("\r\n", "\n"))
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        timing_at = next((i for i, line in enumerate(lines) if _TIMING.match(line)), None)
        if timing_at is None:
            continue  # header, NOTE, STYLE or a stray block
        timing = _TIMING.match(lines[timing_at])
        assert timing is not None
        body = " ".join(lines[timing_at + 1 :]).strip()
        if not body:
            continue
        speaker, said = _split_speaker(body)
        said = _TAGS.sub("", said).strip()
        if said:
            yield _Utterance(speaker, _seconds(timing["start"]), _seconds(timing["end"]), said)


def _split_speaker(body: str) -> tuple[str, str]:
    if voice := _VOICE_TAG.match(body):
        return voice["name"].strip(), voice["text"]
    if labelled := _LABELLED.match(body):
        return labelled["name"].strip(), labelled["text"]
    return "", body


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = float(parts[-1])
    for unit, value in zip((60, 3600), reversed(parts[:-1]), strict=False):
        seconds += unit * int(value)
    return seconds


def _require_labels(path: Path, utterances: list[_Utterance]) -> None:
    if all(not u.speaker for u in utterances):
        raise _no_labels(path, utterances[0].text if utterances else "")
    for utterance in utterances:
        if not utterance.speaker:
            utterance.speaker = UNKNOWN_SPEAKER


def _no_labels(path: Path, line: str) -> InputError:
    example = line.strip()[:40]
    return InputError(
        f"{path.name} has no speaker labels (first line: {example!r}); "
        "expected one 'Speaker Name: text' utterance per line"
    )


def _build(
    utterances: list[_Utterance],
    source: TranscriptSource,
    notes: tuple[str, ...] = (),
    max_gap_s: float = 0.0,
) -> Transcript:
    segments = merge_turns(
        (
            Segment(id=i, speaker=u.speaker, start=u.start, end=max(u.end, u.start), text=u.text)
            for i, u in enumerate(utterances)
        ),
        max_gap_s=max_gap_s,
    )
    labels = dict.fromkeys(u.speaker for u in utterances)
    speakers = tuple(
        Speaker(label=label, name=label, how=Attribution.TRANSCRIPT)
        for label in labels
        if label != UNKNOWN_SPEAKER
    )
    return Transcript(
        duration_s=max((s.end for s in segments), default=0.0),
        source=source,
        channels=0,
        speakers=speakers,
        segments=segments,
        notes=notes,
    )
