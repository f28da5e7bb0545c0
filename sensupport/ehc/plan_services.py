"""Every write to an EHC plan and its annual reviews: keyword-only, transactional, audited, with `via`.

The LA drafts, issues and amends the plan and decides each review; the school arranges the review
(invitations, meeting, report). Issuing a final plan makes the pupil's SEN status EHC plan (E) from
the plan's date through the pupils app's writer (census rules hold), and the school's EHC plan
summary follows the plan (pupils.services.ehc_summary_follow_plan; docs/adr/0018).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError
from sensupport.organisations.models import LocalAuthority
from sensupport.pupils import codes
from sensupport.pupils import services as register

from . import plan_rules
from .models import PLAN_SECTIONS, AnnualReview, EhcPlan, EhcPlanVersion
from .plan_permissions import responsible_la_id

SECTION_FIELDS = tuple(name for name, _letter, _heading in PLAN_SECTIONS)
STALE = (
    "Someone else changed this while you were working on it. Your change has not been saved: reload "
    "the page to see their change, then try again."
)


class EhcPlanError(ServiceError):
    """A change to an EHC plan or its annual review that the rules refuse."""


def _require(actor, perm: str, row, message: str) -> None:
    if not actor.has_perm(perm, row):
        raise EhcPlanError(message)


def _today() -> dt.date:
    return timezone.localdate()


def _check_date(day: dt.date, *, field: str, what: str, not_before=None, before_what: str = "") -> None:
    problem = plan_rules.date_problem(day, today=_today(), what=what, not_before=not_before, before_what=before_what)
    if problem:
        raise EhcPlanError(problem + ".", field=field)


def _sections(values: dict) -> dict:
    unknown = set(values) - set(SECTION_FIELDS)
    if unknown:
        raise ValueError(f"Not EHC plan sections: {', '.join(sorted(unknown))}")
    return {name: (values.get(name) or "").strip() for name in SECTION_FIELDS if name in values}


# ---------------------------------------------------------------- reads the services share


def open_plan(pupil) -> EhcPlan | None:
    """The pupil's plan in force (or being drafted): the one not ceased."""
    return EhcPlan.objects.filter(pupil=pupil, ceased_on__isnull=True).select_related("local_authority").first()


def first_issued_on(plan: EhcPlan) -> dt.date | None:
    first = plan.versions.filter(status=EhcPlanVersion.Status.FINAL).order_by("number").first()
    return first.issued_on if first else None


def latest_final(plan: EhcPlan) -> EhcPlanVersion | None:
    return plan.versions.filter(status=EhcPlanVersion.Status.FINAL).order_by("-number").first()


def draft_of(plan: EhcPlan) -> EhcPlanVersion | None:
    return plan.versions.filter(status=EhcPlanVersion.Status.DRAFT).first()


def last_meeting_on(plan: EhcPlan) -> dt.date | None:
    review = plan.annual_reviews.filter(held_on__isnull=False).order_by("-held_on").first()
    return review.held_on if review else None


def next_review_due(plan: EhcPlan) -> dt.date | None:
    issued = first_issued_on(plan)
    return plan_rules.next_review_due(issued, last_meeting_on(plan)) if issued else None


def _follow(plan: EhcPlan, *, actor, via: str) -> None:
    """The school's EHC plan summary follows the plan (ADR 0018)."""
    final = latest_final(plan)
    if final is None:
        return
    register.ehc_summary_follow_plan(
        actor=actor,
        pupil=plan.pupil,
        issuing_local_authority=plan.local_authority,
        issued_on=first_issued_on(plan),
        last_reviewed_on=last_meeting_on(plan),
        outcomes=final.outcomes,
        provision=final.provision,
        via=via,
    )


def _audit(actor, *, action, target, pupil, target_id, summary: str, via: str, changes=None) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target,
        pupil=pupil,
        target_id=target_id,
        summary=summary,
        changes=changes,
        via=via,
    )


# ---------------------------------------------------------------- the plan (the LA)


