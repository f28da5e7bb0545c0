"""Background tasks for Do and Review. Scheduled in config/schedule.py."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sensupport.audit.models import AuditEvent

from .reminders import send_review_reminders


@task()
def send_review_reminders_task() -> int:
    """Send today's review reminders. Idempotent: safe to enqueue often and on several workers."""
    return send_review_reminders(on=timezone.localdate(), via=AuditEvent.Via.TASK)
