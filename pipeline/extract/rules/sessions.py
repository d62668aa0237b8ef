"""Sessions agreed on the call: "Let's do a refresher for them. How about Tuesday the 8th?" +
"Tuesday the 8th works." is a step of the one who proposed the session (run the refresher), on
the day agreed; a session the buyer asks for ("What I do want is a proper session with my review
team") is the step of the seller who answers. A meeting or a call is only a key date; a training,
demo or workshop is work someone delivers."""

from __future__ import annotations

import re

from pipeline.extract.rules import clauses, view
from pipeline.extract.rules.sentences import Sentence
from pipeline.extract.rules.view import CallView
from pipeline.models import Commitment, CommitmentStatus, Side

# How many sentences before the agreement the session may have been proposed.
_REACH = 8
_DET = r"(?:the|a|an|our|a proper|a quick|a short)"
_SESSION = re.compile(
    rf"\b(?P<np>(?:{_DET}\s+)?(?:(?!(?:{_DET}|do|have|book|build|let's|lets|then|so|and|on|in|at|"
    r"for|about|with|to|of)\b)"
    r"[\w'-]+\s+){0,2}?(?:training|demo|workshop|walk-?through|refresher|session|webinar|"
    r"site visit|deep[- ]dive|test print|dry run)\b"
    r"(?:\s+(?:for|with)\s+[^,.;?!]{3,40}?(?=[,.;?!]|$))?)",
    re.IGNORECASE,
)
# What may come before a session to be held: the start of a clause ("Then admin training"),
# or a verb of holding it ("let's do a refresher", "book admin training").
_HELD = re.compile(
    r"(?:^|[,.;:!?]|\b(?:then|so|and|next step|do|hold|run|book|schedule|have|set up|plan|"
    r"(?:want|need|like)(?: is)?))\s*$",
    re.IGNORECASE,
)
# The one who will run it, said with the agreement: "The 28th works. Rafael will run it."
_RUNS_IT = re.compile(r"^(?P<name>[A-Z][a-z]+)(?: will|'ll|’ll) (?:run|lead|do|take) (?:it|that)\b")
# "The 10th works." / "Wednesday the 7th, done." / "Thursday the 25th, yeah, that works for me."
# / "That's the second? Yeah, that works." / "First Monday of Feb. Ja, fine."
_AGREED = re.compile(
    r"^(?:[^.;?]{0,40}?[\s,]|[^?]{0,30}\?\s+)?(?:(?:yes|yeah|ja|aye),?\s+)?(?:that\s+)?"
    r"(?:works|is fine|'s fine|fine|it is|suits (?:me|us)|done|perfect|grand|is okay|is ok|"
    r"is good)\b",
    re.IGNORECASE,
)
# A session the buyer holds themselves.
_OWN = re.compile(r"\b(?:our own|we run|we hold|we host)\b", re.IGNORECASE)
# Not a session to come: already past.
_PAST = re.compile(r"\b(?:last|yesterday|already|had|did|was|were|ago)\b", re.IGNORECASE)


def agreed_session(sentence: Sentence, call: CallView) -> Commitment | None:
    """The session proposed in the sentences just before `sentence`, if `sentence` agrees to
    a date for it, as a step of its proposer."""
    earlier = call.sentences[max(0, sentence.index - _REACH) : sentence.index]
    # Dates to come that the others said; the agreement must answer one of them asked.
    dated = [
        s
        for s in earlier
        if s.speaker != sentence.speaker and any(d.resolved for d in s.future_dates(call.call_date))
    ]
    asked = [s for s in dated if s.asks]
    if not asked or len(sentence.text.split()) > 12 or not _AGREED.match(sentence.text):
        return None
    between = call.sentences[asked[-1].index + 1 : sentence.index]
    if len(sentence.text.split()) <= 2 and any(s.speaker != sentence.speaker for s in between):
        return None  # "Perfect." after a recap agrees to the recap, not to a date asked earlier
    dates = [d for d in sentence.future_dates(call.call_date) if d.resolved]
    if dates and dates[0].start > 4:
        return None
    # "How about the 3rd?" "Yeah, that works.": the last date the others said is agreed to
    said = sentence if dates else dated[-1]
    for at, proposal in reversed(list(enumerate(earlier))):
        if _AGREED.match(proposal.text):
            return None  # what came before was agreed already
        session = _session(proposal)
        if session is None:
            continue
        if _PAST.search(proposal.text) or session.lower().startswith("your "):
            return None  # "your training": done by the other side
        runner = _runner(sentence, call) or _host(proposal, [*earlier[at + 1 :], sentence])
        if runner is None:
            return None
        owner, side = runner
        return Commitment(
            action=f"Run {session[:1].lower()}{session[1:]}"[:160],
            owner=owner,
            owner_side=side,
            due_text=clauses.due(said, 0, call.call_date),
            status=CommitmentStatus.COMMITTED,
            evidence=tuple(
                dict.fromkeys((proposal.evidence(), said.evidence(), sentence.evidence()))
            ),
        )
    return None


def _session(proposal: Sentence) -> str | None:
    """The session a sentence names as a thing to hold (the last one), not as the object of
    another verb ("I'll build the demo on your yard"); its words end before a date in it."""
    held = [m for m in _SESSION.finditer(proposal.text) if _HELD.search(proposal.text[: m.start()])]
    if not held:
        return None
    said = held[-1]
    end = min([d.start for d in proposal.dates if d.start > said.start()] + [said.end()])
    words = proposal.text[said.start() : end].strip()
    return re.sub(r"\s+(?:at|on|by|in|for|before|after|around|the)$", "", words, flags=re.I)


def _host(proposal: Sentence, after: list[Sentence]) -> tuple[str, Side] | None:
    """Who holds a session: the seller who proposed it, or, asked for by the buyer ("What I do
    want is a proper session with my review team"), the first seller to answer."""
    if proposal.side != Side.BUYER:
        return proposal.speaker, proposal.side
    if _OWN.search(proposal.text):
        return None  # "We run our own training for the planners."
    host = next((s for s in after if s.side == Side.SELLER), None)
    return (host.speaker, host.side) if host is not None else None


def _runner(agreement: Sentence, call: CallView) -> tuple[str, Side] | None:
    """Who will run it, when the agreement's next words say so."""
    after = call.sentences[agreement.index + 1 : agreement.index + 2]
    for s in after:
        if s.segment == agreement.segment and (m := _RUNS_IT.match(s.text)):
            return view.known_person(m["name"], call)
    return None