@transaction.atomic
def ehc_plan_start(*, actor, pupil, sections: dict, via: str = AuditEvent.Via.WEB) -> EhcPlanVersion:
    """Start a pupil's EHC plan: the plan and its first draft."""
    _require(actor, "ehc.write_plan", pupil, "Only an officer of the pupil's local authority can draft their EHC plan.")
    if open_plan(pupil) is not None:
        raise EhcPlanError(f"{pupil.display_name} already has an EHC plan: amend it instead of starting another.")
    values = _sections(sections)
    try:
        with transaction.atomic():
            plan = EhcPlan.objects.create(
                pupil=pupil, local_authority=LocalAuthority.objects.get(pk=responsible_la_id(pupil)), created_by=actor
            )
    except IntegrityError:
        raise EhcPlanError(STALE) from None  # someone started one at the same moment
    version = EhcPlanVersion.objects.create(plan=plan, number=1, drafted_by=actor, **values)
    _audit(
        actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.EHC_PLAN,
        pupil=pupil,
        target_id=plan.pk,
        summary="Draft EHC plan started",
        via=via,
    )
    return version


@transaction.atomic
def ehc_plan_amend(*, actor, plan: EhcPlan, reason: str, via: str = AuditEvent.Via.WEB) -> EhcPlanVersion:
    """A new draft version, copied from the final plan in force, to be amended and issued."""
    _require(actor, "ehc.write_plan", plan, "Only an officer of the plan's local authority can amend it.")
    plan = EhcPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.ceased_on is not None:
        raise EhcPlanError("This EHC plan has ceased: it cannot be amended.")
    if draft_of(plan) is not None:
        raise EhcPlanError("There is already a draft of this plan: change that one.")
    final = latest_final(plan)
    if final is None:
        raise EhcPlanError("The plan has no final version yet: change the draft.")
    reason = (reason or "").strip()
    if not reason:
        raise EhcPlanError("Say why the plan is being amended.", field="reason")
    copied = {name: getattr(final, name) for name in SECTION_FIELDS}
    version = EhcPlanVersion.objects.create(
        plan=plan, number=final.number + 1, drafted_by=actor, amendment_reason=reason, **copied
    )
    _audit(
        actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.EHC_PLAN,
        pupil=plan.pupil,
        target_id=plan.pk,
        summary=f"Amendment to the EHC plan drafted (version {version.number})",
        changes={"reason": reason},
        via=via,
    )
    return version


@transaction.atomic
def ehc_plan_draft_update(
    *,
    actor,
    version: EhcPlanVersion,
    sections: dict,
    expected_version: int | None = None,
    via: str = AuditEvent.Via.WEB,
) -> EhcPlanVersion:
    """Change a draft's sections. A final version never changes: amend the plan instead."""
    _require(actor, "ehc.write_plan", version, "Only an officer of the plan's local authority can change it.")
    version = EhcPlanVersion.objects.select_for_update().select_related("plan__pupil").get(pk=version.pk)
    if version.is_final:
        raise EhcPlanError("A final EHC plan cannot be changed: amend the plan to make a new version.")
    if expected_version is not None and version.edit_version != expected_version:
        raise EhcPlanError(STALE)
    values = _sections(sections)
    changes = {k: [getattr(version, k), v] for k, v in values.items() if getattr(version, k) != v}
    for name, value in values.items():
        setattr(version, name, value)
    version.edit_version += 1
    version.full_clean(exclude=["plan", "drafted_by", "issued_by"])
    version.save()
    _audit(
        actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.EHC_PLAN,
        pupil=version.plan.pupil,
        target_id=version.plan_id,
        summary=f"Draft EHC plan changed (version {version.number}): {', '.join(sorted(changes)) or 'no change'}",
        changes=dict.fromkeys(changes, "changed"),
        via=via,
    )
    return version


