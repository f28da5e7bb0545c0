"""Background tasks for oversight. Scheduled in config/schedule.py."""

from __future__ import annotations

from django_tasks import task

from .summaries import summaries_refresh


@task()
def refresh_oversight_summaries() -> int:
    """Recount every school's oversight figures (docs/adr/0016). Idempotent."""
    return summaries_refresh()
