"""The patterns of `forms`: ways to promise other than "I'll ...", each owned by the speaker
unless a name says otherwise ("Expect the redlines from us", "I owe you the case study", "the
SOW will be sent over by our legal team", "Hugo said he'll enable the API keys")."""

from __future__ import annotations

import re

from pipeline.extract.rules.lexicon import COMPANY, FILLER, NAME
from pipeline.extract.rules.owner_patterns import ROLE_HEAD

# "Expect the redlines from us early next week" (the speaker's side sends them).
EXPECT_FROM_US = re.compile(
    r"\bexpect (?P<obj>(?:the|our|a|an)\b[^,.;?!]*?) from "
    r"(?:us|me)\b",
    re.IGNORECASE,
)

# "Battery data for reefers, that's on me.": the thing named first is the speaker's to send.
ON_ME = re.compile(
    r"^(?:(?:and|so|okay|ok)\s*,?\s+)?"
    r"(?P<obj>(?:the\s+|our\s+|your\s+)?[a-z][\w'-]*(?: [\w'-]+){1,7}?),\s+"
    r"(?:that's|that is|that one's|that one is)\s+(?:on me|mine)\b",
    re.IGNORECASE,
)

# "Action item for me: steering invites go out this week."
ACTION_ITEM = re.compile(
    r"\baction items? (?:for|on) (?:me|us)\s*[:,]\s*"
    r"(?P<rest>(?![^.;!?]*\b(?:I|we)(?:'ll|’ll| will)\b)[^\s.;!?][^.;!?]{2,120})",
    re.IGNORECASE,
)

# The present for the future, with a date: "Yes, I send you by end of the week", "I check with
# them and revert by Friday".
PRESENT_PROMISE = re.compile(
    r"\bI (?P<verb>send|check|share|email|forward|revert|prepare|confirm|update|call|deliver)\b",
    re.IGNORECASE,
)

# "I owe you the case study from the Ohio chain", "I owe Carl a revised quote".
OWE = re.compile(
    r"\bI owe (?:you|you guys|you all|(?-i:[A-Z])\w+) (?P<obj>(?:(?:the|a|an|our|my|some|two|three)"
    r"\b|(?:revised|updated|final|new)\s)[^,.;?!]*?)"
    r"(?=,|\.|;|$| by | on | before | tomorrow| today| actually)",
    re.IGNORECASE,
)

# A group of people by what they are: "the two shift leads", "my yard guys".
_PEOPLE = (
    r"[\w' -]{0,30}?(?:leads|guys|team|managers|supervisors|people|folks|crew|staff|engineers|"
    r"planners|users|admins|reps)"
)
# "I'll get the leads there", "I'll have Paudie and the two shift leads there", "I'll get Tom on
# the kickoff": people the speaker brings to a session.
BRING_PEOPLE = re.compile(
    r"\bI(?:'ll|’ll| will) (?:have|get|bring) "
    r"(?P<who>(?:(?-i:[A-Z])[\w'’-]+(?: (?-i:[A-Z])[\w'’-]+)?"
    rf"|(?:the|my|our|a few|two|three|some) {_PEOPLE})"
    rf"(?: and (?:the|my|our|two|three|a few) {_PEOPLE})?)"
    r" (?P<where>there|on (?:it|the (?P<event>[\w-]+(?: [\w-]+)?)))\b",
    re.IGNORECASE,
)

# "Count me in for the workshop on the 9th."
COUNT_ME_IN = re.compile(
    r"\bcount (?:me|us) in for (?P<obj>(?:the|a|an|your|our)\s+[^,.;?!]+)", re.IGNORECASE
)

# "Our plan is to kick off the POC on March 8th", "the plan is I run the training the week of
# the 15th": like "we'll", a promise with a date.
PLAN_TO = re.compile(
    r"\b(?:(?:our|the|my) plan is (?:to|that (?:I|we)|(?:I|we)(?! (?:have|had|need)\b))|"
    r"(?:we|I)(?:'re|’re|'m|’m| are| am| was| were) planning (?:on|to)|(?:we|I) plan to|"
    r"(?:we|I)(?:'re|’re|'m|’m| are| am) aiming to|(?:we|I) aim to)"
    r"\s+(?:go ahead and\s+)?(?P<verb>[a-z]+)",
    re.IGNORECASE,
)

