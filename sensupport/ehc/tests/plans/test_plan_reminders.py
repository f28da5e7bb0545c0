"""Annual review reminders on the task queue: due soon, overdue, the report and decision past their
deadlines; each sent once however often the job runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from config.schedule import SCHEDULES
from sensupport.audit.models import AuditEvent
from sensupport.ehc import plan_reminders as r
from sensupport.ehc import plan_services as s
from sensupport.ehc.models import EhcReminderSent
from sensupport.ehc.plan_tasks import send_ehc_review_reminders_task

from .conftest import SECTIONS

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def today():
    return timezone.localdate()


@pytest.fixture
def issued_on(on_support, la_officer):
    def issue(days_ago: int):
        version = s.ehc_plan_start(actor=la_officer, pupil=on_support, sections=SECTIONS)
        return s.ehc_plan_issue(actor=la_officer, version=version, issued_on=today() - dt.timedelta(days=days_ago))

    return issue


def test_a_review_due_within_eight_weeks_is_sent_to_the_senco_once(issued_on, senco):
    version = issued_on(330)  # due in about five weeks
    assert r.send_ehc_review_reminders(today()) == 1
    assert r.send_ehc_review_reminders(today()) == 0
    (message,) = mail.outbox
    assert message.to == [senco.email] and message.subject.startswith("EHC plan annual review due by")
    assert SECTIONS["outcomes"] not in message.body  # never the plan's content
    claim = EhcReminderSent.objects.get()
    assert (claim.kind, claim.for_date) == (r.DUE, s.next_review_due(version.plan))
    event = AuditEvent.objects.get(target=AuditEvent.Target.EHC_REVIEW_REMINDER)
    assert event.via == "task" and event.pupil == version.plan.pupil


def test_an_overdue_review_repeats_weekly(issued_on, senco):
    issued_on(380)
    assert r.send_ehc_review_reminders(today()) == 1
    assert r.send_ehc_review_reminders(today() + dt.timedelta(days=7)) == 1
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["EHC plan annual review overdue"] * 2


def test_no_reminder_for_a_review_far_off(issued_on, senco):
    issued_on(100)
    assert r.send_ehc_review_reminders(today()) == 0


def test_report_to_the_senco_and_decision_to_the_la_when_past_their_deadlines(issued_on, senco, la_officer):
    plan = issued_on(360).plan
    held = today() - dt.timedelta(days=20)
    review = s.annual_review_schedule(actor=senco, plan=plan, meeting_on=held)
    s.annual_review_meeting(actor=senco, review=review, held_on=held, attendees="Mum")
    assert r.send_ehc_review_reminders(today()) == 1  # the report: 6 days late; no review-due while held
    (message,) = mail.outbox
    assert message.to == [senco.email] and "report overdue" in message.subject
    s.annual_review_report(actor=senco, review=review, sent_on=today(), report="ok", recommendation="no_change")
    assert r.send_ehc_review_reminders(today()) == 0  # the decision is due in 8 days
    assert r.send_ehc_review_reminders(today() + dt.timedelta(days=9)) == 1
    assert mail.outbox[-1].to == [la_officer.email] and "decision overdue" in mail.outbox[-1].subject


def test_one_schedule_entry_runs_the_task(issued_on, senco, settings):
    (schedule,) = [x for x in SCHEDULES if x.name == "ehc-review-reminders"]
    assert schedule.task == "sensupport.ehc.plan_tasks.send_ehc_review_reminders_task"
    issued_on(330)
    settings.TASKS = IMMEDIATE
    result = send_ehc_review_reminders_task.enqueue()
    assert result.status == "SUCCESSFUL" and result.return_value == 1