@transaction.atomic
def ehc_plan_issue(
    *, actor, version: EhcPlanVersion, issued_on: dt.date, via: str = AuditEvent.Via.WEB
) -> EhcPlanVersion:
    """Issue a draft as the final plan on `issued_on`. The first final plan makes the pupil's SEN
    status EHC plan (E) from that date, through the pupils app's status writer."""
    _require(actor, "ehc.write_plan", version, "Only an officer of the plan's local authority can issue it.")
    version = (
        EhcPlanVersion.objects.select_for_update()
        .select_related("plan__pupil", "plan__local_authority")
        .get(pk=version.pk)
    )
    plan, pupil = version.plan, version.plan.pupil
    if version.is_final:
        raise EhcPlanError(f"Version {version.number} was already issued on {version.issued_on:%-d %B %Y}.")
    if plan.ceased_on is not None:
        raise EhcPlanError("This EHC plan has ceased: it cannot be issued.")
    previous = latest_final(plan)
    _check_date(
        issued_on,
        field="issued_on",
        what="The issue date",
        not_before=previous.issued_on if previous else None,
        before_what=f"version {previous.number} was issued" if previous else "",
    )
    problems = plan_rules.final_problems({name: getattr(version, name) for name in SECTION_FIELDS})
    if problems:
        raise EhcPlanError("; ".join(problems) + ".")
    version.status, version.issued_on, version.issued_by = EhcPlanVersion.Status.FINAL, issued_on, actor
    version.edit_version += 1
    version.save()
    if pupil.sen_status != codes.STATUS_EHC:
        try:
            register.pupil_status_change(
                pupil=pupil,
                status=codes.STATUS_EHC,
                start_date=issued_on,
                actor=actor,
                reason=f"EHC plan issued by {plan.local_authority.name}",
                via=via,
            )
        except register.RegisterError as exc:
            raise EhcPlanError(
                f"{pupil.display_name}'s SEN status cannot become EHC plan (E): {exc.message} "
                "Their school records it on their page first."
            ) from None
    _audit(
        actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.EHC_PLAN,
        pupil=pupil,
        target_id=plan.pk,
        summary=f"Final EHC plan issued (version {version.number}) on {issued_on:%d/%m/%Y}",
        via=via,
    )
    _follow(plan, actor=actor, via=via)
    return version


# ---------------------------------------------------------------- annual reviews (the school, then the LA)


def _open_review(plan: EhcPlan) -> AnnualReview | None:
    return plan.annual_reviews.filter(decided_on__isnull=True).first()


def _locked(review: AnnualReview, expected_version: int | None) -> AnnualReview:
    review = (
        AnnualReview.objects.select_for_update()
        .select_related("plan__pupil", "plan__local_authority")
        .get(pk=review.pk)
    )
    if expected_version is not None and review.edit_version != expected_version:
        raise EhcPlanError(STALE)
    if review.decided_on is not None:
        raise EhcPlanError("The local authority has decided this review: it is closed.")
    review.edit_version += 1
    return review


def _review_audit(actor, review: AnnualReview, summary: str, via: str, changes=None, action=AuditEvent.Action.UPDATE):
    _audit(
        actor,
        action=action,
        target=AuditEvent.Target.EHC_ANNUAL_REVIEW,
        pupil=review.plan.pupil,
        target_id=review.pk,
        summary=summary,
        changes=changes,
        via=via,
    )


@transaction.atomic
def annual_review_schedule(
    *, actor, plan: EhcPlan, meeting_on: dt.date, phase_transfer: bool | None = None, via: str = AuditEvent.Via.WEB
) -> AnnualReview:
    """Fix the date of the plan's next annual review meeting. Its due date is the rule's (12 months
    after the plan's issue or the last meeting); a phase transfer is marked from the pupil's year
    group unless told."""
    _require(actor, "ehc.arrange_review", plan, "Only the SENCO or head teacher can arrange an annual review.")
    plan = EhcPlan.objects.select_for_update().select_related("pupil").get(pk=plan.pk)
    if plan.ceased_on is not None:
        raise EhcPlanError("This EHC plan has ceased: it has no more annual reviews.")
    due = next_review_due(plan)
    if due is None:
        raise EhcPlanError("The plan has not been issued yet: its first review is 12 months after it is.")
    if (current := _open_review(plan)) is not None:
        raise EhcPlanError(
            f"The review meeting on {current.meeting_on:%-d %B %Y} is still open: record it (or change its date) first."
        )
    if phase_transfer is None:
        phase_transfer = plan_rules.phase_transfer(plan.pupil.year_group, on=meeting_on) is not None
    review = AnnualReview.objects.create(
        plan=plan, due_on=due, meeting_on=meeting_on, phase_transfer=phase_transfer, scheduled_by=actor
    )
    late = " (after the date it is due)" if meeting_on > due else ""
    _review_audit(
        actor,
        review,
        f"Annual review meeting arranged for {meeting_on:%d/%m/%Y}{late}; due {due:%d/%m/%Y}",
        via,
        action=AuditEvent.Action.CREATE,
    )
    return review