# "The SOW will be sent over by the 8th": the thing, then a participle of a delivery verb.
PASSIVE = re.compile(
    r"\b(?P<obj>(?:the|our|your|a|an)\s+(?:[\w-]+\s+){0,4}?[\w-]+)\s+(?:will|'ll|’ll|is going to|"
    r"are going to) be (?P<verb>[a-z]+)(?P<particle> over| out| up)?\b",
    re.IGNORECASE,
)

# "The sandbox credentials will go out to Siobhán from me tomorrow morning": sent.
GOES_OUT = re.compile(
    r"\b(?P<obj>(?:the|our|a|an)\s+(?:[\w-]+\s+){0,4}?[\w-]+)\s+(?:will|'ll|’ll) go out"
    r"(?: to (?P<to>[A-Z][\w-]*))?(?: from me)?\b",
    re.IGNORECASE,
)

# Who a passive names as doing it: "... will be delivered by our product team by end of January".
BY_ROLE = re.compile(
    r"\s+by\s+(?P<whose>(?i:our|their|your|the))\s+(?P<role>(?:[\w'’-]+\s+){0,2}(?:"
    + ROLE_HEAD
    + r"))\b"
)

# "Hugo Marchand said he'll enable the API keys by the 20th": a promise reported for someone.
REPORTED = re.compile(
    rf"\b(?P<name>{NAME})(?: (?:at|from) {COMPANY}| there)?,? (?:has |had )?"
    r"(?:said|says|told (?:me|us)|"
    r"promised|confirmed)(?: that)? (?:he|she)(?P<modal>'ll|’ll| will| can| is going to)\s+"
    rf"{FILLER}(?P<verb>[a-z]+)"
)

# Steps listed in order, each with its date: "Then the QBR on June 11th.", "And then the first
# model results, I'm aiming for the week after next."
NEXT_STEP = re.compile(
    r"^(?:and |so )?then,? (?:let's do |we do )?the (?P<obj>(?:[\w-]+ ){0,4}?[\w-]+)"
    r"(?=,? (?:on|by|before|in|for|at|I'm aiming|we're aiming|is|will be)\b)",
    re.IGNORECASE,
)

# "You'll have the case study from me by Wednesday", "you'll get it from me tomorrow".
YOU_WILL_HAVE = re.compile(
    r"\byou(?:'ll|’ll| will) (?:have|get|receive) (?P<obj>(?:it|them|that|this|the|our|my|a|an|"
    r"those|these|both|pricing|\w+ (?:pricing|numbers|figures)|[a-z]+s)\b[^,.;?!]*?)"
    r"(?: from (?:me|us)\b|"
    r"(?=,? (?:by|on|before|tomorrow|today|monday|tuesday|wednesday|thursday|friday|next|this|"
    r"early|end)\b))",
    re.IGNORECASE,
)

# A person named with where they work: "Gráinne in sales ops", "Sam from our IT team".
NAMED_WITH_TEAM = re.compile(r"\b(?P<name>[A-Z][^\W\d_]+) (?:in|from|on|at) (?:our |the )?[a-z]")

# "I'll see you have it by tomorrow", "I'll make sure you've got it Monday": the speaker sends it.
SEE_YOU_HAVE = re.compile(
    r"\bI(?:'ll|’ll| will) (?:see|make sure)(?: that)? (?:you|they)(?:'ve|’ve)? (?:have|get|got|"
    r"receive) (?P<obj>(?:it|them|that|this|the|our|a|an)\b[^,.;?!]*?)(?=,|\.|$| by | on | before |"
    r" tomorrow| today| monday| tuesday| wednesday| thursday| friday| next | this )",
    re.IGNORECASE,
)

# "I can put that in writing", "we'll put it in the statement of work", "We can even put the
# seasonality in the contract": a term the speaker's side writes into the deal's paper.
PUT_IN_PAPER = re.compile(
    r"\b(?:I|we)(?:'ll|’ll| will| can| could) (?:even |also |just |happily )?put "
    r"(?P<obj>(?!(?:you|him|her|them|us|me)\b)[^,.;?!]{1,60}?) in "
    r"(?P<paper>writing|the (?:proposal|contract|statement of work|SOW|order form|MSA|agreement|"
    r"quote|paperwork|renewal|SLA|DPA))\b",
    re.IGNORECASE,
)
