"""Outcomes the buyer wants and the deal's key dates (risks: `risks`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from pipeline.dates import ResolvedDate
from pipeline.extract.rules import lexicon as lx
from pipeline.extract.rules.sentences import Sentence
from pipeline.models import KeyDate, KeyDateKind, Outcome, Side

_GOAL = re.compile(
    r"\b(?:(?:our|the|my) (?:main |primary |big |biggest |real |key )?"
    r"(?:goal|objective|aim|priority|target) (?:here )?(?:is|was|would be)|"
    r"success (?:for us )?(?:would be|looks like|means|is)|what we need is|"
    r"we(?: really)? (?:want|need|'d like|would like|are trying|'re trying|hope|are hoping|"
    r"'re hoping|are looking|'re looking) to|(?:we|I)(?: really)? (?:want|need|'d like|"
    r"would like) (?:that|it|this|those|them)(?= (?:down |up )?(?:to|under|below|at|above|over|"
    r"within|in)\b)|(?:I|we|council|the board|leadership)(?: really)? (?:want|wants|need|needs|"
    r"'d love|would love)(?: to)?(?= [^.?!]*?\d|[^.?!]*?\b(?:percent|under|within|down to|halve|"
    r"double|zero)\b))\b",
    re.IGNORECASE,
)
_EXPLICIT_GOAL = re.compile(r"goal|objective|aim|priority|target|success", re.IGNORECASE)
_NUMBER = (
    r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|"
    r"two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|"
    r"half)"
)
_UNIT = r"(?: (?:days|hours|weeks|months|minutes|percent|people|FTEs|dollars))?"
_METRIC = re.compile(
    rf"\bfrom (?:about |around )?{_NUMBER}\b[\w\s%]{{0,20}}? to {_NUMBER}\b{_UNIT}|"
    rf"\b{_NUMBER}\s?(?:%|percent)|\bin half\b|\bdouble\b|\btriple\b|"
    rf"\bby {_NUMBER} (?:hours|days|weeks|percent|points)\b|\bunder {_NUMBER} \w+|"
    rf"\b(?:at|to|below|above|over|within) {_NUMBER} (?:days|hours|weeks|months|minutes|"
    r"seconds|percent)\b|"
    rf"\b{_NUMBER}(?: business)? (?:days|hours|minutes|percent)\b|\bunder an? (?:hour|day|week)\b|"
    rf"\bhalve\b|\bdown to {_NUMBER}{_UNIT}\b|\bwant (?:it |that |them )?(?:at |to )?{_NUMBER}\b|"
    r"\bzero \w+",
    re.IGNORECASE,
)
_KEY_DATE_WORDS: tuple[tuple[re.Pattern[str], KeyDateKind], ...] = (
    (
        re.compile(
            r"go(?:ing)?[ -]live|be live|live by|live for|\bit live\b|launch(?!es)|"
            r"\blive (?:on|from) |live before (?=the end|(?-i:[A-Z\d]))|goes on sale|"
            r"\bapp launches\b|"
            r"roll(?:ing)? (?:it )?out|"
            r"cut ?over|in production",
            re.I,
        ),
        KeyDateKind.GO_LIVE,
    ),
    (
        re.compile(
            r"(?:contract|licen[cs]e|subscription|agreement)(?: with [A-Z][\w&-]*)? (?:expires|"
            r"ends|runs out|is up|renews)|renewal|"
            r"\b(?:support|maintenance|lease)\b(?: [\w-]+){0,4} (?:expires|ends|runs out)|"
            r"(?:current |your )?term ends|contract runs (?:to|until|through)",
            re.I,
        ),
        KeyDateKind.RENEWAL,
    ),
    (
        re.compile(
            r"budget (?:is|gets|will be) (?:approved|finali[sz]ed|locked|set)|"
            r"budget deadline|fiscal year (?:ends|starts)|use it or lose it|"
            r"budget (?:year|cycle|process) (?:starts|begins|ends|closes)|adopts? the budget|"
            r"capital requests?|\bcapex (?:meeting|committee|request|deadline)|"
            r"budget (?:meeting|approval|review|committee|vote)|(?:has|have) to be spent|"
            r"plan closes|budget\b[^.?!]{0,30}\b(?:gets approved|approved|signed off|locked)|"
            r"(?:signs? off|locks?|approves?|sets?) (?:next year's |the |our )?budget|"
            r"capex\b[^.?!]{0,30}\bcloses|encumbered|money is there|"
            r"(?:capital|fiscal|financial|budget) year closes|approvals? (?:close|closes)|"
            r"locks the (?:\w+ )?budget|budget (?:for \d{4} )?locks|fiscal (?:year )?closes|"
            r"approves? (?:the )?capex|capex [\w ]{0,30}approved|council adopts|budget lifts",
            re.I,
        ),
        KeyDateKind.BUDGET,
    ),
    (
        re.compile(
            r"\bsign(?:ed)? (?:by|before)|signature by|get (?:this|it|the \w+) signed|"
            r"sign (?:it )?then|votes on the contract",
            re.I,
        ),
        KeyDateKind.SIGNATURE,
    ),
    (
        re.compile(
            r"board meeting|\bQBR\b|steering committee|\b(?:meets|votes)\b|follow-up|"
            r"follow up (?:meeting|call)|workshop|offsite|on-?site visit|readout|"
            r"\bevery (?:monday|tuesday|wednesday|thursday|friday)\b|\bbook\b|\block in\b|"
            r"get (?:back )?together|\bmeet\b|\bonsite\b|ride-along|walkthrough|"
            r"present (?:it )?to (?:council|the board)|"
            r"see (?:you|y'all|everyone)(?: all| guys| folks)? (?:in|on|next)\b|"
            r"next (?:call|breakout|meeting|sync|session|check-?in)\b|back to this call",
            re.I,
        ),
        KeyDateKind.MEETING,
    ),
    (
        re.compile(
            r"give (?:them |us |you )?notice|notice (?:period|window)|notice by|cancel by|"
            r"deadline's|deadline is|need a decision by",
            re.I,
        ),
        KeyDateKind.OTHER,
    ),
)
# A meeting still to be arranged has a deadline, not a date of its own.
_TO_ARRANGE = re.compile(r"\b(?:set up|schedule|book|arrange|organi[sz]e|plan)\b", re.I)
_DEADLINE = re.compile(r"(?:by|before|within|until|in the next)\b", re.I)
# Another vendor's contract ending is why the buyer must move, not this deal's renewal.
_INCUMBENT = re.compile(
    r"current (?:provider|vendor|system|tool|contract)|existing (?:vendor|provider|contract)|"
    r"incumbent|contract with [A-Z]"
)
# Events of the buyer's own with a fixed date: why the plan's dates matter.
_EVENT = re.compile(
    r"\b(?:audit(?:s|ing)?|filing|we file|regulator\w*|mandate|takes? effect|goes? into effect|"
    r"launches|gala|conference|trade show|combine with|merger|merge with|tech transfer|"
    r"ramps?|first patient|renews with us|hard freeze|peak season|"
    r"have to support|required by law|is due|are due|PPAP|inspection|treaty renews|"
    r"(?:goes|becomes|is) mandatory|(?:new )?season starts|schedule starts|survey in|"
    r"convention is|sale is on|tender closes|exhibition opens|concession starts|"
    r"auditors are on site|applications [\w ]{0,20}open)\b|"
    r"\bopen(?:s|ing)? (?:\w+ ){0,3}(?:hotels?|stores?|sites?|plants?|clinics?|offices?|"
    r"warehouses?|locations?|campus(?:es)?|branch(?:es)?)\b",
    re.I,
)
_COMPELLING = re.compile(
    r"\b(?:because|since|as|due to|when)\b\s+(?P<reason>[^.?!]*?\b(?:audit|deadline|regulat\w*|"
    r"board|expires?|starts?|begins?|kicks? off|season|launch\w*|freeze|closes?|merger|"
    r"acquisition|compliance|open enrollment)\b[^.?!]*)",
    re.IGNORECASE,
)


def find_outcomes(sentences: Sequence[Sentence], call_date: dt.date) -> list[Outcome]:
    """Buyer-stated goals; "we need to" counts only with a metric or a target date."""
    outcomes = []
    for sentence in sentences:
        match = _GOAL.search(sentence.text)
        if match is None or sentence.side == Side.SELLER or sentence.asks:
            continue
        metric = _METRIC.search(sentence.text)
        dates = [d for d in sentence.future_dates(call_date) if d.resolved]
        explicit = _EXPLICIT_GOAL.search(match.group(0))
        if not (metric or dates or explicit) or (_is_go_live(sentence) and not metric):
            continue  # "we need to be live by June 1st" is a key date, not an outcome
        statement = re.sub(r"^to\s+", "", sentence.text[match.end() :].strip(" ,.:"))
        statement = statement or sentence.text
        outcomes.append(
            Outcome(
                statement=statement[:1].upper() + statement[1:],
                metric=metric.group(0) if metric else None,
                target_text=dates[0].text if dates else None,
                stated_by=sentence.speaker,
                evidence=(sentence.evidence(),),
            )
        )
    return outcomes


def _agreed_meeting(
    sentence: Sentence, sentences: Sequence[Sentence], dates: Sequence[ResolvedDate]
) -> bool:
    """A short reply that repeats a proposed date and agrees to it."""
    leading = dates and dates[0].start <= 4
    asked = any(
        s.asks and s.speaker != sentence.speaker and s.dates
        for s in sentences[max(0, sentence.index - 3) : sentence.index]
    )
    return bool(leading and asked and lx.AGREED_DATE.match(sentence.text))


def _is_go_live(sentence: Sentence) -> bool:
    return bool(_KEY_DATE_WORDS[0][0].search(sentence.text))


def find_key_dates(sentences: Sequence[Sentence], call_date: dt.date) -> list[KeyDate]:
    """Dated milestones of the deal itself (go-live, renewal, signature) and why they matter."""
    found: dict[tuple[KeyDateKind, dt.date | None], KeyDate] = {}  # one per kind and day
    for sentence in sentences:
        dates = [d for d in sentence.future_dates(call_date) if d.resolved]
        if not dates:
            continue
        if _agreed_meeting(sentence, sentences, dates):
            key = (KeyDateKind.MEETING, dates[0].date)
            found.setdefault(key, _key_date(KeyDateKind.MEETING, sentence, dates[0].text))
            continue
        for pattern, kind in _KEY_DATE_WORDS:
            if said := pattern.search(sentence.text):
                if kind == KeyDateKind.RENEWAL and _INCUMBENT.search(sentence.text):
                    kind = KeyDateKind.COMPELLING_EVENT
                date = _nearest(dates, said)
                arranged = _TO_ARRANGE.search(sentence.text) and _DEADLINE.match(date.text)
                if kind == KeyDateKind.MEETING and arranged:
                    break  # "I'll set up a workshop by the end of the month": a deadline
                found.setdefault((kind, date.date), _key_date(kind, sentence, date.text))
                break
        else:
            event = _EVENT.search(sentence.text)
            if event and sentence.side != Side.SELLER:
                date = _nearest(dates, event)
                key = (KeyDateKind.COMPELLING_EVENT, date.date)
                found.setdefault(key, _key_date(KeyDateKind.COMPELLING_EVENT, sentence, date.text))
                continue
        if reason := _COMPELLING.search(sentence.text):
            # The event's own date if the reason states one ("expires on June 30th").
            inside = [d for d in dates if d.start >= reason.start("reason")] or dates
            key = (KeyDateKind.COMPELLING_EVENT, inside[0].date)
            found.setdefault(
                key,
                _key_date(KeyDateKind.COMPELLING_EVENT, sentence, inside[0].text, reason["reason"]),
            )
    return list(found.values())


def _nearest(dates: list[ResolvedDate], said: re.Match[str]) -> ResolvedDate:
    """The date said after the words that name the milestone, nearest first ("we file on
    November 16th", not the meeting date earlier in the sentence); else the nearest before."""
    return min(
        dates,
        key=lambda d: (
            d.start < said.start(),
            min(abs(d.start - said.end()), abs(said.start() - d.end)),
        ),
    )


def _key_date(
    kind: KeyDateKind, sentence: Sentence, text: str, about: str | None = None
) -> KeyDate:
    description = (about or sentence.text).strip(" .")
    return KeyDate(
        kind=kind,
        date_text=text,
        description=description[:1].upper() + description[1:200],
        evidence=(sentence.evidence(),),
    )
