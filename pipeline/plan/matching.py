"""Match what a call says to the milestones a plan already has, so no step is added twice.

A new commitment (or a "we sent it" report) is the same step as a milestone when
  - both are the same catalogue step by synonym ("security questionnaire" ~ "security review")
    and on the same side, or
  - their key words match (rapidfuzz on normalised words, so "the DPA" ~ "data processing
    agreement" and "questionaire" ~ "questionnaire"), on the same side, and their owners do not
    contradict (another named owner only for near-identical words: a reassignment).
Assignment is one-to-one and greedy, best score first, so two commitments of one call never
claim the same milestone. Semantic embeddings were left out: see README ("Plan engine").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.models import Milestone, Side
from pipeline.plan.catalogue import Catalogue
from pipeline.plan.words import normalise

# Verbs that say how, not what: "send the proposal" and "send the questionnaire" differ.
_GENERIC = frozenset(
    [
        "send",
        "make",
        "review",
        "set",
        "do",
        "get",
        "complete",
        "finish",
        "share",
        "go",
        "sign",
        "provide",
        "prepare",
        "update",
        "confirm",
        "check",
        "schedule",
        "book",
        "have",
        "take",
        "give",
        "put",
        "run",
        "hold",
        "return",
        "approve",
        "submit",
        "deliver",
    ]
)
_SAME_WORD = 85.0  # rapidfuzz ratio at which two words are one (inflections, typos)
SAME_STEP = 90.0  # the score of a same-step match
_SOME_WORDS = 50.0
SAME_TEXT = 70.0  # key-word overlap (0-100) at which two steps are the same
SAME_TEXT_OTHER_OWNER = 90.0  # ... when a different person is named (a reassignment)


@dataclass(frozen=True)
class Candidate:
    """Something said on a call that may be an existing step."""

    texts: tuple[str, ...]
    owner: str | None
    side: Side


@dataclass(frozen=True)
class Match:
    candidate: int  # index into the candidates
    milestone_id: str
    score: float


def overlap(a: str, b: str) -> float:
    """Share (0-100) of the shorter text's key words found in the other, words fuzzily equal."""
    words_a, words_b = _key_words(a), _key_words(b)
    if not words_a or not words_b:
        return 0.0
    shorter, longer = sorted((words_a, words_b), key=len)
    found = sum(any(fuzz.ratio(w, other) >= _SAME_WORD for other in longer) for w in shorter)
    return 100.0 * found / len(shorter)


def _key_words(text: str) -> list[str]:
    words = normalise(text).split()
    return [w for w in words if w not in _GENERIC] or words


def score(candidate: Candidate, milestone: Milestone, catalogue: Catalogue) -> float:
    """How surely the candidate is this milestone (0: not at all; >= 70: the same step)."""
    texts = [t for t in (milestone.title, milestone.action) if t]
    text = max((overlap(a, b) for a in candidate.texts for b in texts), default=0.0)
    sides_agree = Side.UNKNOWN in (candidate.side, milestone.owner_side) or (
        candidate.side == milestone.owner_side
    )
    owners_differ = bool(
        candidate.owner
        and milestone.owner
        and candidate.owner.casefold() != milestone.owner.casefold()
    )
    step = _step_of(candidate, catalogue)
    same_step = step is not None and step in (milestone.step, _milestone_step(milestone, catalogue))
    # A template line is the step itself; a step said on a call must share a word too, so
    # "send the redlines" does not become "review the DPA" just for being legal work.
    shares = milestone.source == "template" or text >= _SOME_WORDS
    if same_step and sides_agree and not owners_differ and shares:
        return max(SAME_STEP, text)
    if not sides_agree:
        return 0.0  # the seller sending a questionnaire is not the buyer completing it
    return text if not owners_differ or text >= SAME_TEXT_OTHER_OWNER else 0.0


def _step_of(candidate: Candidate, catalogue: Catalogue) -> str | None:
    found = (catalogue.step_for(t) for t in candidate.texts)
    return next((s.key for s in found if s is not None), None)


def _milestone_step(milestone: Milestone, catalogue: Catalogue) -> str | None:
    if milestone.feeds:
        return None  # it leads into a step; it is not that step
    texts = [t for t in (milestone.action, milestone.title) if t]
    found = (catalogue.step_for(t) for t in texts)
    return next((s.key for s in found if s is not None), None)


def assign(
    candidates: Sequence[Candidate],
    milestones: Sequence[Milestone],
    catalogue: Catalogue,
    threshold: float = SAME_TEXT,
) -> list[Match]:
    """One-to-one matches at or above `threshold`, the best first."""
    scored = [
        Match(i, m.id, s)
        for i, candidate in enumerate(candidates)
        for m in milestones
        if (s := score(candidate, m, catalogue)) >= threshold
    ]
    scored.sort(key=lambda match: -match.score)  # stable: earlier candidates win ties
    taken_candidates: set[int] = set()
    taken_milestones: set[str] = set()
    matches = []
    for match in scored:
        if match.candidate in taken_candidates or match.milestone_id in taken_milestones:
            continue
        taken_candidates.add(match.candidate)
        taken_milestones.add(match.milestone_id)
        matches.append(match)
    return sorted(matches, key=lambda match: match.candidate)
