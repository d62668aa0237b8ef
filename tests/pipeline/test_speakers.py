"""Speaker labels to participants and sides, with the evidence recorded and nothing guessed."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import Attribution, Participant, Segment, Side, Speaker, Transcript
from pipeline.speakers import attribute_speakers
from tests.builders import BUYER, SELLER

TOM = Participant(name="Tom Baker", side=Side.BUYER, title="IT Director")


def channel_call(lines: Sequence[tuple[str, str]], seller_channel: int | None = None) -> Transcript:
    """A two-channel transcript ("S1" on channel 0, "S2" on channel 1), sided if given."""
    segments = tuple(
        Segment(id=i, speaker=label, start=i * 5.0, end=i * 5.0 + 4.0, text=text)
        for i, (label, text) in enumerate(lines)
    )
    speakers = tuple(
        Speaker(
            label=f"S{c + 1}",
            channel=c,
            how=Attribution.CHANNEL if seller_channel is None else Attribution.GIVEN,
            side=Side.UNKNOWN
            if seller_channel is None
            else (Side.SELLER if c == seller_channel else Side.BUYER),
        )
        for c in (0, 1)
    )
    return Transcript(
        duration_s=len(lines) * 5.0,
        source="audio",
        channels=2,
        speakers=speakers,
        segments=segments,
    )


def who(transcript: Transcript) -> dict[str, tuple[str | None, Side, Attribution | None]]:
    return {s.label: (s.name, s.side, s.how) for s in transcript.speakers}


def test_introductions_name_both_parties() -> None:
    call = channel_call(
        [("S1", "Hi, I'm Daniel Brooks from Northwind."), ("S2", "Hello, this is Sarah.")]
    )
    assert who(attribute_speakers(call, [SELLER, BUYER])) == {
        "S1": ("Daniel Brooks", Side.SELLER, Attribution.INTRODUCTION),
        "S2": ("Sarah Mitchell", Side.BUYER, Attribution.INTRODUCTION),
    }


def test_seller_channel_names_each_side_when_one_person_is_on_it() -> None:
    call = channel_call([("S1", "Hi there."), ("S2", "Hello, good to talk.")], seller_channel=1)
    assert who(attribute_speakers(call, [SELLER, BUYER])) == {
        "S1": ("Sarah Mitchell", Side.BUYER, Attribution.GIVEN),
        "S2": ("Daniel Brooks", Side.SELLER, Attribution.GIVEN),
    }


def test_seller_channel_with_two_buyers_names_only_the_seller() -> None:
    call = channel_call([("S1", "Hi there."), ("S2", "Hello.")], seller_channel=0)
    result = attribute_speakers(call, [SELLER, BUYER, TOM])
    assert who(result)["S1"] == ("Daniel Brooks", Side.SELLER, Attribution.GIVEN)
    assert who(result)["S2"] == (None, Side.BUYER, Attribution.GIVEN)  # which buyer? unknown
    assert any("not matched to a participant: S2" in note for note in result.notes)


def test_introduction_that_contradicts_the_given_side_is_not_used() -> None:
    call = channel_call([("S1", "Hi, I'm Sarah Mitchell."), ("S2", "Hello.")], seller_channel=0)
    result = attribute_speakers(call, [SELLER, BUYER])
    assert who(result)["S1"] == ("Daniel Brooks", Side.SELLER, Attribution.GIVEN)
    assert any("S1 introduced themself as Sarah Mitchell" in note for note in result.notes)


def test_company_in_the_introduction_gives_the_side_of_someone_not_invited() -> None:
    call = channel_call([("S1", "Hi, this is Sam from Greenfield Foods."), ("S2", "Good morning.")])
    result = attribute_speakers(
        call, [], seller_company="Northwind Software", buyer_company="Greenfield Foods"
    )
    assert who(result)["S1"] == ("Sam", Side.BUYER, Attribution.INTRODUCTION)
    assert who(result)["S2"] == (None, Side.UNKNOWN, Attribution.CHANNEL)


def test_company_named_after_the_title() -> None:
    call = channel_call(
        [("S1", "I'm Priya, the solutions engineer on the Northwind side."), ("S2", "Hi.")]
    )
    result = attribute_speakers(call, [], seller_company="Northwind Software")
    assert who(result)["S1"] == ("Priya", Side.SELLER, Attribution.INTRODUCTION)


def test_no_guess_from_a_capitalised_word_without_participants() -> None:
    call = channel_call([("S1", "It's Friday already. I'm Glad you could join."), ("S2", "Hi.")])
    assert who(attribute_speakers(call, []))["S1"] == (None, Side.UNKNOWN, Attribution.CHANNEL)


def test_elimination_for_the_last_channel_party() -> None:
    call = channel_call([("S1", "I'm Daniel from Northwind."), ("S2", "Thanks for having me.")])
    assert who(attribute_speakers(call, [SELLER, BUYER]))["S2"] == (
        "Sarah Mitchell",
        Side.BUYER,
        Attribution.ELIMINATION,
    )


def test_diarized_voices_are_named_by_introduction_only() -> None:
    segments = tuple(
        Segment(id=i, speaker=label, start=i * 5.0, end=i * 5.0 + 4.0, text=text)
        for i, (label, text) in enumerate(
            [
                ("S1", "Thanks for joining, I'm Daniel Brooks."),
                ("S2", "Good morning, I'm Tom Baker."),
                ("S3", "Nice to meet you all."),
            ]
        )
    )
    call = Transcript(
        duration_s=15.0,
        source="audio",
        channels=1,
        speakers=tuple(Speaker(label=f"S{i}", how=Attribution.DIARIZATION) for i in (1, 2, 3)),
        segments=segments,
    )
    result = attribute_speakers(call, [SELLER, BUYER, TOM])
    assert who(result) == {
        "S1": ("Daniel Brooks", Side.SELLER, Attribution.INTRODUCTION),
        "S2": ("Tom Baker", Side.BUYER, Attribution.INTRODUCTION),
        "S3": (None, Side.UNKNOWN, Attribution.DIARIZATION),  # Sarah, probably; not said
    }


def test_names_said_to_the_other_party_name_them() -> None:
    call = channel_call(
        [
            ("S1", "Hi Sarah, thanks for making the time."),
            ("S2", "Of course. Good to see you again."),
            ("S1", "So, where did we leave the security review?"),
            ("S2", "Thanks, Daniel. Tom has the questionnaire."),
        ]
    )
    assert who(attribute_speakers(call, [SELLER, BUYER, TOM])) == {
        "S1": ("Daniel Brooks", Side.SELLER, Attribution.ADDRESS),
        "S2": ("Sarah Mitchell", Side.BUYER, Attribution.ADDRESS),
    }


def test_two_different_names_said_to_one_party_name_nobody() -> None:
    # "Tom" and "Sarah" are both called out to S2: S2 could be either, so S2 keeps its label.
    call = channel_call(
        [("S1", "Hi Sarah."), ("S2", "Hello."), ("S1", "Thanks, Tom."), ("S2", "Sure.")]
    )
    named = who(attribute_speakers(call, [SELLER, BUYER, TOM]))
    assert named["S2"] == (None, Side.UNKNOWN, Attribution.CHANNEL)


def test_a_name_mentioned_in_passing_is_not_an_address() -> None:
    call = channel_call([("S1", "I spoke with Sarah about pricing."), ("S2", "Good.")])
    assert who(attribute_speakers(call, [SELLER, BUYER]))["S2"][0] is None
