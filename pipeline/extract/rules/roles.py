"""Deal roles from what a title or a sentence says about a person or a group.

Roles are buyer-side ideas (who signs, who vets security, ...): sellers get none. The first rule
that matches wins, so the order below is the order of precedence.
"""

from __future__ import annotations

import re

from pipeline.models import Role, Side

_RULES: tuple[tuple[re.Pattern[str], Role], ...] = (
    (
        re.compile(
            r"\bsign|\bsignature|sign-off|\bapprov|budget owner|owns the budget|purse|"
            r"final (?:call|say)|\bC[EFR]O\b|\bowner\b|\bco-?owner\b|\bpresident\b|"
            r"chief (?:executive|financial|revenue)|VP of operations|"
            r"managing (?:director|partner|principal)|"
            r"general manager|executive director",
            re.I,
        ),
        Role.ECONOMIC_BUYER,
    ),
    (
        re.compile(r"\bdecid|decision|VP of (?:finance|engineering)|\bCOO\b", re.I),
        Role.DECISION_MAKER,
    ),
    (re.compile(r"security|\bCISO\b|risk|\bGRC\b", re.I), Role.SECURITY),
    (
        re.compile(
            r"legal|counsel|lawyer|attorney|compliance|data protection|privacy|clerk|\bDPO\b", re.I
        ),
        Role.LEGAL,
    ),
    (
        re.compile(
            r"procurement|purchasing|sourcing|vendor management|commercial manager|"
            r"business manager",
            re.I,
        ),
        Role.PROCUREMENT,
    ),
    (
        re.compile(
            r"\bIT\b|engineer|architect|\bCTO\b|\bCIO\b|technical|infrastructure|"
            r"integration|developer|registrar|data (?:team|owner)|owns the (?:student )?data|"
            r"\bSRE\b|devops|platform|quality|SCADA|systems|\bICT\b|\badmin\b|firmware|\bQA\b|"
            r"validation|facilities|credentialing",
            re.I,
        ),
        Role.TECHNICAL_EVALUATOR,
    ),
    (re.compile(r"council|committee|board|financ|controller", re.I), Role.INFLUENCER),
    (
        re.compile(
            r"administrator|analyst|supervis|coordinator|specialist|\bagents?\b|"
            r"I do \w+ analysis|day[- ]to[- ]day|\bmanager\b|\blead(?:er)?\b|\bassociate\b|"
            r"housekeeper",
            re.I,
        ),
        Role.END_USER,
    ),
)


def deal_role(words: str, side: Side) -> Role | None:
    """The deal role `words` imply for someone on `side`, if any.

    Args:
        words: a title and/or what was said about the person ("has to sign anything over 50k").
        side: the person's side; sellers have no deal role.
    """
    if side == Side.SELLER:
        return None
    return next((role for pattern, role in _RULES if pattern.search(words)), None)
