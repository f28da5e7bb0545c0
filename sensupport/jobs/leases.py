"""Leases and retries for the database task queue (ADR 0008).

django-tasks-db claims a task by marking its row RUNNING and then trusts the worker to finish
it: if the worker dies (``kill -9``, out of memory, the machine stops) the row stays RUNNING for
ever and nothing runs it again (upstream: django-tasks-db issue 5). It has no retries either.
This module adds both, on top of the library and without changing it:

- **Lease.** When a worker claims a task (the library saves the row as RUNNING) a ``TaskLease``
  is written in the same transaction, valid for ``TASKS_LEASE_SECONDS``. The worker's
  ``LeaseKeeper`` thread renews its leases (a heartbeat) while the process lives; finishing the
  task deletes the lease.
- **Recovery.** Each worker, when it starts and with every heartbeat, looks for RUNNING tasks
  whose lease ran out (or that never had one and started more than a lease ago) and puts them
  back to READY after a back-off, or marks them FAILED once they have had ``TASKS_MAX_ATTEMPTS``
  tries, with the reason in the row and in the log.
- **Retries.** A task that raised a passing fault (network, mail server, database connection:
  ``OSError`` and the database's ``OperationalError``/``InterfaceError``, but not a mail server
  refusing an address or our login) goes back to READY in the same way. Any other exception is
  a fault in the task or its data: it stays FAILED at once.

So a task runs at least once, possibly more: every task must be safe to run again.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import TaskLease

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = dt.timedelta(hours=1)
PASSING_FAULTS = (OSError, OperationalError, InterfaceError)
# The mail server answered and refused the addresses or our login: asking again gets the same.
LASTING_FAULTS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPAuthenticationError)
LOST = "sensupport.jobs.leases.TaskLost"


class TaskLost(Exception):
    """Recorded (by path) on a task given up after its worker stopped during every try."""


# --- the rules (pure) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    first_delay: dt.timedelta
    max_delay: dt.timedelta = MAX_RETRY_DELAY

    def delay_after(self, attempts: int) -> dt.timedelta:
        """The wait after try number ``attempts`` failed: the first delay, doubled for each
        further try, never more than ``max_delay``."""
        return min(self.max_delay, self.first_delay * 2 ** min(max(attempts - 1, 0), 20))

    def next_try_at(self, *, attempts: int, now: dt.datetime) -> dt.datetime | None:
        """When to try again after ``attempts`` tries, or None: no tries left."""
        if attempts >= self.max_attempts:
            return None
        return now + self.delay_after(attempts)


def is_passing_fault(exception_class_path: str) -> bool:
    """Whether an exception (by the dotted path the queue records) may go away by itself."""
    try:
        cls = import_string(exception_class_path)
    except ImportError:
        return False
    return isinstance(cls, type) and issubclass(cls, PASSING_FAULTS) and not issubclass(cls, LASTING_FAULTS)


def lost_reason(attempts: int) -> str:
    tries = "once" if attempts == 1 else f"{attempts} times"
    return (
        f"Not finished: the worker running this task stopped (crashed, was killed or lost the "
        f"database) {tries}, so it is not tried again. Check the worker logs, then enqueue it again."
    )


def policy() -> RetryPolicy:
    return RetryPolicy(
        max_attempts=settings.TASKS_MAX_ATTEMPTS,
        first_delay=dt.timedelta(seconds=settings.TASKS_RETRY_DELAY_SECONDS),
    )


def lease_length() -> dt.timedelta:
    return dt.timedelta(seconds=settings.TASKS_LEASE_SECONDS)


# --- leases and recovery -------------------------------------------------------------------------


def _on_task_saved(sender, instance: DBTaskResult, created: bool, **kwargs) -> None:
    """The library saves the row as RUNNING inside its claim transaction: the lease goes with it."""
    worker_id = (instance.worker_ids or [""])[-1]
    if instance.status == TaskResultStatus.RUNNING:
        TaskLease.objects.update_or_create(
            task_id=instance.pk, defaults={"worker_id": worker_id, "expires_at": timezone.now() + lease_length()}
        )
    elif not created:
        # Only this worker's lease: a worker that finishes late, after its task was recovered and
        # claimed again, must not end the new worker's lease.
        TaskLease.objects.filter(task_id=instance.pk, worker_id=worker_id).delete()


def renew_leases(worker_id: str, *, now: dt.datetime | None = None) -> int:
    """The heartbeat: the worker is alive, so its tasks' leases run on."""
    now = now or timezone.now()
    return TaskLease.objects.filter(worker_id=worker_id).update(expires_at=now + lease_length())


