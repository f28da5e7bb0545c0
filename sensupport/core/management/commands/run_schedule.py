"""Enqueue each job in config/schedule.py when it is due."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.module_loading import import_string

from config.schedule import SCHEDULES, Schedule


def due_schedules(schedules: list[Schedule], last_run: dict[str, dt.datetime], now: dt.datetime) -> list[Schedule]:
    """The schedules to enqueue at ``now``: never run by this process, or last run ``every`` ago."""
    return [s for s in schedules if s.name not in last_run or now - last_run[s.name] >= s.every]


def seconds_until_next(schedules: list[Schedule], last_run: dict[str, dt.datetime], now: dt.datetime) -> float:
    waits = [(last_run[s.name] + s.every - now).total_seconds() for s in schedules if s.name in last_run]
    return max(0.0, min(waits)) if waits else 0.0


class Command(BaseCommand):
    help = (
        "Enqueue the recurring jobs listed in config/schedule.py when each is due, then hand them "
        "to the task backend (a db_worker runs them under TASKS_BACKEND=database). With --once, "
        "enqueue every schedule once and exit (for cron). The last run time is kept in memory, so "
        "a restart enqueues everything at once, and two schedulers would both enqueue: run ONE "
        "scheduler per deployment. Double enqueues are harmless because every scheduled task is "
        "idempotent (reminders are claimed through ReminderSent rows)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every schedule once, then exit.")
        parser.add_argument(
            "--only", action="append", default=[], metavar="NAME", help="Only this schedule (repeatable)."
        )

    def handle(self, *args, once=False, only=(), **options):
        schedules = [s for s in SCHEDULES if not only or s.name in only]
        unknown = set(only) - {s.name for s in SCHEDULES}
        if unknown:
            raise CommandError(
                f"Unknown schedule(s): {', '.join(sorted(unknown))}. Known: {', '.join(s.name for s in SCHEDULES)}"
            )
        tasks = {s.name: import_string(s.task) for s in schedules}  # fail at start on a bad path
        last_run: dict[str, dt.datetime] = {}
        while True:
            now = timezone.now()
            for schedule in due_schedules(schedules, last_run, now):
                result = tasks[schedule.name].enqueue()
                last_run[schedule.name] = now
                self.stdout.write(f"{now:%Y-%m-%d %H:%M:%S} enqueued {schedule.name} ({result.id})")
            if once:
                return
            time.sleep(max(1.0, seconds_until_next(schedules, last_run, timezone.now())))
