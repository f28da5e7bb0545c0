"""Overdue steps remind the LA's officers through the task queue, once a week per step, never for a
request with an exception. Time travels by passing ``on=``; nothing sleeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from config.schedule import SCHEDULES
from sensupport.audit.models import AuditEvent
from sensupport.ehc import request_services as services
from sensupport.ehc.clock import request_deadlines
from sensupport.ehc.models import EhcRequest, EhcRequestReminder
from sensupport.ehc.request_reminders import reminders_due, send_request_reminders
from sensupport.ehc.request_tasks import send_request_reminders_task

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def officer_email(la_officer):
    la_officer.email = "officer@northshire.example.org"
    la_officer.save()
    return la_officer.email


def _decision_due(received):
    return request_deadlines(received.received_on)["decision_to_assess"]


def test_nothing_is_due_on_the_last_day(received, officer_email):
    assert reminders_due(_decision_due(received)) == []


def test_the_day_after_the_officers_are_reminded_once_that_week(received, officer_email, other_la_officer):
    day = _decision_due(received) + dt.timedelta(days=1)
    assert send_request_reminders(on=day) == 1
    (message,) = mail.outbox
    assert message.to == [officer_email] and "Decision whether to assess" in message.body
    assert received.reasons not in message.body and received.pupil.surname not in message.body
    assert send_request_reminders(on=day) == 0  # the same day: claimed already
    event = AuditEvent.objects.get(target=AuditEvent.Target.EHC_REQUEST_REMINDER)
    assert event.via == AuditEvent.Via.TASK and event.pupil_id == received.pupil_id


def test_a_week_later_it_is_reminded_again(received, officer_email):
    day = _decision_due(received) + dt.timedelta(days=1)
    send_request_reminders(on=day)
    assert send_request_reminders(on=day + dt.timedelta(days=7)) == 1
    assert EhcRequestReminder.objects.count() == 2


def test_an_exception_stops_the_reminders(received, la_officer, officer_email):
    services.ehc_request_record_exception(
        actor=la_officer,
        request=received,
        kind="institution_closed",
        reason="The school was closed for five weeks after a fire",
        expected_version=received.version,
    )
    assert send_request_reminders(on=_decision_due(received) + dt.timedelta(days=3)) == 0


def test_the_reminders_run_from_the_schedule_through_the_queue(received, officer_email, settings):
    (schedule,) = [s for s in SCHEDULES if s.name == "ehc-request-reminders"]
    assert schedule.task == "sensupport.ehc.request_tasks.send_request_reminders_task"
    EhcRequest.objects.filter(pk=received.pk).update(received_on=timezone.localdate() - dt.timedelta(weeks=7))
    settings.TASKS = IMMEDIATE
    result = send_request_reminders_task.enqueue()
    assert result.status == "SUCCESSFUL" and result.return_value == 1 and len(mail.outbox) == 1
