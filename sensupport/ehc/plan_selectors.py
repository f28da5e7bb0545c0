"""Reads of EHC plans and their annual reviews, each starting from Pupil.objects.visible_to(user).

`plan_rows` is the school-wide page, the home panel and the reminders' one read: every open plan in
scope with its next review's due date and state, the open review's overdue steps and any phase
transfer this school year. A fixed number of queries however many plans (the plans, their versions,
their reviews).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet

from sensupport.core.prepared import PreparedQuery
from sensupport.pupils import codes
from sensupport.pupils.models import Pupil

from . import plan_rules
from .models import AnnualReview, EhcPlan, EhcPlanVersion


@dataclass
class PlanRow:
    plan: EhcPlan
    pupil: Pupil
    final: EhcPlanVersion | None  # the plan in force
    draft: EhcPlanVersion | None
    first_issued_on: dt.date | None
    last_meeting_on: dt.date | None
    due: dt.date | None  # the next annual review
    state: str  # "overdue", "due soon" or ""
    open_review: AnnualReview | None
    steps: list = field(default_factory=list)  # the open review's steps (plan_rules.Step)
    transfer: plan_rules.PhaseTransfer | None = None
    transfer_state: str = ""

    @property
    def overdue_steps(self) -> list:
        return plan_rules.overdue_steps(self.steps)

    @property
    def needs_attention(self) -> bool:
        return bool(self.state or self.overdue_steps or self.transfer_state in ("overdue", "due soon"))


def plans_in_scope(user) -> QuerySet:
    return (
        EhcPlan.objects.filter(pupil__in=Pupil.objects.visible_to(user).values("pk"), ceased_on__isnull=True)
        .select_related("pupil__school", "local_authority")
        .prefetch_related(
            Prefetch("versions", queryset=EhcPlanVersion.objects.order_by("number")),
            Prefetch("annual_reviews", queryset=AnnualReview.objects.order_by("meeting_on", "pk")),
        )
    )


def review_steps(review: AnnualReview, versions, *, today: dt.date) -> list:
    amended = None
    if review.decision == AnnualReview.Recommendation.AMEND and review.held_on:
        issued = [v.issued_on for v in versions if v.issued_on and v.issued_on >= review.held_on and v.number > 1]
        amended = min(issued) if issued else None
    return plan_rules.review_steps(
        meeting_on=review.meeting_on,
        invitations_sent_on=review.invitations_sent_on,
        held_on=review.held_on,
        report_sent_on=review.report_sent_on,
        decided_on=review.decided_on,
        decision=review.decision,
        amended_final_on=amended,
        today=today,
    )


def plan_row(plan: EhcPlan, *, today: dt.date) -> PlanRow:
    """One plan's facts (its versions and reviews prefetched or not)."""
    versions = list(plan.versions.all())
    reviews = list(plan.annual_reviews.all())
    finals = [v for v in versions if v.status == EhcPlanVersion.Status.FINAL]
    draft = next((v for v in versions if v.status == EhcPlanVersion.Status.DRAFT), None)
    first = min((v.issued_on for v in finals), default=None)
    held = [r.held_on for r in reviews if r.held_on]
    last_meeting = max(held, default=None)
    due = plan_rules.next_review_due(first, last_meeting) if first else None
    open_review = next((r for r in reviews if r.decided_on is None), None)
    # A review whose meeting is held is done for the due date's purposes; its later steps are its own.
    state = plan_rules.review_state(due, today=today) if due else ""
    transfer = plan_rules.phase_transfer(plan.pupil.year_group, on=today)
    latest_issue = max((v.issued_on for v in finals), default=None)
    return PlanRow(
        plan=plan,
        pupil=plan.pupil,
        final=finals[-1] if finals else None,
        draft=draft,
        first_issued_on=first,
        last_meeting_on=last_meeting,
        due=due,
        state=state,
        open_review=open_review,
        steps=review_steps(open_review, versions, today=today) if open_review else [],
        transfer=transfer,
        transfer_state=plan_rules.phase_transfer_state(transfer, amended_on=latest_issue, today=today)
        if transfer
        else "",
    )


def plan_rows(user, *, today: dt.date) -> list[PlanRow]:
    """Every open EHC plan in the user's scope, those needing attention first (most overdue first)."""
    rows = [plan_row(plan, today=today) for plan in plans_in_scope(user)]
    order = {"overdue": 0, "due soon": 1, "": 2}
    return sorted(
        rows,
        key=lambda r: (order[r.state], r.due or dt.date.max, r.pupil.surname, r.pupil.forename, r.pupil.pk),
    )


@dataclass(frozen=True)
class SchoolSummary:
    rows: list
    with_plan: int
    ehc_without_plan: int  # pupils recorded E with no plan record here (issued elsewhere: the summary)
    overdue: list
    due_soon: list
    steps_overdue: list
    transfers: list  # phase transfers this school year not yet done


def school_summary(user, *, today: dt.date) -> SchoolSummary:
    rows = plan_rows(user, today=today)
    with_plan = {r.pupil.pk for r in rows}
    ehc = Pupil.objects.visible_to(user).filter(sen_status=codes.STATUS_EHC).exclude(pk__in=with_plan).count()
    return SchoolSummary(
        rows=rows,
        with_plan=len(rows),
        ehc_without_plan=ehc,
        overdue=[r for r in rows if r.state == "overdue"],
        due_soon=[r for r in rows if r.state == "due soon"],
        steps_overdue=[r for r in rows if r.overdue_steps],
        transfers=[r for r in rows if r.transfer and r.transfer_state != "done"],
    )


_PUPIL_PLAN = PreparedQuery(  # compiled once (core/prepared.py): every pupil page reads it
    lambda pupil_id: (
        EhcPlan.objects.filter(pupil_id=pupil_id)
        .select_related("local_authority")
        .order_by(F("ceased_on").desc(nulls_first=True), "-pk")[:1]
    )  # the open plan first, then the latest ceased
)


def pupil_plan(pupil) -> EhcPlan | None:
    """The pupil's open plan (or, when the last one ceased, the most recent), for the pupil's pages."""
    found = _PUPIL_PLAN(pupil.pk)
    plan = found[0] if found else None
    if plan is not None:
        plan.pupil = pupil  # the caller's, already read
    return plan


def awaiting_decision(user, *, today: dt.date) -> list[PlanRow]:
    """The LA officer's: open reviews of their LA's plans whose school report is in, waiting for the
    LA's decision, most urgent first."""
    rows = [
        plan_row(plan, today=today)
        for plan in plans_in_scope(user).filter(
            local_authority_id=user.local_authority_id,
            annual_reviews__decided_on__isnull=True,
            annual_reviews__report_sent_on__isnull=False,
        )
    ]
    rows = [r for r in rows if r.open_review and r.open_review.report_sent_on]
    return sorted(rows, key=lambda r: (r.open_review.held_on, r.pupil.surname, r.pupil.pk))
