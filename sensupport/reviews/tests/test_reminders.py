"""Review reminders: due and overdue plans remind the right staff, once, through the task queue.

Time travels by passing ``on=`` dates; nothing sleeps and the clock is not frozen.
"""

from __future__ import annotations

import base64
import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from config.schedule import SCHEDULES
from sensupport.core.management.commands.run_schedule import (
    due_schedules,
    seconds_until_next,
)
from sensupport.jobs.testing import run_worker_once
from sensupport.plans.models import Plan
from sensupport.plans.tests import conftest as plan_fixtures
from sensupport.reviews import reminders
from sensupport.reviews.models import ReminderSent
from sensupport.reviews.reminders import (
    EARLY_REVIEW_ANSWER_OVERDUE,
    REVIEW_DUE,
    REVIEW_OVERDUE,
    ical_fold,
    recipients_for,
    reviews_needing_reminder,
    send_review_reminders,
)
from sensupport.reviews.services import early_review_answer, early_review_request
from sensupport.reviews.tasks import send_review_reminders_task

REVIEW = dt.date(2030, 12, 12)  # a Thursday
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The plan lifecycle fixtures (Peter on SEN Support, assessed, a draft plan, the agreed plan).
on_support = plan_fixtures.on_support
assessed = plan_fixtures.assessed
draft = plan_fixtures.draft
agreed = plan_fixtures.agreed


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://sensupport.example"
    settings.REVIEW_REMINDER_DAYS = 14


@pytest.fixture
def staff(senco, teacher, ta, parent):
    return {"senco": senco, "teacher": teacher, "ta": ta, "parent": parent}


@pytest.fixture
def plan(agreed, staff):
    Plan.objects.filter(pk=agreed.pk).update(review_date=REVIEW)
    agreed.refresh_from_db()
    return agreed


def calendar_parts(message):
    return [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]


def ics_text(message) -> str:
    (part,) = calendar_parts(message)
    return base64.b64decode(part.get_payload()).decode("utf-8")


