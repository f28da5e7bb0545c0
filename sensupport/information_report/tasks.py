"""Background tasks for the SEN information report. Scheduled in config/schedule.py."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sensupport.audit.models import AuditEvent

from .reminders import send_information_report_reminders


@task()
def send_information_report_reminders_task() -> int:
    """Remind schools whose report is due for its annual review. Idempotent (ReportReminder)."""
    return send_information_report_reminders(on=timezone.localdate(), via=AuditEvent.Via.TASK)
