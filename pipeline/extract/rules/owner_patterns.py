"""Who a clause belongs to when it is not the speaker's own "I'll": a person named ("Tom will",
"Bisi from procurement will"), a team or role ("our legal team will", "legal will"), someone the
speaker hands it to ("I'll have Gemma send it", "I'll get our security team to"), or "they"."""

from __future__ import annotations

import re

from pipeline.extract.rules.lexicon import COMPANY, FILLER, NAME

# Departments a colleague is "from" or "in".
_DEPARTMENT = (
    r"procurement|finance|legal|security|IT|accounts|accounting|purchasing|compliance|HR|ops|"
    r"operations|engineering|marketing|sales|support"
)

# "Tom will ...", and with who they are between commas: "Sam from Bytewise, our IT contractor,
# will do the SSO setup".
THIRD_PERSON = re.compile(
    rf"\b(?P<name>{NAME})"
    r"(?P<who>(?: (?:from|at) [A-Z][\w&-]*)?, (?:our|their|your|the|my) [\w'’ -]{2,40}?,"
    r"(?: (?:he|she))?"  # "Hafiz, our network guy, he will set up the VPN"
    # "Bisi from procurement will ...", "Sharon in finance'll ...", "Huw there ..."
    r"| (?:from|in|at) (?:the )?(?:" + COMPANY + "|" + _DEPARTMENT + r")"
    r"(?: team)?| there)?"
    rf"(?P<modal>'ll|’ll| will| is going to|'s going to|’s going to| can| has agreed to)\s+"
    rf"{FILLER}(?P<verb>[a-z]+)"
)

ROLE_HEAD = (
    r"team|department|office|council|counsel|lawyers|legal|procurement|security|IT|finance|"
    r"folks|people|engineers|committee|board|group|admins|staff|ops|desk|treasurer|controller|"
    r"CFO|CEO|COO|CIO|CTO|CISO|general counsel|lot|crews?|officer|attorneys?|contractors?|"
    r"accountants?|auditors?|bookkeepers?|developers?|administrators?|architects?|"
    r"project manager"
)

ROLE_OWNER = re.compile(
    r"\b(?P<whose>(?i:our|their|your|the|my)) (?P<role>(?:[\w'’-]+ ){0,3}?(?:" + ROLE_HEAD + r"))"
    r"(?: (?:at|from) [A-Z][\w&-]*)?"  # "our lawyers at Tasman will ..."
    r"(?P<modal>['’]ll need to|['’]ll have to|'ll|’ll| will need to| will have to| will|"
    r" is going to| are going to| needs? to)"
    rf"\s+{FILLER}(?P<verb>[a-z]+)"
)

# A team's step in the present tense once something happens: "Once Lauren's done, our
# purchasing desk in Harrisburg issues the PO."
ROLE_ONCE = re.compile(
    r"\b(?i:once|as soon as|when) [^,]{3,60}, (?P<whose>(?i:our|their|your|the)) "
    r"(?P<role>(?:[\w'’-]+ ){0,3}?(?:" + ROLE_HEAD + r"))(?: in [A-Z][\w-]*)? "
    r"(?P<verb>sends|issues|signs|raises|releases|countersigns|approves|reviews)\b"
)

# "They'll send you the questionnaire": the group or person just named.
PRONOUN_SUBJECT = re.compile(
    # ("Hugo said he'll ..." is Hugo's: `REPORTED`)
    r"(?<!said )(?<!says )(?<!promised )(?<!confirmed )(?<!that )"
    rf"\b(?P<subject>they|he|she)(?P<modal>'ll|’ll| will| are going to| is going to)\s+{FILLER}"
    r"(?P<verb>[a-z]+)",
    re.IGNORECASE,
)

# "I'll get our security team to send over the pen test summary": the team's step.
DELEGATED_ROLE = re.compile(
    r"\bI(?:'ll|’ll| will) (?:have|get|ask) (?:(?P<whose>(?i:our|my|the)) )?"
    r"(?P<role>(?:(?!from |in |on |at )[a-z][\w'’-]* ){0,2}(?:" + ROLE_HEAD + r")) (?:to )?"
    # not "I'll get the board approval": what is got, not what they do
    r"(?P<verb>(?!(?:approval|sign-?off|signature|go-ahead|buy-in|budget|ok|okay)\b)[a-z]+)"
)

# "Realistically, legal will turn it around in a week or two": a department without "our".
BARE_ROLE_OWNER = re.compile(
    r"(?:^|(?<=[,.;:] ))(?i:and |so |then |realistically,? |honestly,? |hopefully,? )*"
    r"(?P<whose>)(?P<role>(?i:legal|procurement|security|finance|compliance|hr|purchasing)|IT)"
    rf"(?P<modal>'ll|’ll| will| is going to| needs? to| has to)\s+{FILLER}(?P<verb>[a-z]+)",
)

# "Raj from our IT team will ...": the person, not the team, owns it.
PERSON_FROM = re.compile(rf"\b(?P<name>{NAME}) (?:from|in|on) $")

# "I'll have Gemma from procurement send over the onboarding pack": Gemma owes it.
DELEGATED = re.compile(
    rf"\bI(?:'ll|’ll| will) (?:have|get|ask) "
    r"(?:(?P<title>(?:our|the|my) [\w'’ -]{2,30}?), (?=[A-Z]))?"  # "our support lead, Hamish,"
    rf"(?P<name>{NAME})"
    r"(?: (?:from|in|on) (?:our |the )?(?!(?:a|an)\b)[\w-]+(?: team)?)?"
    r"(?:, (?:our|their|the|my|your) [\w'’ -]{2,30}?,)?"
    r",? (?:to )?(?P<verb>(?!(?:on|in|into|onto|up|over|a|an|the|this|that|next|our|your|their|"
    r"back|about|for|whether|if|what|when|how|and|or|there|here|with)\b)[a-z]+)"
)

# "Gráinne in sales ops has it. I'll get her to send it on Monday.": handed to the one just named.
DELEGATED_PRONOUN = re.compile(
    r"\bI(?:'ll|’ll| will) (?:have|get|ask) (?P<name>him|her) (?:to )?(?P<verb>[a-z]+)"
)
