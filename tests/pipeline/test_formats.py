"""Every format a rep uploads is probed, decoded and transcribed; every bad file is refused
with a typed error and a message a rep can act on, and the file is left untouched."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.metrics import word_error_rate
from pipeline.errors import InputError, UnsupportedFormatError
from pipeline.ingest import AudioInfo, ingest
from pipeline.ingest.audio import states_its_length
from pipeline.ingest.errors import (
    EmptyFileError,
    NoAudioTrackError,
    RecordingTooLongError,
    SilentRecordingError,
    TruncatedRecordingError,
    UnreadableRecordingError,
    UnsupportedLanguageError,
)
from pipeline.settings import WhisperSettings
from pipeline.transcribe import TranscribeOptions, WhisperSpeechModel, transcribe
from pipeline.transcribe.decode import decode_windows
from tests.pipeline.recordings import FORMATS, Format, encode, sample_call, tone, video_only

# The first 5.8 s of the sample call: the seller's first line, on the left channel.
OPENING = "Hi Sarah, thanks for making the time today. How's your week going so far?"
OPENING_S = 5.8


@pytest.fixture(scope="module")
def opening() -> object:
    return sample_call(OPENING_S)


@pytest.fixture(scope="module")
def tiny_en() -> Iterator[WhisperSpeechModel]:
    yield WhisperSpeechModel(WhisperSettings(model="tiny.en", cpu_threads=2))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_each_format_is_probed_and_decoded(tmp_path: Path, opening: object, kind: str) -> None:
    path = encode(opening, tmp_path / f"call{FORMATS[kind].suffix}", kind)  # type: ignore[arg-type]
    info = ingest(path)
    assert isinstance(info, AudioInfo)
    assert info.channels == 2
    assert info.has_video == FORMATS[kind].video
    # Raw AAC (ADTS) states no length; FFmpeg estimates it from the bitrate.
    assert info.duration_s == pytest.approx(OPENING_S, abs=0.8 if kind == "aac" else 0.1)
    windows = list(decode_windows(path, stereo=True, window_s=600.0))
    decoded = sum(w.samples.shape[1] for w in windows) / 16_000
    assert decoded == pytest.approx(OPENING_S, abs=0.1)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["mp3", "m4a", "mp4", "webm", "flac"])
def test_each_format_transcribes(
    tmp_path: Path, opening: object, tiny_en: WhisperSpeechModel, kind: str
) -> None:
    path = encode(opening, tmp_path / f"call{FORMATS[kind].suffix}", kind)  # type: ignore[arg-type]
    before = digest(path)
    info = ingest(path)
    assert isinstance(info, AudioInfo)
    transcript = transcribe(info, tiny_en)
    assert word_error_rate(transcript.segments[0].text, OPENING) <= 0.15
    assert transcript.segments[0].speaker == "S1"
    assert digest(path) == before


def test_content_decides_not_the_extension(tmp_path: Path, opening: object) -> None:
    mp3 = encode(opening, tmp_path / "call.mp3", "mp3")  # type: ignore[arg-type]
    renamed = tmp_path / "call.wav"
    shutil.copy(mp3, renamed)
    info = ingest(renamed)
    assert isinstance(info, AudioInfo) and info.codec.startswith("mp3")
    vtt = tmp_path / "zoom.txt"
    vtt.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nMaria Lopez: hello\n", "utf-8")
    assert ingest(vtt).source == "vtt"  # type: ignore[union-attr]


def _truncated(tmp_path: Path, kind: str) -> Path:
    path = encode(sample_call(40.0), tmp_path / f"whole{FORMATS[kind].suffix}", kind)
    cut = tmp_path / f"cut{FORMATS[kind].suffix}"
    data = path.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    return cut


@pytest.mark.parametrize("kind", ["wav", "mp3", "flac", "webm", "m4a", "mp4", "ogg", "opus"])
def test_truncated_upload_is_refused(tmp_path: Path, kind: str) -> None:
    cut = _truncated(tmp_path, kind)
    before = digest(cut)
    with pytest.raises(TruncatedRecordingError, match=r"cut off|unfinished") as raised:
        ingest(cut)
    assert "upload the complete file" in raised.value.message
    assert digest(cut) == before


def test_mp3_without_a_length_tag_is_not_held_to_an_estimate(tmp_path: Path) -> None:
    # Without a Xing/Info tag FFmpeg guesses an MP3's length from its bitrate; a file that
    # ends before the guess is not called truncated.
    untagged = Format(".mp3", "mp3", "libmp3lame", muxer=(("write_xing", "0"),))
    path = encode(sample_call(40.0), tmp_path / "phone-app.mp3", untagged)
    assert not states_its_length(path, "mp3")
    assert states_its_length(encode(sample_call(20.0), tmp_path / "lame.mp3", "mp3"), "mp3")
    assert isinstance(ingest(path), AudioInfo)


@pytest.mark.parametrize(
    ("name", "content", "error", "message"),
    [
        ("empty.mp3", b"", EmptyFileError, "empty"),
        (
            "notes.wav",
            b"Maria: we talked about pricing\n" * 20,
            UnreadableRecordingError,
            "could not be read as audio.*text file",
        ),
        (
            "garbage.mp3",
            b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40,
            UnreadableRecordingError,
            "could not be read as audio",
        ),
        (
            "garbage.flac",
            b"fLaC" + bytes(range(255, -1, -1)) * 40,
            UnreadableRecordingError,
            "could not be read as audio",
        ),
        (
            "noise.mp3",
            bytes(i * 7 % 256 for i in range(1, 10_000)),
            UnreadableRecordingError,
            "renamed",
        ),
        ("slides.pdf", b"%PDF-1.4\n%binary\n", UnsupportedFormatError, "unsupported file type"),
    ],
)
def test_bad_files_get_a_typed_error(
    tmp_path: Path, name: str, content: bytes, error: type[InputError], message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error, match=message):
        ingest(path)
    assert path.read_bytes() == content


def test_video_without_audio(tmp_path: Path) -> None:
    path = video_only(tmp_path / "screen.mp4")
    with pytest.raises(NoAudioTrackError, match="video without an audio track"):
        ingest(path)


def test_too_long_for_the_configured_limit(tmp_path: Path) -> None:
    path = encode(tone(8.0), tmp_path / "long.flac", "flac")
    with pytest.raises(RecordingTooLongError, match=r"0:08 long; the limit is 0:05"):
        ingest(path, max_duration_s=5.0)
    assert isinstance(ingest(path, max_duration_s=10.0), AudioInfo)


def test_silent_recording(tmp_path: Path) -> None:
    path = encode(tone(6.0, channels=2, level=0.0), tmp_path / "muted.wav", "wav")
    info = ingest(path)
    assert isinstance(info, AudioInfo)

    class NeverCalled:
        name = "never"
        multilingual = False

        def recognise(self, samples: object, language: object = None) -> Iterator[object]:
            raise AssertionError("silence must not reach the speech model")

        def detect_language(self, samples: object) -> None:
            return None

    with pytest.raises(SilentRecordingError, match="is silent"):
        transcribe(info, NeverCalled())  # type: ignore[arg-type]


@pytest.mark.slow
def test_sound_without_speech(tmp_path: Path, tiny_en: WhisperSpeechModel) -> None:
    path = encode(tone(6.0, channels=2), tmp_path / "hold-music.ogg", "ogg")
    info = ingest(path)
    assert isinstance(info, AudioInfo)
    with pytest.raises(SilentRecordingError, match="no speech was heard"):
        transcribe(info, tiny_en)


def _espeak(tmp_path: Path, voice: str, text: str) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    path = tmp_path / f"{voice}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), "--", text], check=True)
    return path


GERMAN = (
    "Guten Tag, vielen Dank für Ihre Zeit. Wir möchten die Buchhaltung bis Ende März umstellen "
    "und brauchen dafür ein Angebot. Können Sie uns die Preise bis Freitag schicken?"
)
ENGLISH = (
    "Good morning, thanks for your time. We want to move our accounting over by the end of "
    "March and we need a proposal. Can you send us the prices by Friday?"
)


@pytest.mark.slow
def test_english_only_model_refuses_a_german_call(
    tmp_path: Path, tiny_en: WhisperSpeechModel
) -> None:
    path = _espeak(tmp_path, "de", GERMAN)
    info = ingest(path)
    assert isinstance(info, AudioInfo)
    with pytest.raises(UnsupportedLanguageError, match="does not sound like English"):
        transcribe(info, tiny_en)
    # The rep can insist: the call is then transcribed as English, for what it is worth.
    forced = transcribe(info, tiny_en, options=TranscribeOptions(language="en"))
    assert forced.segments


@pytest.mark.slow
def test_english_only_model_accepts_an_english_call(
    tmp_path: Path, tiny_en: WhisperSpeechModel
) -> None:
    info = ingest(_espeak(tmp_path, "en-us", ENGLISH))
    assert isinstance(info, AudioInfo)
    transcript = transcribe(info, tiny_en)
    assert transcript.language == "en"
    assert word_error_rate(" ".join(s.text for s in transcript.segments), ENGLISH) < 0.25
