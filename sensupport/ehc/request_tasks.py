"""Background task of the requests part. Scheduled in config/schedule.py."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sensupport.audit.models import AuditEvent

from .request_reminders import send_request_reminders


@task()
def send_request_reminders_task() -> int:
    """Remind LA officers of overdue EHC request steps. Idempotent: safe to enqueue often."""
    return send_request_reminders(on=timezone.localdate(), via=AuditEvent.Via.TASK)
