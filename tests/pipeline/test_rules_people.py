"""Stakeholders the offline extractor finds in what people say about each other."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import RulesExtractor, extract
from pipeline.extract.rules.roles import deal_role
from pipeline.models import Extraction, Role, Side
from tests.builders import BUYER, SELLER, context, transcript


def run(lines: list[tuple[str, str]]) -> Extraction:
    ctx = context(dt.date(2026, 11, 18))
    return extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), ctx)


def others(result: Extraction) -> list[tuple[str | None, str | None, Side, Role | None]]:
    """The stakeholders other than the two who speak."""
    speaking = {SELLER.name, BUYER.name}
    return [
        (s.name, s.title, s.side, s.role) for s in result.stakeholders if s.name not in speaking
    ]


def test_name_s_our_title_is_an_introduction() -> None:
    result = run([(BUYER.name, "Hannah Vogel's our CISO. She won't let anything through.")])
    assert others(result) == [("Hannah Vogel", "CISO", Side.BUYER, Role.SECURITY)]


def test_the_words_of_a_title_are_not_a_name() -> None:
    result = run([(BUYER.name, "Raj is our Director of Store Systems.")])
    assert [name for name, *_ in others(result)] == ["Raj"]


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("Our account manager is Sam O'Neill, our renewals lead, by the way.", "Sam O'Neill"),
        ("Aoife McDonald, our procurement lead, will sign off.", "Aoife McDonald"),
    ],
)
def test_a_surname_is_never_cut_to_its_end(said: str, name: str) -> None:
    """ "Neill" of "O'Neill" is no one on the call."""
    assert [n for n, *_ in others(run([(BUYER.name, said)]))] == [name]


@pytest.mark.parametrize(
    ("said", "title"),
    [
        ("And procurement will issue the PO once we sign.", "procurement"),
        ("Once it's approved, the PO will be raised by procurement.", "procurement"),
        ("Whoever's running procurement now, that is.", "running procurement"),
        ("Our legal team has a problem with the liability cap.", "legal team"),
    ],
)
def test_a_department_without_a_name_is_a_stakeholder(said: str, title: str) -> None:
    result = run([(BUYER.name, said)])
    assert [(name, t, side) for name, t, side, _ in others(result)] == [(None, title, Side.BUYER)]


def test_a_teams_step_once_something_happens() -> None:
    found = run(
        [(BUYER.name, "Once legal is done, our purchasing desk in Harrisburg issues the PO.")]
    ).commitments
    assert [(c.owner_role, c.action) for c in found] == [("purchasing desk", "Issue the PO")]


@pytest.mark.parametrize(
    ("said", "action"),
    [
        (
            "The firmware update will be pushed to the demo unit by the 12th.",
            "Push the firmware update",
        ),
        (
            "The sandbox credentials will go out to Sarah from me tomorrow morning.",
            "Send the sandbox credentials to Sarah",
        ),
    ],
)
def test_a_dated_passive_or_going_out_is_the_speakers(said: str, action: str) -> None:
    (commitment,) = run([(SELLER.name, said)]).commitments
    assert (commitment.owner, commitment.action) == (SELLER.name, action)


def test_him_or_her_handed_a_step_is_the_person_just_named() -> None:
    said = "Gráinne in sales ops has the list. I'll get her to send it on Monday."
    (commitment,) = run([(BUYER.name, said)]).commitments
    assert (commitment.owner, commitment.due_date) == ("Gráinne", dt.date(2026, 11, 23))
    assert run([(BUYER.name, "Once he's back I'll get him to sign.")]).commitments == ()


def test_a_person_with_who_they_are_and_a_pronoun() -> None:
    said = "Hafiz, our network guy, he will set up the site-to-site VPN by Friday."
    (commitment,) = run([(BUYER.name, said)]).commitments
    assert (commitment.owner, commitment.action) == ("Hafiz", "Set up the site-to-site VPN")


def test_doing_a_named_task_is_owed_undated() -> None:
    said = "Sam from Bytewise, our IT contractor, will do the SSO setup once we sign."
    (commitment,) = run([(BUYER.name, said)]).commitments
    assert (commitment.owner, commitment.action) == ("Sam", "Do the SSO setup")


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Managing Director", Role.ECONOMIC_BUYER),
        ("Co-owner", Role.ECONOMIC_BUYER),
        ("GRC Manager", Role.SECURITY),
        ("DPO", Role.LEGAL),
        ("Commercial Manager", Role.PROCUREMENT),
        ("Director of Store Systems", Role.TECHNICAL_EVALUATOR),
        ("Firmware Lead", Role.TECHNICAL_EVALUATOR),
        ("Financial Controller", Role.INFLUENCER),
        ("Dispatch Manager", Role.END_USER),
        ("Claims Team Leader", Role.END_USER),
    ],
)
def test_a_buyers_title_gives_a_deal_role(title: str, role: Role) -> None:
    assert deal_role(title, Side.BUYER) == role
    assert deal_role(title, Side.SELLER) is None


def test_people_brought_along_are_not_handed_a_step() -> None:
    found = run([(BUYER.name, "Grand. I'll have Paudie and the two shift leads there.")])
    assert [(c.owner, c.action) for c in found.commitments] == [
        (BUYER.name, "Bring Paudie and the two shift leads there")  # the speaker brings them
    ]


def test_someone_who_approves_is_a_stakeholder_after_a_word_that_opens_the_sentence() -> None:
    result = run([(BUYER.name, "Once Venkat approves, the PO will be raised by procurement.")])
    assert [(name, side) for name, _, side, _ in others(result)] == [
        ("Venkat", Side.BUYER),
        (None, Side.BUYER),
    ]


@pytest.mark.parametrize(
    ("said", "role", "action"),
    [
        (
            "Our procurement lot will send the questionnaire within a fortnight.",
            "procurement lot",
            "Send the questionnaire",
        ),
        (
            "Our accounts team'll need to set you up as a supplier by Friday.",
            "accounts team",
            "Set Daniel up as a supplier",
        ),
        (
            "The board's attorney will review the contract before the 8th.",
            "board's attorney",
            "Review the contract",
        ),
        (
            "The finance systems contractor will send you the API keys by Monday.",
            "finance systems contractor",
            "Send Daniel the API keys",
        ),
    ],
)
def test_a_role_owns_the_step(said: str, role: str, action: str) -> None:
    (step,) = run([(SELLER.name, "Where are we on paperwork?"), (BUYER.name, said)]).commitments
    assert (step.owner, step.owner_role, step.action) == (None, role, action)


def test_a_rule_about_a_role_is_no_step() -> None:
    said = "The works council must approve anything that tracks employees."
    assert run([(BUYER.name, said)]).commitments == ()


def test_a_yes_in_any_language_then_the_promise_takes_the_request() -> None:
    lines = [
        (SELLER.name, "Sarah, can you give us a sample export from the WMS?"),
        (BUYER.name, "Sawa, I'll send it by Thursday."),
    ]
    (step,) = run(lines).commitments
    assert (step.owner, step.due_date) == (BUYER.name, dt.date(2026, 11, 19))


def test_a_promise_reported_for_someone_at_another_company_is_theirs_once() -> None:
    said = "Tanya at Prairie Payments said she'll send the new rate card by mid-March."
    (step,) = run([(SELLER.name, said)]).commitments
    assert (step.owner, step.action) == ("Tanya", "Send the new rate card")


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("I go send the local services SOW tomorrow.", [("Send the local services SOW")]),
        ("I go to the gym on Fridays.", []),
    ],
)
def test_caribbean_and_west_african_i_go_is_a_future(said: str, expected: list[str]) -> None:
    assert [c.action for c in run([(BUYER.name, said)]).commitments] == expected


def test_a_step_handed_to_a_colleague_named_after_their_title_is_theirs() -> None:
    said = "I'll get our support lead, Hamish, to go through all your open tickets tomorrow."
    (step,) = run([(SELLER.name, said)]).commitments
    assert (step.owner, step.action) == ("Hamish", "Go through all your open tickets")


@pytest.mark.parametrize(
    ("said", "side"),
    [
        ("Joseph at Rift Valley Hauliers has agreed to fit the loggers by the 22nd.", Side.PARTNER),
        ("Bisi from Greenfield Foods will send the PO by Friday.", Side.BUYER),  # the buyer's own
    ],
)
def test_someone_at_another_company_is_a_partner(said: str, side: Side) -> None:
    result = run([(BUYER.name, said)])
    (step,) = result.commitments
    owner = next(s for s in result.stakeholders if s.name == step.owner)
    assert (step.owner_side, owner.side) == (side, side)


def test_with_no_companies_known_no_one_is_made_a_partner() -> None:
    said = "Joseph at Rift Valley Hauliers has agreed to fit the loggers by the 22nd."
    unknown = context().model_copy(update={"buyer_company": None, "seller_company": None})
    found = extract(transcript([(BUYER.name, said)], (SELLER, BUYER)), RulesExtractor(), unknown)
    assert [c.owner_side for c in found.commitments] == [Side.BUYER]


@pytest.mark.parametrize(
    ("lines", "owner"),
    [
        (  # named in the sentence before
            [
                (BUYER.name, "Edward's our general counsel, he's thorough."),
                (BUYER.name, "He'll have comments to you by the end of next week."),
            ],
            "Edward",
        ),
        (  # named earlier in the same sentence
            [(SELLER.name, "I spoke to Maria Lopez, and she'll send the list on Friday.")],
            "Maria Lopez",
        ),
    ],
)
def test_he_or_she_with_a_date_is_the_person_just_named(
    lines: list[tuple[str, str]], owner: str
) -> None:
    (commitment,) = run(lines).commitments
    assert commitment.owner == owner


def test_he_or_she_with_no_date_or_no_one_named_is_no_step() -> None:
    undated = [(BUYER.name, "Edward's our counsel."), (BUYER.name, "He'll have a look.")]
    nobody = [(BUYER.name, "He'll send the list on Friday.")]
    assert run(undated).commitments == run(nobody).commitments == ()
