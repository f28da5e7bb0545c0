"""The written summary a family receives after every meeting, in the portal and by email.

Called by the services that record meetings (pupils.services.parent_conversation_record,
reviews.services.review_record), inside their transaction; the email goes out through the task
queue once the transaction commits."""

from __future__ import annotations

from django.db import transaction

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record

from .models import MeetingSummary


def meeting_summary_for_conversation(conversation, *, actor, via: str = AuditEvent.Via.WEB) -> MeetingSummary:
    summary = MeetingSummary.objects.create(
        pupil=conversation.pupil,
        held_on=conversation.held_on,
        title=f"{conversation.get_method_display()}: {conversation.get_purpose_display()}",
        what_was_said=conversation.summary,
        agreed=conversation.parent_views and f"Your views: {conversation.parent_views}" or "",
        actions="",
        conversation=conversation,
    )
    _after(summary, actor, via=via)
    return summary


def meeting_summary_for_review(review, *, actor, via: str = AuditEvent.Via.WEB) -> MeetingSummary:
    plan = review.plan
    progress = "; ".join(
        f"{p.outcome.description}: {p.get_progress_display().lower()}"
        for p in review.outcome_progress.select_related("outcome")
    )
    summary = MeetingSummary.objects.create(
        pupil=plan.pupil,
        held_on=review.held_on,
        title=f"Review of the support plan (version {plan.version})",
        what_was_said=f"Who came: {review.attendees}.\n{('Progress: ' + progress + '.') if progress else ''}",
        agreed=f"Decision: {review.get_decision_display()}.",
        actions=review.summary,
        review=review,
    )
    _after(summary, actor, via=via)
    return summary


def _after(summary: MeetingSummary, actor, *, via: str) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=summary.pupil,
        target=AuditEvent.Target.MEETING_SUMMARY,
        target_id=summary.pk,
        summary=summary.title,
        via=via,
    )
    from .tasks import send_meeting_summary

    transaction.on_commit(lambda: send_meeting_summary.enqueue(summary.pk))
