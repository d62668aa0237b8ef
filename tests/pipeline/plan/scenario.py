"""One deal over three calls (discovery -> demo -> negotiation), through the real offline path.

Each call is a transcript run through the rules extractor (`pipeline.extract.extract`) and the
plan engine, exactly as `callplan process --deal` does, minus the files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pipeline.extract import RulesExtractor, extract
from pipeline.models import Participant, Plan, Side
from pipeline.plan import CallNews, PlanOptions, find_completions, load_catalogue, next_call
from pipeline.plan import update_plan as _update
from tests.builders import BUYER, SELLER, context, transcript

KAREN = Participant(name="Karen Patel", side=Side.BUYER, title="CFO")

DISCOVERY = dt.date(2026, 11, 18)  # a Wednesday
DISCOVERY_CALL = [
    ("Daniel Brooks", "I'm Daniel Brooks, account executive at Northwind Software."),
    ("Sarah Mitchell", "I'm Sarah Mitchell, VP of Finance at Greenfield Foods."),
    (
        "Sarah Mitchell",
        "Our goal is to cut month-end close from ten days to five by the end of Q3.",
    ),
    (
        "Sarah Mitchell",
        "We need to be live by June 1st, because our contract with our current vendor "
        "expires on June 30th.",
    ),
    ("Sarah Mitchell", "Tom Baker is our director of IT security."),
    ("Sarah Mitchell", "To be honest, I'm not sure who signs off on this yet."),
    ("Daniel Brooks", "I'll send over our security questionnaire by Friday."),
    ("Sarah Mitchell", "Tom will go through the data processing agreement by December 15th."),
    ("Sarah Mitchell", "Our procurement team will set up the vendor record."),
    ("Sarah Mitchell", "I'll send you our current close checklist by December 18th."),
    ("Sarah Mitchell", "Can you send me the pricing proposal by next Tuesday?"),
    ("Daniel Brooks", "Yes, I can do that."),
    ("Sarah Mitchell", "I can't commit to a date for the legal review yet."),
]

DEMO = dt.date(2026, 12, 2)
DEMO_CALL = [
    ("Daniel Brooks", "Thanks for joining the demo, Sarah."),
    ("Sarah Mitchell", "Thanks for sending the security questionnaire last week."),
    ("Daniel Brooks", "I sent the pricing proposal on Monday as well."),
    ("Sarah Mitchell", "Our CFO, Karen Patel, has to sign anything over $50,000."),
    ("Sarah Mitchell", "Tom Baker, our director of IT security, needs more time."),
    ("Sarah Mitchell", "Tom will go through the DPA by January 15th."),
    ("Sarah Mitchell", "Priya Shah is our procurement manager."),
    ("Sarah Mitchell", "Priya will set up the vendor record by February 26th."),
    ("Sarah Mitchell", "I'll send you our close checklist by December 9th."),
    ("Sarah Mitchell", "The demo is done and my team liked what they saw."),
]

NEGOTIATION = dt.date(2027, 1, 13)
NEGOTIATION_CALL = [
    ("Daniel Brooks", "Thanks for making time for the commercial discussion."),
    ("Sarah Mitchell", "We need to move go-live to June 15th, because our auditors start then."),
    ("Sarah Mitchell", "Tom finished the DPA review yesterday."),
    ("Sarah Mitchell", "I sent you the close checklist yesterday."),
    ("Sarah Mitchell", "Our legal team will send the redlines by February 19th."),
    ("Karen Patel", "I'll sign the contract by April 30th."),
]

CALLS: list[tuple[dt.date, Sequence[tuple[str, str]], Sequence[Participant]]] = [
    (DISCOVERY, DISCOVERY_CALL, (SELLER, BUYER)),
    (DEMO, DEMO_CALL, (SELLER, BUYER)),
    (NEGOTIATION, NEGOTIATION_CALL, (SELLER, BUYER, KAREN)),
]


def run_call(
    current: Plan | None,
    call_date: dt.date,
    lines: Sequence[tuple[str, str]],
    participants: Sequence[Participant] = (SELLER, BUYER),
) -> Plan:
    """The deal's next plan after one call, the way `process_call` makes it."""
    ctx = context(call_date, participants, deal="greenfield", current_plan=current)
    said = transcript(lines, participants)
    news = CallNews(
        call=next_call(current, call_date),
        extraction=extract(said, RulesExtractor(), ctx),
        completions=tuple(find_completions(said, call_date)),
    )
    return _update(current, news, PlanOptions(deal="greenfield", catalogue=load_catalogue()))


def run_deal(calls: int = 3) -> list[Plan]:
    """The plan after each of the first `calls` calls."""
    plans: list[Plan] = []
    for call_date, lines, participants in CALLS[:calls]:
        plans.append(run_call(plans[-1] if plans else None, call_date, lines, participants))
    return plans
