"""Metrics as pure functions `(prediction, reference) -> score`."""

from __future__ import annotations

import re

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


def word_error_rate(hypothesis: str, reference: str) -> float:
    """Word-level edit distance divided by the reference's length (after `normalise_words`)."""
    ref, hyp = normalise_words(reference), normalise_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, hyp_word in enumerate(hyp, start=1):
            current[j] = min(
                previous[j] + 1,  # deletion
                current[j - 1] + 1,  # insertion
                previous[j - 1] + (ref_word != hyp_word),  # substitution
            )
        previous = current
    return previous[-1] / len(ref)
