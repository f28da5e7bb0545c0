"""Every recurring job, in one place. `manage.py run_schedule` enqueues each when it is due.

Each task must be idempotent (claim its work through rows in the database), because a schedule
can fire twice: after a restart the scheduler forgets when it last ran, and if two schedulers
run by mistake both enqueue. Run one `run_schedule` process per deployment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str  # dotted path to a django-tasks Task
    every: timedelta


SCHEDULES: list[Schedule] = [
    # Review due / overdue and unanswered early-review requests. Hourly so a new plan or a moved
    # review date is picked up the same day; ReminderSent makes repeats harmless.
    Schedule(
        name="review-reminders", task="sensupport.reviews.tasks.send_review_reminders_task", every=timedelta(hours=1)
    ),
    # The SEN information report's annual review (issue 13): daily is plenty for a yearly date;
    # ReportReminder makes repeats harmless.
    Schedule(
        name="information-report-reminders",
        task="sensupport.information_report.tasks.send_information_report_reminders_task",
        every=timedelta(days=1),
    ),
    # Overdue steps of EHC needs-assessment requests (deadlines from sensupport/ehc/clock.py), to the
    # LA's officers, once a week per step while overdue; EhcRequestReminder makes repeats harmless.
    Schedule(
        name="ehc-request-reminders",
        task="sensupport.ehc.request_tasks.send_request_reminders_task",
        every=timedelta(hours=6),
    ),
    # EHC plans' annual reviews (issue 12): due soon, overdue, and the report and LA decision past
    # their deadlines. EhcReminderSent makes repeats harmless.
    Schedule(
        name="ehc-review-reminders",
        task="sensupport.ehc.plan_tasks.send_ehc_review_reminders_task",
        every=timedelta(hours=1),
    ),
    # Finished task rows hold their arguments (ids, sometimes an address): delete them after
    # TASKS_KEEP_SUCCESSFUL_DAYS / TASKS_KEEP_FAILED_DAYS. Hourly keeps the promise to the hour;
    # deleting what is already gone is harmless. (Lost tasks need no schedule: every worker's
    # heartbeat recovers them, see sensupport/jobs/leases.py.)
    Schedule(name="purge-finished-tasks", task="sensupport.jobs.tasks.purge_finished_tasks", every=timedelta(hours=1)),
    # The LA oversight dashboard reads per-school summaries (docs/adr/0016): recounted hourly, so the
    # LA page is at most an hour and one run old; a school's own page is always counted live.
    Schedule(
        name="oversight-summaries",
        task="sensupport.oversight.tasks.refresh_oversight_summaries",
        every=timedelta(hours=1),
    ),
    # Local Offer entries not checked for a year: their providers and the LA are told once per check
    # (Service.stale_flagged_on claims each entry, so repeats send nothing).
    Schedule(
        name="local-offer-stale-entries",
        task="sensupport.local_offer.tasks.flag_stale_services_task",
        every=timedelta(days=1),
    ),
]
