"""Do and Review as named actions: transactional, validated, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.plans.models import Plan
from sensupport.plans.services import PlanError, plan_new_version
from sensupport.pupils import codes
from sensupport.pupils import services as register

from .models import EarlyReviewRequest, Evidence, OutcomeProgress, PlanReadReceipt, ProvisionEvaluation, Review

EARLY_REVIEW_ANSWER_DAYS = settings.EARLY_REVIEW_ANSWER_DAYS


@transaction.atomic
def plan_mark_read(*, plan: Plan, user, via: str = AuditEvent.Via.WEB) -> PlanReadReceipt:
    if plan.status == Plan.Status.DRAFT:
        raise PlanError("Drafts are not shared with staff yet.")
    receipt, created = PlanReadReceipt.objects.get_or_create(plan=plan, user=user)
    if created:
        audit_record(
            actor=user,
            action=AuditEvent.Action.UPDATE,
            pupil=plan.pupil,
            target=AuditEvent.Target.PLAN_READ_RECEIPT,
            target_id=plan.pk,
            summary=f"Read plan version {plan.version}",
            via=via,
        )
    return receipt


@transaction.atomic
def evidence_add(
    *,
    plan: Plan,
    actor,
    kind: str,
    observed_on: dt.date,
    text: str,
    provision=None,
    outcome=None,
    via: str = AuditEvent.Via.WEB,
) -> Evidence:
    if plan.status == Plan.Status.DRAFT:
        raise PlanError("Evidence is logged against a plan that is running, not a draft.")
    if not text.strip():
        raise PlanError("Write what you saw or did.", field="text")
    if observed_on > timezone.localdate():
        raise PlanError("The date cannot be in the future.", field="observed_on")
    if provision is not None and provision.plan_id != plan.pk:
        raise PlanError("That support is not part of this plan.", field="provision")
    if outcome is not None and outcome.plan_id != plan.pk:
        raise PlanError("That outcome is not part of this plan.", field="outcome")
    evidence = Evidence.objects.create(
        plan=plan,
        kind=kind,
        observed_on=observed_on,
        text=text.strip(),
        provision=provision,
        outcome=outcome,
        author=actor,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=plan.pupil,
        target=AuditEvent.Target.PLAN_EVIDENCE,
        target_id=evidence.pk,
        summary=text[:200],
        via=via,
    )
    return evidence


@dataclass(frozen=True)
class OutcomeJudgement:
    outcome_id: int
    progress: str
    evidence: str = ""


@dataclass(frozen=True)
class ProvisionJudgement:
    provision_id: int
    delivered: str
    helped: str
    comment: str = ""


@transaction.atomic
def review_record(
    *,
    plan: Plan,
    actor,
    held_on: dt.date,
    attendees: str,
    parent_present: bool,
    pupil_views: str,
    parent_views: str,
    decision: str,
    summary: str,
    outcomes: Sequence[OutcomeJudgement],
    provisions: Sequence[ProvisionJudgement],
    via: str = AuditEvent.Via.WEB,
) -> Review:
    """Close the cycle: record the meeting and judgements, then open the next plan version
    pre-filled from this one (unless SEN Support ends). The family's preparation for the meeting
    (see `review_parent_views`) becomes part of the review's record, in the same transaction."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (Plan.Status.AGREED, Plan.Status.ACTIVE):
        raise PlanError("Only the plan that is in force can be reviewed.")
    if held_on > timezone.localdate():
        raise PlanError("Record the review after the meeting: the date cannot be in the future.", field="held_on")
    if decision not in Review.Decision.values:
        raise PlanError("Choose what happens next.", field="decision")
    if not summary.strip():
        raise PlanError("Write what was said and agreed.", field="summary")
    outcome_ids = set(plan.outcomes.values_list("pk", flat=True))
    provision_ids = set(plan.provisions.values_list("pk", flat=True))
    judged_outcomes = {j.outcome_id for j in outcomes}
    judged_provisions = {j.provision_id for j in provisions}
    if judged_outcomes != outcome_ids:
        raise PlanError("Record progress for every outcome in the plan.", field="outcomes")
    if judged_provisions != provision_ids:
        raise PlanError(
            "Say for every piece of support whether it was delivered and whether it helped.", field="provisions"
        )
    if decision == Review.Decision.END_SUPPORT and not parent_present:
        raise PlanError(
            "SEN Support ends only after talking with the parents: hold the review with them, or record a "
            "conversation with them first.",
            field="decision",
        )
    review = Review.objects.create(
        plan=plan,
        held_on=held_on,
        attendees=attendees,
        parent_present=parent_present,
        pupil_views=pupil_views,
        parent_views=parent_views,
        decision=decision,
        summary=summary.strip(),
        recorded_by=actor,
    )
    OutcomeProgress.objects.bulk_create(
        [
            OutcomeProgress(review=review, outcome_id=j.outcome_id, progress=j.progress, evidence=j.evidence)
            for j in outcomes
        ]
    )
    ProvisionEvaluation.objects.bulk_create(
        [
            ProvisionEvaluation(
                review=review, provision_id=j.provision_id, delivered=j.delivered, helped=j.helped, comment=j.comment
            )
            for j in provisions
        ]
    )
    plan.status = Plan.Status.REVIEWED
    plan.save(update_fields=["status"])
    pupil = plan.pupil
    if parent_present:
        register.parent_conversation_record(
            pupil=pupil,
            actor=actor,
            held_on=held_on,
            method="meeting",
            purpose="end_support" if decision == Review.Decision.END_SUPPORT else "other",
            parents_present=attendees[:200],
            summary=f"Plan review (version {plan.version}): {summary.strip()}",
            parent_views=parent_views,
            with_summary=False,  # the review's own summary below is the family's record of this meeting
            via=via,
        )
    from sensupport.family.summaries import meeting_summary_for_review

    meeting_summary_for_review(review, actor=actor, via=via)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.PLAN_REVIEW,
        target_id=review.pk,
        summary=f"Version {plan.version} reviewed: {review.get_decision_display()}",
        via=via,
    )
    if decision == Review.Decision.END_SUPPORT:
        if pupil.sen_status == codes.STATUS_SUPPORT:
            register.pupil_status_change(
                pupil=pupil,
                status=codes.STATUS_NONE,
                start_date=held_on,
                actor=actor,
                reason=f"Plan review: {summary.strip()[:200]}",
                via=via,
            )
    else:
        draft = plan_new_version(plan=plan, actor=actor, note=f"after the review on {held_on:%d/%m/%Y}", via=via)
        draft.pupil_views = pupil_views or plan.pupil_views
        draft.parent_views = parent_views or plan.parent_views
        draft.save(update_fields=["pupil_views", "parent_views"])
    # Function-level imports, a deliberate exception (docs/architecture.md): the family's own
    # preparation is part of the meeting's record, whoever records it.
    from sensupport.family.services import meeting_prep_for_review, meeting_prep_mark_used

    meeting_prep_mark_used(prep=meeting_prep_for_review(pupil), review=review, actor=actor, via=via)
    return review


