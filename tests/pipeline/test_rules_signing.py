"""A signature with nothing signed ("I'll sign it Wednesday") signs the deal's paper."""

from __future__ import annotations

import pytest

from pipeline.extract import RulesExtractor, extract
from tests.builders import BUYER, SELLER, context, steps, transcript


def run(lines: list[tuple[str, str]]) -> list[tuple[str | None, str, str | None]]:
    return steps(
        extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context()).commitments
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (  # the kind of paper the call names most, not the last one named
            [
                (SELLER.name, "The order form is in your inbox, same MSA as last year."),
                (BUYER.name, "Good. The order form looks fine. Legal has the MSA."),
                (SELLER.name, "So when could you sign?"),
                (BUYER.name, "I'll sign it by Friday."),
            ],
            [(BUYER.name, "Sign the order form", "2026-11-20")],
        ),
        (  # the paper said to be signed wins, whoever signs it
            [
                (BUYER.name, "The contract is fine. Once the board signs the renewal we're set."),
                (BUYER.name, "The contract terms, the contract price, all fine."),
                (BUYER.name, "I'll have it signed by the 30th."),
            ],
            [(BUYER.name, "Have the renewal signed", "2026-11-30")],
        ),
        (  # "the paper" is the contract
            [
                (BUYER.name, "Get me the paper and I'll sign by the end of the month."),
            ],
            [(BUYER.name, "Sign the contract", "2026-11-30")],
        ),
        (  # no paper named: the contract; the condition stays
            [
                (SELLER.name, "Does the 15th of December work?"),
                (BUYER.name, "The 15th works, I'll sign then if Edward's happy."),
            ],
            [(BUYER.name, "Sign the contract if Edward's happy", "2026-12-15")],
        ),
    ],
)
def test_a_bare_signature_signs_the_deals_paper(
    lines: list[tuple[str, str]], expected: list[tuple[str | None, str, str | None]]
) -> None:
    assert run(lines) == expected


def test_a_signature_with_its_object_keeps_it() -> None:
    lines = [
        (BUYER.name, "We have the order form and the MSA here."),
        (BUYER.name, "I'll sign off on the design doc by Friday."),
    ]
    assert run(lines) == [(BUYER.name, "Sign off on the design doc", "2026-11-20")]
