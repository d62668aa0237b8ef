from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError, UnsupportedFormatError
from pipeline.ingest import AudioInfo, ingest
from pipeline.models import Transcript
from tests.builders import SAMPLE

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
REAL_VTT = SHARED_DATA / "ethereum-acd" / "calls" / "acdc_2026-02-05_174" / "transcript.vtt"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def imported(path: Path) -> Transcript:
    result = ingest(path)
    assert isinstance(result, Transcript)
    return result


def test_txt_lines_become_segments_with_speakers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "call.txt",
        "Maria Lopez: Hi David.\nDavid Chen: Hi Maria, thanks for joining.\n"
        "He went on for a while.\n\nMaria Lopez: Great.\n",
    )
    transcript = imported(path)
    assert [s.speaker for s in transcript.segments] == ["Maria Lopez", "David Chen", "Maria Lopez"]
    assert transcript.segments[1].text == "Hi Maria, thanks for joining. He went on for a while."
    assert [s.name for s in transcript.speakers] == ["Maria Lopez", "David Chen"]
    assert transcript.source == "txt"
    starts = [s.start for s in transcript.segments]
    assert starts == sorted(starts) and transcript.duration_s > starts[-1]


def test_txt_without_speaker_labels_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.txt", "we talked about pricing\nand the timeline\n")
    with pytest.raises(InputError, match="no speaker labels"):
        ingest(path)


@pytest.mark.skipif(not REAL_VTT.exists(), reason=f"shared data not found at {SHARED_DATA}")
def test_real_zoom_vtt_imports_with_names_and_times() -> None:
    transcript = imported(REAL_VTT)
    first = transcript.segments[0]
    assert first.speaker == "Mario Havel"
    assert first.start == pytest.approx(241.68)
    # Zoom splits one turn into several cues; they are joined into one utterance.
    assert first.text == "Hey, Pooja. What are you doing?"
    assert transcript.segments[1].speaker == "Pooja Ranjan"
    assert {"Mario Havel", "Pooja Ranjan"} <= {s.label for s in transcript.speakers}
    assert transcript.source == "vtt"
    assert all(s.end >= s.start for s in transcript.segments)
    assert transcript.duration_s == max(s.end for s in transcript.segments)


def test_vtt_teams_voice_tags_multiline_cues_bom_and_crlf(tmp_path: Path) -> None:
    vtt = (
        "\ufeffWEBVTT\r\n\r\nNOTE exported by Teams\r\n\r\n"
        "a1b2/1-0\r\n00:00:01.000 --> 00:00:03.500 align:start\r\n"
        "<v Maria Lopez>We want to be live by March 1st</v>\r\n\r\n"
        "a1b2/2-0\r\n00:00:10.000 --> 00:00:12.000\r\n<v David Chen>I'll send the\r\n"
        "order form by Friday.</v>\r\n\r\n"
        "00:00:13.000 --> 00:00:14.000\r\nNo label on this one.\r\n"
    )
    transcript = imported(write(tmp_path, "teams.vtt", vtt))
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Maria Lopez", "We want to be live by March 1st"),
        ("David Chen", "I'll send the order form by Friday."),
        ("Unknown speaker 1", "No label on this one."),
    ]
    assert transcript.segments[1].start == 10.0 and transcript.segments[1].end == 12.0
    assert "Unknown speaker 1" not in {s.label for s in transcript.speakers}


def test_srt_with_comma_milliseconds(tmp_path: Path) -> None:
    srt = "1\n00:00:01,250 --> 00:00:02,750\nTom Baker: I'll review the DPA.\n\n"
    transcript = imported(write(tmp_path, "call.srt", srt))
    assert transcript.source == "srt"
    assert transcript.segments[0].start == 1.25 and transcript.segments[0].end == 2.75


def test_vtt_without_any_speaker_is_refused(tmp_path: Path) -> None:
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n"
    with pytest.raises(InputError, match="no speaker labels"):
        ingest(write(tmp_path, "anon.vtt", vtt))


def test_own_json_round_trips(tmp_path: Path) -> None:
    original = imported(write(tmp_path, "a.txt", "A: one\nB: two\n"))
    copy = imported(write(tmp_path, "t.json", original.model_dump_json()))
    assert copy == original


