"""Background tasks of the plans part. Scheduled in config/schedule.py."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sensupport.audit.models import AuditEvent

from .plan_reminders import send_ehc_review_reminders


@task()
def send_ehc_review_reminders_task() -> int:
    """Send today's EHC annual review reminders. Idempotent: safe to enqueue often and on several workers."""
    return send_ehc_review_reminders(on=timezone.localdate(), via=AuditEvent.Via.TASK)
