"""The annual reminder to review the report: once per due date, to the school's SENCO and head,
whatever runs it or however often; a new version moves the date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from config.schedule import SCHEDULES
from sensupport.audit.models import AuditEvent
from sensupport.information_report import reminders, schedule, services
from sensupport.information_report.models import ReportReminder

pytestmark = pytest.mark.django_db


def published_on(school, actor, day: dt.date):
    version = services.report_publish(actor=actor, school=school)
    version.published_at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    version.save()
    return version


def test_the_task_is_on_the_schedule():
    assert "sensupport.information_report.tasks.send_information_report_reminders_task" in {s.task for s in SCHEDULES}


def test_no_reminder_before_the_month_before_the_due_date(school, senco, head, django_capture_on_commit_callbacks):
    published_on(school, head, dt.date(2025, 12, 1))
    due = schedule.review_due(dt.date(2025, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_information_report_reminders(on=due - dt.timedelta(days=31)) == 0
    assert mail.outbox == []


def test_one_reminder_per_due_date_to_the_senco_and_head(school, senco, head, django_capture_on_commit_callbacks):
    published_on(school, head, dt.date(2025, 12, 1))
    due = schedule.review_due(dt.date(2025, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_information_report_reminders(on=due - dt.timedelta(days=30)) == 1
        assert reminders.send_information_report_reminders(on=due - dt.timedelta(days=29)) == 0
        assert reminders.send_information_report_reminders(on=due + dt.timedelta(days=5)) == 0
    (email,) = mail.outbox
    assert sorted(email.to) == sorted([senco.email, head.email])
    assert "/sen-information-report/" in email.body
    assert ReportReminder.objects.get().for_date == due
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEND)
    assert event.via == AuditEvent.Via.TASK and event.school_id == school.pk and event.pupil_id is None


def test_a_new_version_earns_next_years_reminder(school, senco, head, django_capture_on_commit_callbacks):
    published_on(school, head, dt.date(2024, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_information_report_reminders(on=dt.date(2025, 11, 15)) == 1
    published_on(school, head, dt.date(2025, 11, 20))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_information_report_reminders(on=dt.date(2025, 12, 1)) == 0
        assert reminders.send_information_report_reminders(on=dt.date(2026, 10, 21)) == 1
    assert len(mail.outbox) == 2


def test_an_unpublished_report_is_not_reminded(school, senco):
    services.report_item_update(actor=senco, school=school, key="equipment", words="x", expected_edit_version=None)
    assert reminders.due_reports(dt.date(2030, 1, 1)) == []


def test_the_task_runs_the_same(school, head, django_capture_on_commit_callbacks):
    from sensupport.information_report.tasks import send_information_report_reminders_task

    published_on(school, head, timezone.localdate() - dt.timedelta(days=400))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_information_report_reminders_task.call() == 1
        assert send_information_report_reminders_task.call() == 0
