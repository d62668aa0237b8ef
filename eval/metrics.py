"""Metrics as pure functions `(prediction, reference) -> score`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_NUMBER_WORDS = {word: str(i) for i, word in enumerate(_UNITS)}
_NUMBER_WORDS |= {word: str(20 + 10 * i) for i, word in enumerate(_TENS)}
_NUMBER_WORDS |= {word: str(i + 1) for i, word in enumerate(_ORDINALS)}
_NUMBER_WORDS |= {"thirtieth": "30", "thirty-first": "31", "hundred": "100", "thousand": "1000"}
_ORDINAL_SUFFIX = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def normalise_words(text: str) -> list[str]:
    """Lowercase words, no punctuation; "1st", "first", "one" become "1"; "$50,000" "50000"."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text.lower()).replace("%", " percent")
    words = []
    for token in _TOKEN.findall(text):
        if ordinal := _ORDINAL_SUFFIX.match(token):
            token = ordinal[1]
        words.append(_NUMBER_WORDS.get(token, token))
    return words


def word_errors(hypothesis: str, reference: str) -> tuple[int, int]:
    """Word-level edit distance and the reference's length (after `normalise_words`).

    Summed over calls these give a corpus WER that weighs each call by its length.
    """
    ref, hyp = normalise_words(reference), normalise_words(hypothesis)
    return Levenshtein.distance(ref, hyp), len(ref)


def word_error_rate(hypothesis: str, reference: str) -> float:
    """Word-level edit distance divided by the reference's length (after `normalise_words`)."""
    errors, length = word_errors(hypothesis, reference)
    if not length:
        return 0.0 if not normalise_words(hypothesis) else 1.0
    return errors / length


def speaker_agreement(
    hypothesis: Sequence[tuple[str, str | None]], reference: Sequence[tuple[str, str]]
) -> tuple[int, int]:
    """Words attributed to the right speaker, and words compared, after aligning the words.

    Args:
        hypothesis: (text, speaker name or None) per recognised segment.
        reference: (text, speaker name) per spoken utterance.

    Returns:
        (correct, aligned): over reference words aligned to a recognised word (equal or
        substituted; deletions and insertions are WER's business), how many carry the
        speaker who said them.
    """
    ref = [(w, who) for text, who in reference for w in normalise_words(text)]
    hyp = [(w, who) for text, who in hypothesis for w in normalise_words(text)]
    correct = aligned = 0
    for op in Levenshtein.opcodes([w for w, _ in ref], [w for w, _ in hyp]):
        if op.tag not in ("equal", "replace"):
            continue
        for i, j in zip(
            range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=False
        ):
            aligned += 1
            correct += ref[i][1] == hyp[j][1]
    return correct, aligned