@transaction.atomic
def annual_review_reschedule(
    *,
    actor,
    review: AnnualReview,
    meeting_on: dt.date,
    expected_version: int | None = None,
    via: str = AuditEvent.Via.WEB,
) -> AnnualReview:
    """Move the review meeting to another day, until it has been held."""
    _require(actor, "ehc.arrange_review", review, "Only the SENCO or head teacher can move the review meeting.")
    review = _locked(review, expected_version)
    if review.held_on is not None:
        raise EhcPlanError("The meeting has been held: change the date it was held on instead.", field="meeting_on")
    before, review.meeting_on = review.meeting_on, meeting_on
    review.save()
    late = " (invitations already sent: send the new date)" if review.invitations_sent_on else ""
    _review_audit(
        actor,
        review,
        f"Annual review meeting moved from {before:%d/%m/%Y} to {meeting_on:%d/%m/%Y}{late}",
        via,
        changes={"meeting_on": [before.isoformat(), meeting_on.isoformat()]},
    )
    return review


@transaction.atomic
def annual_review_invitations(
    *,
    actor,
    review: AnnualReview,
    sent_on: dt.date,
    invited: str,
    expected_version: int | None = None,
    via: str = AuditEvent.Via.WEB,
) -> AnnualReview:
    """Record the invitations sent (and the advice asked for). Sent later than two weeks before the
    meeting is recorded as it was, and shown as late."""
    _require(actor, "ehc.arrange_review", review, "Only the SENCO or head teacher can record the invitations.")
    review = _locked(review, expected_version)
    _check_date(sent_on, field="sent_on", what="The date the invitations were sent")
    invited = (invited or "").strip()
    if not invited:
        raise EhcPlanError(
            "Say who was invited (the family, the pupil, the LA, health and social care).", field="invited"
        )
    review.invitations_sent_on, review.invited = sent_on, invited
    review.save()
    late = (
        " (less than two weeks before the meeting)" if plan_rules.invitations_late(sent_on, review.meeting_on) else ""
    )
    _review_audit(actor, review, f"Annual review invitations sent on {sent_on:%d/%m/%Y}{late}", via)
    return review


@transaction.atomic
def annual_review_meeting(
    *,
    actor,
    review: AnnualReview,
    held_on: dt.date,
    attendees: str,
    expected_version: int | None = None,
    via: str = AuditEvent.Via.WEB,
) -> AnnualReview:
    """Record the review meeting held. The next review falls due 12 months from it."""
    _require(actor, "ehc.arrange_review", review, "Only the SENCO or head teacher can record the review meeting.")
    review = _locked(review, expected_version)
    _check_date(
        held_on,
        field="held_on",
        what="The date of the meeting",
        not_before=first_issued_on(review.plan),
        before_what="the plan was issued",
    )
    attendees = (attendees or "").strip()
    if not attendees:
        raise EhcPlanError("Say who came to the meeting.", field="attendees")
    review.held_on, review.attendees = held_on, attendees
    review.save()
    deadlines = plan_rules.clock.annual_review_deadlines(held_on)
    _review_audit(
        actor,
        review,
        f"Annual review meeting held on {held_on:%d/%m/%Y}; report due {deadlines['review_report']:%d/%m/%Y}",
        via,
    )
    _follow(review.plan, actor=actor, via=via)
    return review


