"""Leases, recovery, retries and purging of database tasks (sensupport/jobs, ADR 0008)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from sensupport.jobs.leases import LOST, RetryPolicy, is_passing_fault, recover_lost_tasks, renew_leases
from sensupport.jobs.models import TaskLease
from sensupport.jobs.tasks import purge_finished_tasks
from sensupport.jobs.testing import run_worker_once
from sensupport.jobs.tests.tasks_for_tests import raise_value_error, send_one_email, wait_for_release

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


# --- the rules -----------------------------------------------------------------------------------


def test_retry_delay_doubles_from_the_first_delay_and_stops_at_an_hour():
    rules = RetryPolicy(max_attempts=20, first_delay=dt.timedelta(seconds=30))

    delays = [rules.delay_after(n).total_seconds() for n in range(1, 10)]

    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert rules.delay_after(10_000) == dt.timedelta(hours=1)  # no overflow on absurd counts


def test_next_try_is_after_the_delay_until_the_tries_are_used_up():
    rules = RetryPolicy(max_attempts=3, first_delay=dt.timedelta(seconds=10))

    assert rules.next_try_at(attempts=1, now=NOW) == NOW + dt.timedelta(seconds=10)
    assert rules.next_try_at(attempts=2, now=NOW) == NOW + dt.timedelta(seconds=20)
    assert rules.next_try_at(attempts=3, now=NOW) is None
    assert rules.next_try_at(attempts=4, now=NOW) is None


def test_one_try_only_means_no_retry():
    assert RetryPolicy(max_attempts=1, first_delay=dt.timedelta(seconds=10)).next_try_at(attempts=1, now=NOW) is None


@pytest.mark.parametrize(
    ("path", "passing"),
    [
        ("builtins.TimeoutError", True),
        ("builtins.ConnectionRefusedError", True),
        ("smtplib.SMTPServerDisconnected", True),
        ("django.db.utils.OperationalError", True),
        ("smtplib.SMTPRecipientsRefused", False),
        ("smtplib.SMTPAuthenticationError", False),
        ("builtins.ValueError", False),
        ("sensupport.family.models.MeetingSummary.DoesNotExist", False),
        ("no.such.Module", False),
    ],
)
def test_only_network_and_database_faults_are_worth_retrying(path, passing):
    assert is_passing_fault(path) is passing


# --- leases and recovery -------------------------------------------------------------------------


@pytest.fixture
def queued(db, settings):
    settings.TASKS = DB_QUEUE
    settings.TASKS_LEASE_SECONDS = 60
    settings.TASKS_MAX_ATTEMPTS = 3
    settings.TASKS_RETRY_DELAY_SECONDS = 30

    def enqueue() -> DBTaskResult:
        return DBTaskResult.objects.get(pk=wait_for_release.enqueue("/nowhere").id)

    return enqueue


def test_claiming_a_task_leases_it_to_the_worker_and_finishing_ends_the_lease(queued):
    row = queued()
    row.claim("worker-a")

    lease = TaskLease.objects.get(task=row)
    assert lease.worker_id == "worker-a"
    assert timezone.now() + dt.timedelta(seconds=55) < lease.expires_at <= timezone.now() + dt.timedelta(seconds=60)

    row.set_successful(1)
    assert not TaskLease.objects.filter(task_id=row.pk).exists()


def test_a_worker_finishing_late_does_not_end_the_lease_of_the_worker_now_running_the_task(queued):
    row = queued()
    row.claim("worker-a")
    stale = DBTaskResult.objects.get(pk=row.pk)  # worker A's copy; A then stops beating
    recover_lost_tasks(now=timezone.now() + dt.timedelta(seconds=61))
    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())
    DBTaskResult.objects.get(pk=row.pk).claim("worker-b")

    stale.set_successful(1)  # A was slow, not dead, and reports in

    assert TaskLease.objects.get(task_id=row.pk).worker_id == "worker-b"


def test_heartbeat_renews_only_the_beating_workers_leases(queued):
    mine, theirs = queued(), queued()
    mine.claim("worker-a")
    theirs.claim("worker-b")
    later = timezone.now() + dt.timedelta(minutes=30)

    assert renew_leases("worker-a", now=later) == 1

    assert TaskLease.objects.get(task=mine).expires_at == later + dt.timedelta(seconds=60)
    assert TaskLease.objects.get(task=theirs).expires_at < later


def test_a_task_whose_lease_ran_out_goes_back_to_the_queue_after_a_back_off(queued):
    row = queued()
    row.claim("worker-a")
    after_lease = timezone.now() + dt.timedelta(seconds=61)

    assert recover_lost_tasks(now=after_lease) == 1

    row.refresh_from_db()
    assert row.status == "READY"
    assert row.run_after == after_lease + dt.timedelta(seconds=30)  # first retry: the first delay
    assert not TaskLease.objects.filter(task_id=row.pk).exists()
    assert not DBTaskResult.objects.ready().filter(pk=row.pk).exists()  # not before the back-off
    assert DBTaskResult.objects.filter(pk=row.pk, run_after__lte=after_lease + dt.timedelta(seconds=31)).exists()


def test_a_task_with_a_live_lease_is_left_running(queued):
    row = queued()
    row.claim("worker-a")

    assert recover_lost_tasks(now=timezone.now() + dt.timedelta(seconds=59)) == 0

    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_running_task_with_no_lease_is_lost_once_it_started_more_than_a_lease_ago(queued):
    row = queued()
    row.claim("worker-a")
    TaskLease.objects.filter(task=row).delete()  # e.g. claimed by a worker without leases

    assert recover_lost_tasks(now=row.started_at + dt.timedelta(seconds=59)) == 0
    assert recover_lost_tasks(now=row.started_at + dt.timedelta(seconds=61)) == 1


def test_a_task_lost_on_its_last_try_fails_with_a_reason(queued, caplog):
    row = queued()
    for worker in ("worker-a", "worker-b", "worker-c"):  # three tries, each lost
        row.claim(worker)

    assert recover_lost_tasks(now=timezone.now() + dt.timedelta(minutes=5)) == 1

    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.finished_at is not None
    assert row.exception_class_path == LOST
    assert "stopped (crashed, was killed or lost the database) 3 times" in row.traceback
    assert "marked failed" in caplog.text


# --- retries after a passing fault ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_email_task_that_cannot_reach_the_mail_server_is_queued_again(settings, hung_smtp_server):
    settings.TASKS = DB_QUEUE
    settings.TASKS_RETRY_DELAY_SECONDS = 30
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = hung_smtp_server
    settings.EMAIL_TIMEOUT = 1
    result = send_one_email.enqueue("parent@example.org")

    started = timezone.now()
    run_worker_once()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY"
    assert row.exception_class_path == "smtplib.SMTPServerDisconnected"  # why it is waiting
    assert "timed out" in row.traceback
    assert row.run_after >= started + dt.timedelta(seconds=30)
    assert row.worker_ids and len(row.worker_ids) == 1
    assert not TaskLease.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_task_that_fails_for_its_own_reasons_is_not_retried(settings):
    settings.TASKS = DB_QUEUE
    result = raise_value_error.enqueue()

    run_worker_once()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert row.exception_class_path == "builtins.ValueError"


# --- purging -------------------------------------------------------------------------------------


def test_finished_tasks_are_purged_after_their_keeping_time(queued, settings):
    settings.TASKS_KEEP_SUCCESSFUL_DAYS = 1
    settings.TASKS_KEEP_FAILED_DAYS = 14
    now = timezone.now()

    def finished(status: str, days_ago: float) -> DBTaskResult:
        row = queued()
        DBTaskResult.objects.filter(pk=row.pk).update(status=status, finished_at=now - dt.timedelta(days=days_ago))
        return row

    old_success, new_success = finished("SUCCESSFUL", 1.1), finished("SUCCESSFUL", 0.5)
    old_failure, new_failure = finished("FAILED", 14.1), finished("FAILED", 10)
    waiting, running = queued(), queued()
    running.claim("worker-a")

    assert purge_finished_tasks.call() is True

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {new_success.pk, new_failure.pk, waiting.pk, running.pk}
    assert old_success.pk not in left and old_failure.pk not in left


def test_purging_does_nothing_when_tasks_run_in_process(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    assert purge_finished_tasks.call() is False


def test_purging_is_on_the_schedule():
    from config.schedule import SCHEDULES

    assert "sensupport.jobs.tasks.purge_finished_tasks" in {s.task for s in SCHEDULES}


@given(
    max_attempts=st.integers(min_value=1, max_value=50),
    first=st.integers(min_value=0, max_value=7200),
    attempts=st.integers(min_value=1, max_value=200),
)
def test_back_off_never_shrinks_never_exceeds_an_hour_and_ends_with_the_tries(max_attempts, first, attempts):
    rules = RetryPolicy(max_attempts=max_attempts, first_delay=dt.timedelta(seconds=first))

    assert rules.delay_after(attempts) <= dt.timedelta(hours=1)
    assert rules.delay_after(attempts + 1) >= rules.delay_after(attempts)
    assert (rules.next_try_at(attempts=attempts, now=NOW) is None) == (attempts >= max_attempts)
