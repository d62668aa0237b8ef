"""The commitments found so far in a call, and how a new one joins them: a new step, the date of
the step just promised, or a restatement that replaces an earlier version."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline.extract.rules import lexicon as lx
from pipeline.models import Commitment

_SIMILAR_ACTION = 75.0


@dataclass
class Ledger:
    """The commitments found so far, each with the last sentence that spoke of it."""

    items: list[Commitment] = field(default_factory=list)
    said_at: list[int] = field(default_factory=list)

    def append(self, commitment: Commitment, at: int) -> None:
        self.items.append(commitment)
        self.said_at.append(at)

    def replace(self, i: int, commitment: Commitment, at: int) -> None:
        self.items[i] = commitment
        self.said_at[i] = at

    def add(self, new: Commitment, at: int) -> None:
        """Append, or replace an earlier commitment by the same owner to the same action.

        "Can you send it by Friday?" + "Okay." names no object: it moves the owner's latest
        commitment with the same verb ("I'll send the offer by Monday") rather than adding one.
        """
        found = self.items
        if found and new.due_text is not None and _continues(found[-1], self.said_at[-1], new, at):
            # "I'll write up the criteria. I'll circulate them by tomorrow." / "... Let me take that
            # away and come back to you by Thursday.": the date of the step just promised.
            old = found[-1]
            evidence = (*old.evidence, *new.evidence)[-3:]
            self.replace(
                len(found) - 1,
                old.model_copy(update={"due_text": new.due_text, "evidence": evidence}),
                at,
            )
            return
        if lx.PRONOUN_OBJECT.match(new.action):
            verb = new.action.split()[0].lower()
            for i in reversed(range(len(found))):
                old = found[i]
                if old.owner == new.owner and old.action.lower().startswith(verb):
                    due = new.due_text or old.due_text
                    evidence = (*old.evidence, *new.evidence)[-3:]
                    self.replace(
                        i, old.model_copy(update={"due_text": due, "evidence": evidence}), at
                    )
                    return
        for i, old in enumerate(found):
            same_owner = old.owner == new.owner and old.owner_role == new.owner_role
            if same_owner and _same_action(old.action, new.action):
                if new.due_text is None and old.due_text is not None:
                    new = new.model_copy(update={"due_text": old.due_text})
                evidence = (*old.evidence, *new.evidence)[-3:]
                self.replace(i, new.model_copy(update={"evidence": evidence}), at)
                return
        self.append(new, at)


def _continues(old: Commitment, old_at: int, new: Commitment, at: int) -> bool:
    """`new` only dates `old`, the same person's step said in the sentence just before: by
    them, or by someone who handed it to them ("I'll have Arjun write up the criteria." "I'll
    circulate them by end of day tomorrow.")."""
    pointing = lx.POINTS_BACK_FAR.match(new.action) or lx.COME_BACK.match(new.action)
    return bool(pointing) and old.owner == new.owner and old.due_text is None and old_at == at - 1


def _same_action(a: str, b: str) -> bool:
    # token_set_ratio alone calls "Send pricing" the same as any longer action containing it.
    a, b = a.lower(), b.lower()
    return fuzz.token_set_ratio(a, b) >= _SIMILAR_ACTION and fuzz.token_sort_ratio(a, b) >= 60
