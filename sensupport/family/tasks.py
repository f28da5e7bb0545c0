from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from .models import MeetingSummary


def family_recipients(pupil) -> list[str]:
    """Parents and carers with parental responsibility, and the young person themselves (16+)."""
    emails = [
        link.parent.email
        for link in pupil.parent_links.filter(has_parental_responsibility=True, ended_at__isnull=True).select_related("parent")
        if link.parent.email and link.parent.is_active
    ]
    account = getattr(pupil, "young_person_account", None)
    if account is not None and account.email and account.is_active:
        emails.append(account.email)
    return sorted(set(emails))


@task()
def send_meeting_summary(summary_id: int) -> int:
    """Email the family that a written summary of the meeting is ready. The email carries the
    summary itself: the family asked for it and it is about their own child."""
    summary = MeetingSummary.objects.select_related("pupil", "pupil__school").get(pk=summary_id)
    if summary.emailed_at:
        return 0
    recipients = family_recipients(summary.pupil)
    if not recipients:
        return 0
    context = {"summary": summary, "pupil": summary.pupil, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=f"Summary of the meeting on {summary.held_on:%-d %B %Y} about {summary.pupil.preferred_forename or summary.pupil.forename}",
        body=render_to_string("family/email/meeting_summary.txt", context),
        to=recipients,
    )
    message.send()
    MeetingSummary.objects.filter(pk=summary.pk).update(emailed_at=timezone.now(), emailed_to=", ".join(recipients))
    return len(recipients)