def test_json_that_is_not_a_transcript_says_which_field(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="duration_s"):
        ingest(write(tmp_path, "t.json", '{"source": "txt", "segments": []}'))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.wav", b"", "empty"),
        ("empty.txt", b"", "empty"),
        (
            "notes.wav",
            b"Maria: this is a text file, not audio\n" * 20,
            "could not be read as audio",
        ),
        ("slides.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
        ("binary.txt", b"\xff\xfe\x00\x81garbage", "not a UTF-8 text file"),
    ],
)
def test_bad_files_get_a_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(InputError, match=message):
        ingest(path)
    assert path.read_bytes() == content  # the file is kept, untouched, for inspection


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        ingest(tmp_path / "nope.wav")


def test_unknown_extension_is_unsupported(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match=r"expected a recording \(.*\.wav"):
        ingest(write(tmp_path, "call.xyz", b"data"))


def test_audio_is_probed_not_decoded() -> None:
    info = ingest(SAMPLE / "call.ogg")
    assert isinstance(info, AudioInfo)
    assert info.channels == 2
    assert 120 < info.duration_s < 240


ACD_CALLS = SHARED_DATA / "ethereum-acd" / "calls"
AMI = SHARED_DATA / "ami-qmsum"


@pytest.mark.skipif(not ACD_CALLS.is_dir() or not AMI.is_dir(), reason="shared data not found")
def test_every_shared_real_transcript_imports() -> None:
    vtts = sorted(ACD_CALLS.glob("*/transcript.vtt"))
    meetings = sorted(AMI.glob("*/*.json"))
    assert (len(vtts), len(meetings)) == (164, 40)
    for path in [*vtts, *meetings]:
        transcript = imported(path)
        assert transcript.segments, path
        assert all(s.end >= s.start for s in transcript.segments), path
        starts = [s.start for s in transcript.segments]
        assert starts == sorted(starts), path
    ami = imported(meetings[0])
    assert {s.label for s in ami.speakers} <= {
        "Project Manager",
        "Marketing",
        "User Interface",
        "Industrial Designer",
    }
    assert not any("{vocalsound}" in s.text or "{gap}" in s.text for s in ami.segments)


def test_json_utterance_list_with_times(tmp_path: Path) -> None:
    rows = (
        '[{"speaker": "Maria Lopez", "start": 1.0, "end": 3.0, "text": "We go live in March."},'
        ' {"speaker": "David Chen", "start": 3.5, "end": 5.0, "text": "Great."},'
        ' {"speaker": "", "start": 6.0, "end": 7.0, "text": "Who was that?"}]'
    )
    transcript = imported(write(tmp_path, "otter.json", rows))
    assert [(s.speaker, s.start, s.end) for s in transcript.segments] == [
        ("Maria Lopez", 1.0, 3.0),
        ("David Chen", 3.5, 5.0),
        ("Unknown speaker 1", 6.0, 7.0),
    ]
    assert transcript.source == "json" and not transcript.notes


def test_json_utterances_without_times_get_estimated_ones(tmp_path: Path) -> None:
    data = '{"utterances": [{"name": "A", "content": "one two"}, {"name": "B", "content": "x"}]}'
    transcript = imported(write(tmp_path, "u.json", data))
    assert [s.speaker for s in transcript.segments] == ["A", "B"]
    assert "timings are estimated" in transcript.notes[0]


def test_json_that_is_not_json(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"not valid JSON \(line 1"):
        ingest(write(tmp_path, "t.json", "{not json"))


def test_overlapping_cues_come_out_in_time_order(tmp_path: Path) -> None:
    vtt = (
        "WEBVTT\n\n00:00:05.000 --> 00:00:07.000\nB: later\n\n"
        "00:00:01.000 --> 00:00:06.000\nA: earlier, and still talking\n"
    )
    transcript = imported(write(tmp_path, "overlap.vtt", vtt))
    assert [s.speaker for s in transcript.segments] == ["A", "B"]


def test_srt_named_txt_is_read_as_srt(tmp_path: Path) -> None:
    srt = "1\r\n00:00:01,000 --> 00:00:02,000\r\nTom Baker: Hi.\r\n"
    assert imported(write(tmp_path, "export.txt", srt)).source == "srt"