def review_parent_views(plan: Plan) -> str:
    """What the review form starts with as the parents' views: the family's preparation for the
    meeting in their own words (each family member's, labelled), else the plan's. `review_record`
    marks that preparation used."""
    from sensupport.family.services import meeting_prep_for_review, meeting_prep_parent_views

    prep = meeting_prep_for_review(plan.pupil)
    return meeting_prep_parent_views(prep) if prep else plan.parent_views


@transaction.atomic
def early_review_request(*, pupil, actor, reason: str, via: str = AuditEvent.Via.WEB) -> EarlyReviewRequest:
    if not reason.strip():
        raise PlanError("Say why an early review is needed.", field="reason")
    plan = pupil.plans.filter(status__in=[Plan.Status.AGREED, Plan.Status.ACTIVE]).first()
    request = EarlyReviewRequest.objects.create(
        pupil=pupil,
        plan=plan,
        requested_by=actor,
        reason=reason.strip(),
        answer_due=timezone.localdate() + dt.timedelta(days=EARLY_REVIEW_ANSWER_DAYS),
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.EARLY_REVIEW_REQUEST,
        target_id=request.pk,
        summary=reason[:200],
        via=via,
    )
    return request


def _answer_checks(answer: str) -> None:
    if not answer.strip():
        raise PlanError("Write your answer to the family.", field="answer")


class AlreadyAnswered(PlanError):
    """Someone else answered this request first: nothing of this answer was saved."""


@transaction.atomic
def early_review_answer(
    *, request: EarlyReviewRequest, actor, answer: str, meeting_on: dt.date | None = None, via: str = AuditEvent.Via.WEB
) -> EarlyReviewRequest:
    """Answer the family once. Two people answering at once: the first answer stands and the
    second is refused with the first one's words, never written over them."""
    _answer_checks(answer)
    answered_at = timezone.now()
    first = EarlyReviewRequest.objects.filter(pk=request.pk, answered_at__isnull=True).update(
        answer=answer.strip(),
        answered_by=actor,
        answered_at=answered_at,
        meeting_on=meeting_on,
    )
    request.refresh_from_db()
    if not first:
        who = request.answered_by.display_name if request.answered_by else "Someone else"
        raise AlreadyAnswered(
            f"{who} answered this request on {timezone.localtime(request.answered_at):%-d %B %Y at %H:%M}, so your "
            "answer has not been sent. "
            "Their answer is shown below and yours is still in the form: if you want to add to it, send the family a "
            "message."
        )
    if (
        meeting_on
        and request.plan_id
        and request.plan.is_current
        and (request.plan.review_date is None or meeting_on < request.plan.review_date)
    ):
        # Moving the review date is scheduling, not a change to what was agreed.
        Plan.objects.filter(pk=request.plan_id).update(review_date=meeting_on)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=request.pupil,
        target=AuditEvent.Target.EARLY_REVIEW_REQUEST,
        target_id=request.pk,
        summary=answer[:200],
        via=via,
    )
    return request
