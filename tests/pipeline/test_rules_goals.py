"""Risks, key dates and outcomes the offline extractor finds, and talk only sounding like them."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import RulesExtractor, extract
from pipeline.models import Extraction, KeyDateKind, RiskKind
from tests.builders import BUYER, SELLER, context, transcript


def run(lines: list[tuple[str, str]], call_date: dt.date = dt.date(2026, 11, 18)) -> Extraction:
    return extract(transcript(lines, (SELLER, BUYER)), RulesExtractor(), context(call_date))


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("Siemens has been pitching us pretty hard, I won't lie.", RiskKind.COMPETITOR),
        ("Our CTO keeps saying we could build it ourselves.", RiskKind.COMPETITOR),
        ("Grafana Cloud is the other finalist.", RiskKind.COMPETITOR),
        ("They've offered us a big discount to stay.", RiskKind.COMPETITOR),
        ("We budgeted flat for next year.", RiskKind.BUDGET),
        ("We're capped at six hundred thousand.", RiskKind.BUDGET),
        ("I won't put a date on that.", RiskKind.NO_DATE_COMMITMENT),
        (
            "I'm not going to give you a go-live date until Brian signs off.",
            RiskKind.NO_DATE_COMMITMENT,
        ),
        (
            "Honestly, I'm not sure whether the president signs or the board.",
            RiskKind.UNKNOWN_SIGNER,
        ),
        ("I'm not going to rush this for your quarter end.", RiskKind.TIMELINE),
        ("Student data is the thing that could kill this deal.", RiskKind.LEGAL),
        ("Between us, I'm leaving the company in March.", RiskKind.CHAMPION_LEAVING),
    ],
)
def test_risks_said_in_many_ways(said: str, kind: RiskKind) -> None:
    found = run([(BUYER.name, said)]).risks
    assert [r.kind for r in found] == [kind]


@pytest.mark.parametrize(
    "said",
    [
        "Let's get through it, I'm leaving early for the lake.",
        "Today is the last day of our quarter.",
        "We looked at the budget numbers together last week.",
    ],
)
def test_talk_that_sounds_like_a_risk_is_not_one(said: str) -> None:
    assert run([(BUYER.name, said)]).risks == ()


@pytest.mark.parametrize(
    ("said", "kind", "date"),
    [
        (
            "Ridgeway Motors is auditing us on April 15th.",
            KeyDateKind.COMPELLING_EVENT,
            "2027-04-15",
        ),
        (
            "We open two new hotels in Mallorca on April 1st.",
            KeyDateKind.COMPELLING_EVENT,
            "2027-04-01",
        ),
        (
            "Our contract with Heartland ends on March 31st.",
            KeyDateKind.COMPELLING_EVENT,
            "2027-03-31",
        ),
        (
            "Our current provider's contract ends on December 31st.",
            KeyDateKind.COMPELLING_EVENT,
            "2026-12-31",
        ),
        ("And the council adopts the budget on January 22nd.", KeyDateKind.BUDGET, "2027-01-22"),
        (
            "Capital requests have to be in by the end of February.",
            KeyDateKind.BUDGET,
            "2027-02-28",
        ),
        ("The board votes on December 15th.", KeyDateKind.MEETING, "2026-12-15"),
        ("We have to give notice by December 31st.", KeyDateKind.OTHER, "2026-12-31"),
        ("Your contract renews on January 31st.", KeyDateKind.RENEWAL, "2027-01-31"),
        ("Phase one live on April 1st, that's still the plan?", KeyDateKind.GO_LIVE, "2027-04-01"),
        ("Our capital year closes March 31st.", KeyDateKind.BUDGET, "2027-03-31"),
        ("Thanks all, see you guys in two weeks.", KeyDateKind.MEETING, "2026-12-02"),
        (
            "Laurent, our CFO, locks the operating budget on May 29th.",
            KeyDateKind.BUDGET,
            "2027-05-29",
        ),
        (
            "The Castlebay Hotels tender closes on the 19th of March.",
            KeyDateKind.COMPELLING_EVENT,
            "2027-03-19",
        ),
        ("The connected range goes on sale on the 1st of July.", KeyDateKind.GO_LIVE, "2027-07-01"),
        ("Your current term ends December 31st.", KeyDateKind.RENEWAL, "2026-12-31"),
        ("So realistically we need a decision by December 1st.", KeyDateKind.OTHER, "2026-12-01"),
        ("We can have our next breakout in two weeks.", KeyDateKind.MEETING, "2026-12-02"),
        (
            "Our support on the old server ends on the 31st of December.",
            KeyDateKind.RENEWAL,
            "2026-12-31",
        ),
        (
            "The new interconnection portal goes mandatory on March 1st.",
            KeyDateKind.COMPELLING_EVENT,
            "2027-03-01",
        ),
    ],
)
def test_key_dates_said_in_many_ways(said: str, kind: KeyDateKind, date: str) -> None:
    found = run([(BUYER.name, said)]).key_dates
    assert [(k.kind, k.date) for k in found] == [(kind, dt.date.fromisoformat(date))]


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        (
            "We had GrainBridge in last month, and we also got a quote from QMSuite.",
            RiskKind.COMPETITOR,
        ),
        ("Corporate froze all software spend increases for the second half.", RiskKind.BUDGET),
        ("Our data has to stay in Singapore.", RiskKind.SECURITY),
        ("Our lawyers won't accept uncapped liability.", RiskKind.LEGAL),
        ("Honestly, March 1st feels tight.", RiskKind.TIMELINE),
        ("Nobody owns that.", RiskKind.UNNAMED_OWNER),
        ("So, honest answer, this year's capex is spent.", RiskKind.BUDGET),
        ("Securonix is also in the bake-off.", RiskKind.COMPETITOR),
        ("SchoolBase quoted us thirty-one.", RiskKind.COMPETITOR),
        ("FreshTrack came back to us last week with a lower price.", RiskKind.COMPETITOR),
        ("The AquaTrak fellas have been round too. Their probes are cheaper.", RiskKind.COMPETITOR),
        ("We are also testing loggers from another supplier.", RiskKind.COMPETITOR),
        ("We budgeted a hundred and eighty for year one.", RiskKind.BUDGET),
        ("Our provincial grant got cut eight percent this year.", RiskKind.BUDGET),
        ("After last year there's not a lot of spare cash, I'll be honest.", RiskKind.BUDGET),
        ("Capex is pretty much spoken for this year.", RiskKind.BUDGET),
        ("Not putting a date on it.", RiskKind.NO_DATE_COMMITMENT),
        ("Our infosec team won't sign off on anything that leaves the UK.", RiskKind.SECURITY),
        ("Deepak will not sign any DPA without an India-only clause.", RiskKind.LEGAL),
        (
            "I'm moving to the Bristol office in March, into a different role.",
            RiskKind.CHAMPION_LEAVING,
        ),
        (
            "Whether he can sign it himself or it goes to the owners, I don't know yet.",
            RiskKind.UNKNOWN_SIGNER,
        ),
        ("There's no line item for this right now.", RiskKind.BUDGET),
        ("We have a capex freeze until the new budget lifts it in October.", RiskKind.BUDGET),
        ("BrewTrak offered to match if we renew with them.", RiskKind.COMPETITOR),
        ("Geotab came in about twelve percent under you.", RiskKind.COMPETITOR),
        ("Honestly, it's tight. We haven't picked the kitchens yet.", RiskKind.TIMELINE),
        ("Our outside counsel flagged the data ownership clause.", RiskKind.LEGAL),
        (
            "Group IT will want a pen test report before anything touches crew data.",
            RiskKind.SECURITY,
        ),
        ("I've accepted a role at another university, starting in May.", RiskKind.CHAMPION_LEAVING),
        ("Three, I can't give you an answer on that yet.", RiskKind.NO_DATE_COMMITMENT),
    ],
)
def test_more_risks(said: str, kind: RiskKind) -> None:
    assert [r.kind for r in run([(BUYER.name, said)]).risks] == [kind]


def test_talk_about_one_competitor_is_one_risk() -> None:
    found = run(
        [
            (BUYER.name, "We had a demo from Archfolio as well."),
            (BUYER.name, "They're cheaper, but it looks like 2009."),
        ]
    ).risks
    assert [(r.kind, r.evidence[0].quote) for r in found] == [
        (RiskKind.COMPETITOR, "We had a demo from Archfolio as well.")
    ]


def test_a_proposed_date_agreed_to_is_a_meeting() -> None:
    found = run(
        [
            (SELLER.name, "Could we do the walkthrough on the 7th?"),
            (BUYER.name, "The 7th works."),
        ]
    ).key_dates
    assert [(k.kind, k.date) for k in found] == [(KeyDateKind.MEETING, dt.date(2026, 12, 7))]


def test_a_key_date_takes_the_date_said_next_to_its_words() -> None:
    found = run(
        [(BUYER.name, "After the demo on the 20th, we file with the regulator on January 8th.")]
    ).key_dates
    assert [(k.kind, k.date) for k in found] == [
        (KeyDateKind.COMPELLING_EVENT, dt.date(2027, 1, 8))
    ]


def test_a_goal_said_in_the_first_person_with_a_metric_is_an_outcome() -> None:
    found = run([(BUYER.name, "I want that down to three days by the end of Q1.")]).outcomes
    assert [(o.metric, o.target_date) for o in found] == [
        ("down to three days", dt.date(2027, 3, 31))
    ]
