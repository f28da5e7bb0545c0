"""Background tasks of the Local Offer. Scheduled in config/schedule.py."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sensupport.audit.models import AuditEvent

from .stale import flag_stale_services


@task()
def flag_stale_services_task() -> int:
    """Tell providers and their LA about entries not checked for a year. Idempotent: each entry is
    claimed once per check (Service.stale_flagged_on), so repeats and several workers send nothing twice."""
    return flag_stale_services(on=timezone.localdate(), via=AuditEvent.Via.TASK)


@task()
def notify_proposer_of_decision(change_id: int) -> int:
    """A provider's change was approved or rejected: tell whoever proposed it (with the reason)."""
    from .notifications import decision_email

    return decision_email(change_id)
