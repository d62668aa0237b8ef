import pytest

from eval.metrics import normalise_words, word_error_rate


def test_identical_text_has_no_errors() -> None:
    assert word_error_rate("I'll send it by Friday.", "i'll send it by friday") == 0.0


@pytest.mark.parametrize(
    ("hypothesis", "reference", "expected"),
    [
        ("send it friday", "send it by friday", 1 / 4),  # one deletion
        ("send the it by friday", "send it by friday", 1 / 4),  # one insertion
        ("send it by monday", "send it by friday", 1 / 4),  # one substitution
        ("", "send it", 1.0),
        ("a b c d e", "x", 5.0),  # WER can exceed 1
    ],
)
def test_edit_operations_are_counted(hypothesis: str, reference: str, expected: float) -> None:
    assert word_error_rate(hypothesis, reference) == pytest.approx(expected)


def test_numbers_are_normalised_before_comparing() -> None:
    assert normalise_words("June 1st, $50,000 and ten days") == [
        "june",
        "1",
        "50000",
        "and",
        "10",
        "days",
    ]
    assert word_error_rate("by June first", "by June 1st") == 0.0
