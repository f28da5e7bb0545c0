"""Housekeeping for the task queue. Scheduled in config/schedule.py."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends
from django_tasks_db.backend import DatabaseBackend


@task()
def purge_finished_tasks() -> bool:
    """Delete finished task rows: successful ones after TASKS_KEEP_SUCCESSFUL_DAYS, failed ones
    after TASKS_KEEP_FAILED_DAYS. A row holds the task's arguments, which can be personal data.
    Nothing to do (False) when tasks run in-process and leave no rows."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return False
    call_command(
        "prune_db_task_results",
        "--queue-name=*",
        f"--min-age-days={settings.TASKS_KEEP_SUCCESSFUL_DAYS}",
        f"--failed-min-age-days={settings.TASKS_KEEP_FAILED_DAYS}",
        verbosity=0,
    )
    return True