@transaction.atomic
def annual_review_report(
    *,
    actor,
    review: AnnualReview,
    sent_on: dt.date,
    report: str,
    recommendation: str,
    family_views: str = "",
    pupil_views: str = "",
    expected_version: int | None = None,
    via: str = AuditEvent.Via.WEB,
) -> AnnualReview:
    """Record the school's report of the meeting, sent to the LA and everyone invited, with the
    family's and the pupil's views in their own words and what the meeting recommends."""
    _require(actor, "ehc.arrange_review", review, "Only the SENCO or head teacher can send the review's report.")
    review = _locked(review, expected_version)
    if review.held_on is None:
        raise EhcPlanError("Record the review meeting first: the report is of the meeting.")
    _check_date(
        sent_on,
        field="sent_on",
        what="The date the report was sent",
        not_before=review.held_on,
        before_what="the meeting",
    )
    report = (report or "").strip()
    if not report:
        raise EhcPlanError(
            "Write the report: progress towards the outcomes and what the meeting agreed.", field="report"
        )
    if recommendation not in AnnualReview.Recommendation.values:
        raise EhcPlanError("Choose what the meeting recommends: keep, amend or cease the plan.", field="recommendation")
    review.report_sent_on, review.report, review.recommendation = sent_on, report, recommendation
    review.family_views, review.pupil_views = (family_views or "").strip(), (pupil_views or "").strip()
    review.save()
    due = plan_rules.clock.annual_review_deadlines(review.held_on)["review_report"]
    late = " (late)" if sent_on > due else ""
    _review_audit(
        actor,
        review,
        f"Annual review report sent on {sent_on:%d/%m/%Y}{late}: {review.get_recommendation_display().lower()}",
        via,
    )
    return review


@transaction.atomic
def annual_review_decide(
    *,
    actor,
    review: AnnualReview,
    decision: str,
    decided_on: dt.date,
    reasons: str = "",
    expected_version: int | None = None,
    via: str = AuditEvent.Via.WEB,
) -> AnnualReview:
    """The LA's decision on the review: keep the plan as it is, amend it (a new draft version is
    started, to be final within 12 weeks of the meeting) or cease it (with reasons)."""
    _require(actor, "ehc.decide_review", review, "Only an officer of the plan's local authority can decide the review.")
    review = _locked(review, expected_version)
    if review.report_sent_on is None:
        raise EhcPlanError("The school's report of the meeting has not been sent yet: the decision follows it.")
    if decision not in AnnualReview.Recommendation.values:
        raise EhcPlanError("Choose the decision: keep, amend or cease the plan.", field="decision")
    _check_date(
        decided_on,
        field="decided_on",
        what="The date of the decision",
        not_before=review.held_on,
        before_what="the meeting",
    )
    reasons = (reasons or "").strip()
    if decision != AnnualReview.Recommendation.NO_CHANGE and not reasons:
        raise EhcPlanError("Give the reasons: the family is told them, with their right of appeal.", field="reasons")
    review.decision, review.decided_on, review.decision_reasons, review.decided_by = (
        decision,
        decided_on,
        reasons,
        actor,
    )
    review.save()
    plan = review.plan
    if decision == AnnualReview.Recommendation.AMEND and draft_of(plan) is None:
        ehc_plan_amend(
            actor=actor, plan=plan, reason=f"Annual review of {review.held_on:%-d %B %Y}: {reasons}", via=via
        )
    if decision == AnnualReview.Recommendation.CEASE:
        plan.ceased_on, plan.ceased_reason = decided_on, reasons
        plan.save(update_fields=["ceased_on", "ceased_reason"])
    due = plan_rules.clock.annual_review_deadlines(review.held_on)["la_decision"]
    late = " (late)" if decided_on > due else ""
    _review_audit(
        actor,
        review,
        f"Local authority decided on {decided_on:%d/%m/%Y}{late}: {review.get_decision_display().lower()}",
        via,
    )
    return review