def recover_lost_tasks(*, now: dt.datetime | None = None) -> int:
    """Put RUNNING tasks whose lease ran out back in the queue after a back-off, or fail them
    when they have had every try. Returns how many were recovered or failed. Safe to run in
    several workers at once: each row changes only if it is still the run that was judged lost."""
    now = now or timezone.now()
    rules = policy()
    lost = DBTaskResult.objects.running().filter(
        Q(lease__expires_at__lt=now) | Q(lease__isnull=True, started_at__lt=now - lease_length())
    )
    changed = 0
    for pk, task_path, started_at, worker_ids in lost.values_list("pk", "task_path", "started_at", "worker_ids"):
        attempts = len(worker_ids or [])
        run_after = rules.next_try_at(attempts=attempts, now=now)
        this_run = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at)
        with transaction.atomic():
            if run_after is not None:
                done = this_run.update(status=TaskResultStatus.READY, run_after=run_after)
            else:
                done = this_run.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    return_value=None,
                    exception_class_path=LOST,
                    traceback=lost_reason(attempts),
                )
            if not done:
                continue  # finished, or recovered by another worker, since we looked
            TaskLease.objects.filter(task_id=pk).delete()
        changed += 1
        if run_after is not None:
            logger.warning(
                "Task %s (%s) was lost with its worker after try %d; it will run again after %s",
                pk,
                task_path,
                attempts,
                run_after.isoformat(timespec="seconds"),
            )
        else:
            logger.error("Task %s (%s) was lost with its worker %d times; marked failed", pk, task_path, attempts)
    return changed


def _retry_after_passing_fault(sender, task_result, **kwargs) -> None:
    """A task on the database queue failed: if the fault may pass, queue it again after a back-off.

    Runs inside the library's worker while it handles the failure, so it must never raise."""
    if not (isinstance(sender, type) and issubclass(sender, DatabaseBackend)):
        return
    if task_result.status != TaskResultStatus.FAILED or not task_result.errors:
        return
    try:
        error = task_result.errors[-1].exception_class_path
        if not is_passing_fault(error):
            return
        attempts = task_result.attempts
        run_after = policy().next_try_at(attempts=attempts, now=timezone.now())
        if run_after is None:
            logger.error(
                "Task %s (%s) failed with %s on try %d; no tries left",
                task_result.id,
                task_result.task.name,
                error,
                attempts,
            )
            return
        # The error stays on the row, so anyone looking sees why it is waiting.
        DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=run_after, finished_at=None
        )
        logger.warning(
            "Task %s (%s) failed with %s on try %d; it will run again after %s",
            task_result.id,
            task_result.task.name,
            error,
            attempts,
            run_after.isoformat(timespec="seconds"),
        )
    except Exception:
        logger.exception("Could not queue task %s again after it failed", task_result.id)


def connect_signals() -> None:
    post_save.connect(_on_task_saved, sender=DBTaskResult, dispatch_uid="sensupport.jobs.lease")
    task_finished.connect(_retry_after_passing_fault, dispatch_uid="sensupport.jobs.retry")


class LeaseKeeper:
    """Runs beside a worker: renews its leases and recovers other workers' lost tasks, once at
    start and then every quarter of a lease, so a lease survives three missed beats."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.interval = max(settings.TASKS_LEASE_SECONDS / 4, 0.1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-keeper-{worker_id[:8]}", daemon=True)

    def beat(self) -> None:
        renew_leases(self.worker_id)
        recover_lost_tasks()

    def start(self) -> None:
        self.beat()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                close_old_connections()
                try:
                    self.beat()
                except Exception:
                    logger.exception("Lease heartbeat failed; trying again in %.1f s", self.interval)
        finally:
            connections.close_all()
