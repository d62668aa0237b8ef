"""Risk signals said aloud: no date commitment, unknown signer, competitor, budget, timeline,
legal, security, a champion leaving, no owner."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.rules.sentences import Sentence
from pipeline.models import Risk, RiskKind

_REFUSE = r"(?:can't|cannot|can not|won't|will not|not going to|not able to|not ready to|unable to)"
_RISKS: tuple[tuple[re.Pattern[str], RiskKind], ...] = (
    (
        re.compile(
            rf"{_REFUSE} (?:commit|promise)|"
            rf"{_REFUSE} (?:give you|put|set|name|pin down|attach)(?: you)? (?:a|an|any)"
            r"(?: [\w-]+)? (?:date|timeline|deadline)|"
            r"don't have a (?:date|timeline)|no timeline (?:yet|for)|"
            r"(?:too early|premature) to (?:put|give|set|commit)|"
            r"not (?:putting|giving you) a (?:date|timeline)|"
            rf"{_REFUSE} give you an answer on|rather not promise",
            re.I,
        ),
        RiskKind.NO_DATE_COMMITMENT,
    ),
    (
        re.compile(
            r"(?:don't|do not|not sure|no idea|unclear)(?: know)?(?: yet)? (?:who|whether|if)\b"
            r"[^.?!]{0,60}\b(?:signs?|signing|approves?|sign-off|sign off|makes the call)|"
            r"\bsign(?:s|ing)?\b(?: it)?[^.?!]{0,80}\b(?:don't|do not) know(?: yet)?\b|"
            r"don't know where the line is|"
            r"(?:don't|do not) know whether (?:this|it|that) needs|"
            r"hasn't said whether|whoever chairs",
            re.I,
        ),
        RiskKind.UNKNOWN_SIGNER,
    ),
    (
        re.compile(
            r"(?:also|currently|still) (?:looking at|evaluating|talking to|considering)(?! you\b)|"
            r"also testing \w+ from|"
            r"(?:had|got|seen) a (?:demo|quote|proposal|pitch|bid) from|\bwe had [A-Z]\w+ in\b|"
            r"also (?:score|scoring|evaluate|evaluating|look at|talk to)\b|"
            r"(?:did|also|have been|'s been|been) talk(?:ed|ing)? to (?-i:[A-Z])|came back (?:at|"
            r"with)|their pricing|came in \w+ (?:percent|%) under|looked at (?-i:[A-Z])|"
            r"already runs (?-i:[A-Z])|is quoting|(?-i:[A-Z])\w+ offered us|"
            r"another (?:vendor|supplier|provider)|other (?:vendors?|suppliers?|providers?)|"
            r"competitors?\b|the other finalist|shortlist|quoted us\b|"
            r"\b(?:they're|they are|their \w+ (?:is|are)|it's)\b[^.?!]{0,25}\bcheaper\b|"
            r"came back[^.?!]{0,40}\blower\b|(?:number|quote|price) from (?-i:[A-Z])\w+|"
            r"build (?:it|this|that|our own)(?: \w+)? (?:ourselves|in-house|internally)|"
            r"pitching us|been calling (?:me|us)|"
            r"(?:offered|offering|giving|gave|quoted) us (?:a |an )?(?:[\w-]+ ){0,2}"
            r"(?:discount|fixed fee|price|deal|quote|rate)|"
            r"bake-?off|they're cheaper|quoted us (?:about |around )?[\w-]+ (?:percent|%) less|"
            r"demo from (?-i:[A-Z])\w+|came in (?:back )?in \w+ and pitched|"
            r"offer(?:ed|ing)? (?:to match|it free|us \w+ percent)|(?:have|has) offered \w+|"
            r"came in (?:about |around )?[\w-]+ percent under|percent off list|"
            r"(?:also )?seeing (?-i:[A-Z])\w+|already (?:use|run) (?-i:[A-Z])\w+|"
            r"would love to sell us|(?:clubs|sites|teams) have (?-i:[A-Z])\w+",
            re.I,
        ),
        RiskKind.COMPETITOR,
    ),
    (
        re.compile(
            r"budget (?:freeze|cuts?|is tight|isn't approved|is not approved|hasn't been "
            r"approved|season|line is)|no budget|budget(?:ed)?(?: for next year)?(?: is)? flat|"
            r"budget is (?:already )?frozen|cut (?:vendor |software |our )?spend|trims the|"
            r"gets cut|"
            r"lost our \w+ (?:money|funding)|"
            r"being cut|capped at|over (?:the |our )?budget|not in (?:the|this year's|our) "
            r"budget|(?:can't|cannot) afford|too expensive|out of our price range|earmarked|"
            r"(?:isn't|is not|not) in (?:next year's|this year's|the|our) budget|"
            r"cut our (?:\w+ )?(?:capex|budget|spend)|froze (?:all )?(?:\w+ )?(?:spend|spending|"
            r"budgets?)|spend(?:ing)? freeze|\bour budget is\b|lose what's left|"
            r"(?:capex|budget) is (?:spent|gone|used up)|nothing budgeted|money goes back|"
            r"(?:doesn't|does not|don't) make (?:that|the|this) budget|"
            r"no line item|(?:isn't|is not|not) funded|budget gets reopened|capex freeze|"
            r"next year's money|line flat|flat or down|or we lose it|back to the budget committee|"
            r"we budgeted|we have a budget of|(?:got|have) [\w-]+ in the budget|budget for this is|"
            r"got cut|spare cash|money(?:'s| is) tight|watching every (?:dollar|penny|cent)|"
            r"big pot|spoken for|ate (?:our|the) budget",
            re.I,
        ),
        RiskKind.BUDGET,
    ),
    (
        re.compile(
            r"\b(?:I'm|I am|she's|she is|he's|he is) (?:leaving (?:the company|us|in|at|"
            r"(?-i:[A-Z])\w+)|(?:maternity|paternity|parental) leave|sabbatical|"
            r"moving on|retiring|finishing up|moving to (?:the )?[\w ]{2,20} (?:office|team))|"
            r"\b(?:my|her|his) last day|new role|different role|resign|"
            r"accepted a role|take over from me|moving to the [\w ]{2,20} role",
            re.I,
        ),
        RiskKind.CHAMPION_LEAVING,
    ),
    (
        re.compile(
            r"tight timeline|aggressive timeline|might slip|may slip|at risk|"
            r"\b(?:it's|very|rather|pretty|quite|is) tight\b|isn't happening|"
            r"(?:can't|cannot) promise it finishes|"
            r"took (?:\w+ )?(?:four|five|six|\d+) (?:weeks|months)|"
            r"wouldn't bet|"
            r"not sure we can make|rush this|(?:team|people) (?:is|are) stretched|"
            r"(?:no|don't have the) (?:bandwidth|capacity)|(?<!won't )\bslips?\b|feels tight|"
            r"(?:is|looks) tight\b|\bblocker\b|nervous about (?:changing|the timing)|"
            r"freeze all (?:system )?changes|ambitious|might be tight|absorb a|can take \w+ "
            r"(?:weeks|months)|after the notice window",
            re.I,
        ),
        RiskKind.TIMELINE,
    ),
    (
        re.compile(
            r"kill (?:this|the) deal|deal[- ]?breaker|showstopper|legal won't|uncapped liability|"
            r"liability cap|on (?:their|our) (?:own )?paper|indemnit|\bban\w* (?:AI|cloud)|"
            r"(?:won't|will not|can't|cannot) accept|\bGDPR\b|works council has to approve|"
            r"(?:won't|will not) sign (?:any|the|a|our|your) (?:DPA|MSA|contract|agreement)|"
            r"(?:counsel|lawyers?|legal) flagged|flagged the [\w -]{2,30} clause|"
            r"might not let us share|city attorney|there's no deal",
            re.I,
        ),
        RiskKind.LEGAL,
    ),
    (
        re.compile(
            r"data (?:leaving|has to stay|must stay|stays|cannot leave|can't leave)|in-region|"
            r"data residency|security won't|(?:without|no) (?:a )?(?:valid )?(?:SOC ?2|ISO 27001|"
            r"TISAX|pen ?test|security assessment|assessment)|where the data sits|nothing leaves|"
            r"(?:infosec|security)(?: team| firm)?(?: \w+){0,3} (?:won't|will not|hasn't|has not|"
            r"haven't) sign(?:ed)? off|security sign-?off|need (?:your|a) SOC ?2 before|"
            r"pen test report before|must clear our [\w ]{2,20} assessment|insurer's questionnaire|"
            r"can't sign off on production|outbound internet|that's a stop|leave (?-i:[A-Z])\w+, "
            r"that's a deal-?breaker",
            re.I,
        ),
        RiskKind.SECURITY,
    ),
    (
        re.compile(
            r"\b(?:nobody|no one|no-one) (?:owns|is responsible for|is on)\b|someone has to own|"
            r"don't know who yet",
            re.I,
        ),
        RiskKind.UNNAMED_OWNER,
    ),
)


# Sentences within which a second signal of the same kind is the same risk talked on ("We had
# a demo from Archfolio." "They're cheaper, but ..."): one risk, the first words that raised it.
_SAME_RISK_REACH = 3


def find_risks(sentences: Sequence[Sentence]) -> list[Risk]:
    """Signals a rep must act on: no date commitment, unknown signer, competitor, budget."""
    risks: list[Risk] = []
    raised: dict[RiskKind, int] = {}  # kind -> the sentence that last raised it
    for sentence in sentences:
        for pattern, kind in _RISKS:
            if pattern.search(sentence.text):
                last = raised.get(kind)
                raised[kind] = sentence.index
                if last is not None and sentence.index - last <= _SAME_RISK_REACH:
                    break
                risks.append(
                    Risk(
                        kind=kind,
                        description=f"{sentence.speaker}: {sentence.text}"[:240],
                        evidence=(sentence.evidence(),),
                    )
                )
                break
    return risks