def html_body(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


# --- who and when --------------------------------------------------------------------------


def test_review_due_ten_days_before_reminds_senco_teacher_and_ta_not_parent(plan, staff):
    sent = send_review_reminders(on=REVIEW - dt.timedelta(days=10))

    assert sent == 1
    (message,) = mail.outbox
    assert set(message.to) == {staff["senco"].email, staff["teacher"].email, staff["ta"].email}
    assert staff["parent"].email not in message.to
    assert message.subject == "Review due 12 December: Peter R.'s support plan"
    reminder = ReminderSent.objects.get()
    assert (reminder.plan, reminder.kind, reminder.for_date) == (plan, REVIEW_DUE, REVIEW)
    assert staff["senco"].email in reminder.recipients


def test_recipients_are_school_staff_who_teach_the_pupil(plan, staff, other_teacher, other_school_senco, head):
    inactive = type(staff["senco"]).objects.create(
        username="gone@example.org", email="gone@example.org", role="senco", school=plan.pupil.school, is_active=False
    )
    no_email = type(staff["senco"]).objects.create(username="noemail", email="", role="senco", school=plan.pupil.school)

    recipients = recipients_for(plan)

    assert set(recipients) == {staff["senco"].email, staff["teacher"].email, staff["ta"].email}
    for outsider in (staff["parent"], other_teacher, other_school_senco, head, inactive):
        assert outsider.email not in recipients
    assert "" not in recipients and no_email.email not in recipients


def test_parent_added_to_a_teaching_group_is_still_not_reminded(plan, staff, class_group):
    class_group.staff.add(staff["parent"])

    assert staff["parent"].email not in recipients_for(plan)


def test_running_again_the_same_day_sends_nothing(plan):
    day = REVIEW - dt.timedelta(days=10)
    assert send_review_reminders(on=day) == 1

    assert send_review_reminders(on=day) == 0
    assert send_review_reminders(on=day + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1
    assert reviews_needing_reminder(day) == []


def test_twenty_days_before_nothing_is_due(plan):
    assert reviews_needing_reminder(REVIEW - dt.timedelta(days=20)) == []
    assert send_review_reminders(on=REVIEW - dt.timedelta(days=20)) == 0
    assert mail.outbox == []


def test_reminder_window_follows_the_setting(plan, settings):
    settings.REVIEW_REMINDER_DAYS = 21

    assert reviews_needing_reminder(REVIEW - dt.timedelta(days=20)) == [(plan, REVIEW_DUE)]


def test_on_the_review_day_it_is_due_not_overdue(plan):
    assert reviews_needing_reminder(REVIEW) == [(plan, REVIEW_DUE)]


def test_overdue_reminder_repeats_weekly_but_not_twice_in_a_week(plan):
    friday = REVIEW + dt.timedelta(days=1)
    sunday = REVIEW + dt.timedelta(days=3)
    next_monday = REVIEW + dt.timedelta(days=4)

    assert reviews_needing_reminder(friday) == [(plan, REVIEW_OVERDUE)]
    assert send_review_reminders(on=friday) == 1
    assert mail.outbox[0].subject == "Review overdue since 12 December: Peter R.'s support plan"
    assert calendar_parts(mail.outbox[0]) == []
    assert send_review_reminders(on=sunday) == 0
    assert send_review_reminders(on=next_monday) == 1
    assert send_review_reminders(on=next_monday + dt.timedelta(days=2)) == 0

    assert len(mail.outbox) == 2
    assert sorted(ReminderSent.objects.filter(kind=REVIEW_OVERDUE).values_list("for_date", flat=True)) == [
        dt.date(2030, 12, 9),
        dt.date(2030, 12, 16),
    ]


def test_due_then_overdue_each_sent_once(plan):
    assert send_review_reminders(on=REVIEW - dt.timedelta(days=14)) == 1
    assert send_review_reminders(on=REVIEW - dt.timedelta(days=1)) == 0
    assert send_review_reminders(on=REVIEW + dt.timedelta(days=1)) == 1
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Review due 12 December",
        "Review overdue since 12 December",
    ]


def test_moving_the_review_date_earns_a_fresh_reminder(plan):
    send_review_reminders(on=REVIEW - dt.timedelta(days=10))
    Plan.objects.filter(pk=plan.pk).update(review_date=REVIEW + dt.timedelta(days=7))

    assert send_review_reminders(on=REVIEW - dt.timedelta(days=3)) == 1


@pytest.mark.parametrize("status", [Plan.Status.REVIEWED, Plan.Status.SUPERSEDED])
def test_plan_no_longer_in_force_gets_nothing(plan, status):
    Plan.objects.filter(pk=plan.pk).update(status=status)

    for day in (REVIEW - dt.timedelta(days=10), REVIEW, REVIEW + dt.timedelta(days=30)):
        assert reviews_needing_reminder(day) == []
        assert send_review_reminders(on=day) == 0
    assert mail.outbox == []


def test_draft_plan_gets_nothing(draft, staff):
    Plan.objects.filter(pk=draft.pk).update(review_date=REVIEW)

    assert send_review_reminders(on=REVIEW + dt.timedelta(days=3)) == 0


def test_no_staff_with_email_sends_nothing_and_claims_nothing(plan, staff):
    type(staff["senco"]).objects.filter(role__in=["senco", "teacher", "ta"]).update(email="")

    assert send_review_reminders(on=REVIEW - dt.timedelta(days=10)) == 0
    assert ReminderSent.objects.count() == 0


# --- what the email says -------------------------------------------------------------------


def test_email_minimises_personal_data(plan, assessed):
    _assessment, anxiety, fatigue = assessed
    send_review_reminders(on=REVIEW - dt.timedelta(days=10))
    (message,) = mail.outbox
    everything = "\n".join([message.subject, message.body, html_body(message), ics_text(message)])

    for secret in (
        "SEMH",
        "Social, emotional",
        anxiety.title,
        fatigue.title,
        "Rabbit",
        plan.pupil.upn,
        "Mornings are hard",
        "Warning of changes",
        "Rest break",
    ):
        assert secret not in everything
    assert "Peter R." in message.body
    assert "Oak Primary" in message.body
    url = f"https://sensupport.example/pupils/{plan.pupil_id}/plans/{plan.pk}/"
    assert url in message.body
    assert f'href="{url}"' in html_body(message)


def test_calendar_invitation_follows_rfc_5545(plan, staff):
    send_review_reminders(on=REVIEW - dt.timedelta(days=10))
    (message,) = mail.outbox
    (part,) = calendar_parts(message)
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "review.ics"
    raw = base64.b64decode(part.get_payload())
    text = raw.decode("utf-8")

    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert "METHOD:REQUEST\r\n" in text
    assert "DTSTART;VALUE=DATE:20301212\r\n" in text
    assert "DTEND;VALUE=DATE:20301213\r\n" in text
    assert f"UID:plan-{plan.pk}-review-2030-12-12@sensupport\r\n" in text
    unfolded = text.replace("\r\n ", "")
    stamp = next(line for line in unfolded.split("\r\n") if line.startswith("DTSTAMP:"))
    assert dt.datetime.strptime(stamp, "DTSTAMP:%Y%m%dT%H%M%SZ")
    assert f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{staff['teacher'].email}" in unfolded
    assert "SUMMARY:SEN Support plan review: Peter R.\r\n" in unfolded


def test_calendar_text_is_escaped_and_folded_by_octets(plan):
    school = plan.pupil.school
    school.name = "Ysgol Gynradd Gymraeg Llanfair; Pwllgwyngyll, Môn – ŵyr a ŷd ysgol hir iawn iawn iawn"
    school.save()
    send_review_reminders(on=REVIEW - dt.timedelta(days=10))
    raw = base64.b64decode(calendar_parts(mail.outbox[0])[0].get_payload())

    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    unfolded = raw.decode("utf-8").replace("\r\n ", "")
    assert "Llanfair\\; Pwllgwyngyll\\, Môn – ŵyr" in unfolded


def test_fold_never_splits_a_character():
    line = "DESCRIPTION:" + "é" * 100 + "ŵ" * 7
    folded = ical_fold(line)
    physical = folded.encode("utf-8").split(b"\r\n")

    assert all(len(p) <= 75 for p in physical)
    assert all(p.startswith(b" ") for p in physical[1:])
    for p in physical:
        p.decode("utf-8")  # each physical line is whole characters
    assert folded.replace("\r\n ", "") == line


# --- early review requests -----------------------------------------------------------------


def test_unanswered_early_review_request_reminds_only_the_senco_once(plan, staff):
    request = early_review_request(pupil=plan.pupil, actor=staff["parent"], reason="Peter is very anxious about SATs")
    late = request.answer_due + dt.timedelta(days=1)

    assert reviews_needing_reminder(request.answer_due) == []
    assert send_review_reminders(on=late) == 1
    (message,) = mail.outbox
    assert message.to == [staff["senco"].email]
    assert message.subject == "Early review request waiting for an answer: Peter R.'s support plan"
    assert "anxious" not in message.body and "SATs" not in message.body
    assert calendar_parts(message) == []
    assert ReminderSent.objects.get(kind=EARLY_REVIEW_ANSWER_OVERDUE).for_date == request.answer_due

    assert send_review_reminders(on=late + dt.timedelta(days=7)) == 0


def test_answered_early_review_request_needs_no_reminder(plan, staff):
    request = early_review_request(pupil=plan.pupil, actor=staff["parent"], reason="Worried")
    early_review_answer(request=request, actor=staff["senco"], answer="Let's meet")

    assert send_review_reminders(on=request.answer_due + dt.timedelta(days=5)) == 0


# --- idempotent under concurrency and failure ----------------------------------------------


def test_a_reminder_claimed_by_another_worker_is_not_sent_again(plan, monkeypatch):
    day = REVIEW - dt.timedelta(days=10)
    ReminderSent.objects.create(plan=plan, kind=REVIEW_DUE, for_date=REVIEW, recipients="x")
    # The other worker inserted its row after this one checked: the unique constraint decides.
    monkeypatch.setattr(reminders, "_already_sent", lambda reminder: False)

    assert send_review_reminders(on=day) == 0
    assert mail.outbox == []
    assert ReminderSent.objects.count() == 1


def test_a_failed_send_releases_the_claim_for_the_next_run(plan, monkeypatch):
    day = REVIEW - dt.timedelta(days=10)

    class Broken:
        def send_messages(self, messages):
            raise ConnectionRefusedError("mail server down")

    assert send_review_reminders(on=day, connection=Broken()) == 0
    assert ReminderSent.objects.count() == 0

    assert send_review_reminders(on=day) == 1
    assert ReminderSent.objects.count() == 1


# --- commands, schedule and the task queue -------------------------------------------------


def test_send_reminders_command_sends_for_a_given_day(plan):
    out = StringIO()
    call_command("send_reminders", "--on", (REVIEW - dt.timedelta(days=10)).isoformat(), stdout=out)

    assert "Sent 1 reminder for 2030-12-02." in out.getvalue()
    assert len(mail.outbox) == 1


def test_review_reminders_are_scheduled_hourly():
    (schedule,) = [s for s in SCHEDULES if s.name == "review-reminders"]
    assert schedule.task == "sensupport.reviews.tasks.send_review_reminders_task"
    assert schedule.every == dt.timedelta(hours=1)


def test_scheduler_enqueues_when_due():
    (schedule,) = SCHEDULES[:1]
    start = timezone.now()
    assert due_schedules([schedule], {}, start) == [schedule]
    last = {schedule.name: start}
    assert due_schedules([schedule], last, start + schedule.every / 2) == []
    assert seconds_until_next([schedule], last, start + schedule.every / 2) == pytest.approx(
        schedule.every.total_seconds() / 2
    )
    assert due_schedules([schedule], last, start + schedule.every) == [schedule]


@pytest.fixture
def due_today(agreed, staff):
    Plan.objects.filter(pk=agreed.pk).update(review_date=timezone.localdate() + dt.timedelta(days=10))
    return agreed


def test_task_runs_in_process_with_the_immediate_backend(due_today, settings):
    settings.TASKS = IMMEDIATE

    result = send_review_reminders_task.enqueue()

    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_run_schedule_once_enqueues_the_reminder_task(due_today, settings):
    settings.TASKS = IMMEDIATE
    out = StringIO()

    call_command("run_schedule", "--once", stdout=out)

    assert "enqueued review-reminders" in out.getvalue()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_task_runs_through_the_database_queue_and_worker(due_today, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_QUEUE
    result = send_review_reminders_task.enqueue()
    assert mail.outbox == []  # queued, not run

    run_worker_once()

    assert len(mail.outbox) == 1
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL"
    assert row.task_result.return_value == 1
    assert ReminderSent.objects.filter(plan=due_today, kind=REVIEW_DUE).count() == 1

    # A second enqueue (say, two schedulers) is harmless: the job finds nothing left to send.
    send_review_reminders_task.enqueue()
    run_worker_once()
    assert len(mail.outbox) == 1
