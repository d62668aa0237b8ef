"""An empty "I'll find out" / "I'll ask" is the question left open just before it."""

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
        (  # asked, not known, then a request with no object and a bare yes
            [
                (SELLER.name, "Speaking of which, who signs the renewal? Is it still you?"),
                (BUYER.name, "Honestly, I don't know who signs now. It could be procurement."),
                (SELLER.name, "Okay. Can you find out?"),
                (BUYER.name, "I'll ask."),
            ],
            [(BUYER.name, "Find out who signs the renewal", None)],
        ),
        (  # not sure if ...; the request's "which it is" is that question
            [
                (BUYER.name, "Honestly, I'm not sure if this goes to the executive committee."),
                (SELLER.name, "Could you find out which it is?"),
                (BUYER.name, "I'll ask. I'll know after the holidays."),
            ],
            [(BUYER.name, "Find out whether this goes to the executive committee", None)],
        ),
        (  # fronted: "who signs ..., I don't know"
            [
                (BUYER.name, "But who signs a two-year deal now, I honestly don't know."),
                (SELLER.name, "Could you find out? Even just a name."),
                (BUYER.name, "I'll ask."),
            ],
            [(BUYER.name, "Find out who signs a two-year deal", None)],
        ),
        (  # a yes-or-no question to the one who checks
            [
                (SELLER.name, "Can we live with ninety days hot and ninety archive?"),
                (BUYER.name, "Legally, maybe. I'll check."),
            ],
            [
                (
                    BUYER.name,
                    "Find out whether we can live with ninety days hot and ninety archive",
                    None,
                )
            ],
        ),
    ],
)
def test_an_empty_find_out_is_the_open_question(
    lines: list[tuple[str, str]], expected: list[tuple[str | None, str, str | None]]
) -> None:
    assert run(lines) == expected


@pytest.mark.parametrize(
    "lines",
    [
        [(SELLER.name, "What do you think?"), (BUYER.name, "I'll check.")],
        [(SELLER.name, "Can you see my screen?"), (BUYER.name, "I'll check.")],
        [(SELLER.name, "How about Tuesday?"), (BUYER.name, "I'll check.")],
        [(BUYER.name, "We're happy with the pilot so far."), (BUYER.name, "I'll ask.")],
    ],
)
def test_nothing_left_open_is_no_step(lines: list[tuple[str, str]]) -> None:
    assert run(lines) == []
