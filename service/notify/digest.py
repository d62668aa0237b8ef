"""What a finished job means for the rep, read from the database: the call's suggestions grouped
the way a rep thinks of them (new steps, moved dates, steps done, people, risks), and the plan's
health if every change were accepted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.models import Finding, Plan, Severity, Suggestion, SuggestionKind
from pipeline.plan import Catalogue, PlanOptions, rederive
from pipeline.render import label, longdate
from service.db.models import Call, Deal, Job, SuggestionRow, User
from service.plans.working import pending, plan_options, plan_row, with_pending, working_plan


@dataclass(frozen=True)
class Links:
    """Addresses in emails, from `CALLPLAN_PUBLIC_URL`."""

    base: str

    def review(self, deal_id: int) -> str:
        # The review page (issue 10) serves this path; the API lists the same suggestions.
        return f"{self.base.rstrip('/')}/deals/{deal_id}/review"

    def suggestions_api(self, deal_id: int) -> str:
        return f"{self.base.rstrip('/')}/api/deals/{deal_id}/suggestions?status=pending"

    def retry_api(self, job_id: int) -> str:
        return f"{self.base.rstrip('/')}/api/jobs/{job_id}/retry"


@dataclass(frozen=True)
class About:
    """The rep, the deal and the call an email is about."""

    org_id: int
    rep_name: str
    rep_email: str
    deal_id: int
    deal_name: str
    buyer_company: str
    call_id: int
    call_name: str
    call_date: dt.date
    job_id: int


@dataclass(frozen=True)
class Moved:
    title: str
    before: dt.date | None
    after: dt.date | None
    days: int | None  # positive: a slip
    said: str | None


@dataclass(frozen=True)
class CallDigest:
    about: About
    review_url: str
    api_url: str
    changes: int
    new_steps: list[str] = field(default_factory=list)
    template_steps: list[str] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    reassigned: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class JobFailure:
    about: About
    stage: str
    error: str
    attempts: int
    retry_url: str
    review_url: str


def about(session: Session, job_id: int) -> tuple[About, Job]:
    job = session.get_one(Job, job_id)
    call = session.get_one(Call, job.call_id)
    deal = session.get_one(Deal, call.deal_id)
    rep = session.get_one(User, deal.owner_id)
    return (
        About(
            org_id=deal.org_id,
            rep_name=rep.name,
            rep_email=rep.email,
            deal_id=deal.id,
            deal_name=deal.name,
            buyer_company=deal.buyer_company,
            call_id=call.id,
            call_name=call.filename,
            call_date=call.call_date,
            job_id=job.id,
        ),
        job,
    )


def job_failure(session: Session, job_id: int, links: Links) -> JobFailure:
    subject, job = about(session, job_id)
    return JobFailure(
        about=subject,
        stage=job.stage,
        error=job.error or "no reason was recorded",
        attempts=job.attempts,
        retry_url=links.retry_api(job_id),
        review_url=links.review(subject.deal_id),
    )


def call_digest(session: Session, job_id: int, catalogue: Catalogue, links: Links) -> CallDigest:
    subject, _ = about(session, job_id)
    rows = session.scalars(
        select(SuggestionRow)
        .where(SuggestionRow.call_id == subject.call_id, SuggestionRow.status == "pending")
        .order_by(SuggestionRow.ordinal)
    ).all()
    suggestions = [Suggestion.model_validate(r.body) for r in rows]
    deal = session.get_one(Deal, subject.deal_id)
    working = working_plan(plan_row(session, deal.id))
    drafted = with_pending(working, pending(session, deal.id))
    digest = CallDigest(
        about=subject,
        review_url=links.review(deal.id),
        api_url=links.suggestions_api(deal.id),
        changes=len(suggestions),
        findings=_findings(drafted, plan_options(deal, catalogue)) if drafted else [],
    )
    for s in suggestions:
        _file(digest, s, drafted)
    return digest


def _file(digest: CallDigest, s: Suggestion, plan: Plan | None) -> None:
    """Put one suggestion under the heading a rep looks for."""
    kind, p = s.kind, s.proposed
    if kind == SuggestionKind.ADD_MILESTONE:
        if s.call is None:
            digest.template_steps.append(str(p.get("title")))
        else:
            digest.new_steps.append(_new_step(p))
    elif kind == SuggestionKind.CHANGE_DATE:
        digest.moved.append(_moved(s, plan))
    elif kind == SuggestionKind.MARK_DONE:
        digest.done.append(s.summary.removeprefix("Mark "))
    elif kind == SuggestionKind.REASSIGN:
        digest.reassigned.append(s.summary.removeprefix("Reassign "))
    elif kind in (SuggestionKind.ADD_STAKEHOLDER, SuggestionKind.UPDATE_STAKEHOLDER):
        digest.people.append(s.summary.removeprefix("Add "))
    elif kind == SuggestionKind.RAISE_RISK:
        digest.risks.append(f"{label(str(p.get('kind', 'other')))}: {p.get('description', '')}")
    elif kind == SuggestionKind.SET_OBJECTIVE:
        digest.goals.append(f"Objective: {p.get('statement', '')}")
    else:
        digest.goals.append(s.summary)


def _new_step(p: dict[str, object]) -> str:
    """`Security questionnaire sent: Daniel Brooks (seller), due Fri 20 Nov 2026 ("by Friday")`"""
    owner = p.get("owner") or f"{p.get('owner_role') or 'someone'} (no name yet)"
    due = _date(p.get("due_date"))
    said = f' ("{p["due_text"]}")' if p.get("due_text") else ""
    when = f"due {longdate(due)}{said}" if due else f"no date yet{said}"
    return f"{p.get('title')}: {owner} ({p.get('owner_side', 'unknown')}), {when}"


def _moved(s: Suggestion, plan: Plan | None) -> Moved:
    step = plan.milestone(s.milestone_id) if plan and s.milestone_id else None
    before, after = _date(s.previous.get("due_date")), _date(s.proposed.get("due_date"))
    days = s.proposed.get("days")
    return Moved(
        title=step.title if step else s.summary,
        before=before,
        after=after,
        days=int(days) if isinstance(days, int) else None,
        said=s.proposed.get("due_text"),
    )


def _findings(plan: Plan, options: PlanOptions) -> list[Finding]:
    derived = rederive(plan, options)
    worst = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
    kept = [f for f in derived.findings if f.severity != Severity.INFO]
    return sorted(kept, key=lambda f: worst[f.severity])


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None
