"""What the service health page reads: the database, the task queue, and the schedules' last runs.

The last run of each schedule in config/schedule.py is read from the task queue's own rows
(django-tasks-db's DBTaskResult: `run_schedule` enqueues each schedule's task, so the newest row
for that task is the last run). Those rows are kept for TASKS_KEEP_SUCCESSFUL_DAYS (failed ones
longer), so an hourly schedule always shows; with TASKS_BACKEND=immediate there is no queue and
nothing is recorded, which the page says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from config.schedule import SCHEDULES

FAILED_WINDOW = dt.timedelta(hours=24)


@dataclass(frozen=True)
class ScheduleRun:
    name: str
    every: dt.timedelta
    last_enqueued: dt.datetime | None
    last_status: str

    @property
    def late(self) -> bool:
        return self.last_enqueued is None or timezone.now() - self.last_enqueued > 2 * self.every


@dataclass(frozen=True)
class ServiceHealth:
    database_ok: bool
    database_error: str
    queue: bool  # a database task queue is in use
    waiting: int = 0
    failed_recently: int = 0
    oldest_waiting_since: dt.datetime | None = None
    schedules: tuple[ScheduleRun, ...] = ()

    @property
    def oldest_waiting_age(self) -> dt.timedelta | None:
        return timezone.now() - self.oldest_waiting_since if self.oldest_waiting_since else None


def database_check() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return False, error.__class__.__name__
    return True, ""


def service_health(*, now: dt.datetime | None = None) -> ServiceHealth:
    now = now or timezone.now()
    ok, error = database_check()
    queue = isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)
    if not ok or not queue:
        return ServiceHealth(database_ok=ok, database_error=error, queue=queue)
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, finished_at__gte=now - FAILED_WINDOW).count()
    runs = []
    for schedule in SCHEDULES:
        last = (
            DBTaskResult.objects.filter(task_path=schedule.task)
            .order_by("-enqueued_at")
            .values("enqueued_at", "status")
            .first()
        )
        runs.append(
            ScheduleRun(
                schedule.name,
                schedule.every,
                last["enqueued_at"] if last else None,
                TaskResultStatus(last["status"]).label if last else "",
            )
        )
    return ServiceHealth(
        database_ok=True,
        database_error="",
        queue=True,
        waiting=waiting.count(),
        failed_recently=failed,
        oldest_waiting_since=oldest,
        schedules=tuple(runs),
    )
