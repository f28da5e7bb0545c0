from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record

from .models import MeetingSummary
from .selectors import family_members


def family_recipients(pupil) -> list[str]:
    """Parents and carers with parental responsibility, and the young person themselves (16+)."""
    return sorted({member.user.email for member in family_members(pupil) if member.user.email})


@task()
def send_meeting_summary(summary_id: int) -> int:
    """Email the family the written summary of the meeting. The email carries the summary itself:
    the family asked for it and it is about their own child. One email per person, each with only
    their own address on it, so separated parents never learn each other's (docs/adr/0006)."""
    summary = MeetingSummary.objects.select_related("pupil", "pupil__school").get(pk=summary_id)
    if summary.emailed_at:
        return 0
    recipients = family_recipients(summary.pupil)
    if not recipients:
        return 0
    context = {"summary": summary, "pupil": summary.pupil, "site_url": settings.SITE_URL}
    subject = (
        f"Summary of the meeting on {summary.held_on:%-d %B %Y} about "
        f"{summary.pupil.preferred_forename or summary.pupil.forename}"
    )
    body = render_to_string("family/email/meeting_summary.txt", context)
    for recipient in recipients:
        EmailMultiAlternatives(subject=subject, body=body, to=[recipient]).send()
    with transaction.atomic():
        MeetingSummary.objects.filter(pk=summary.pk).update(emailed_at=timezone.now(), emailed_to=", ".join(recipients))
        audit_record(
            actor=None,
            action=AuditEvent.Action.SEND,
            pupil=summary.pupil,
            target=AuditEvent.Target.MEETING_SUMMARY,
            target_id=summary.pk,
            summary=f"Emailed to {len(recipients)} member(s) of the family",
            via=AuditEvent.Via.TASK,
        )
    return len(recipients)
