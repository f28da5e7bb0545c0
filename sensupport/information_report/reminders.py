"""The annual reminder to review the SEN information report (reg 51: the report is updated every
year). A school whose newest version will be a year old within REMIND_DAYS_BEFORE days hears once
per due date: a `ReportReminder` row claims it, so the task is idempotent (run it hourly, on
several workers, or twice by hand: one email). Publishing a new version moves the due date, and
earns the next year's reminder."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from sensupport.accounts.models import SCHOOL_LEADERS, User
from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record

from . import schedule
from .models import InformationReport, ReportReminder

logger = logging.getLogger(__name__)


def due_reports(on: dt.date) -> list[tuple[InformationReport, dt.date]]:
    """Published reports due for review within REMIND_DAYS_BEFORE days of `on` (or overdue), with
    their due date, not yet reminded for it."""
    found = []
    reports = InformationReport.objects.select_related("school").annotate(last=Max("versions__published_at"))
    for report in reports.filter(last__isnull=False):
        due = schedule.review_due(timezone.localdate(report.last))
        if on >= due - dt.timedelta(days=schedule.REMIND_DAYS_BEFORE):
            found.append((report, due))
    claimed = set(ReportReminder.objects.filter(report__in=[r for r, _ in found]).values_list("report_id", "for_date"))
    return [(report, due) for report, due in found if (report.pk, due) not in claimed]


def send_information_report_reminders(*, on: dt.date, via: str = AuditEvent.Via.TASK) -> int:
    sent = 0
    for report, due in due_reports(on):
        recipients = sorted(
            User.objects.filter(school=report.school, role__in=sorted(SCHOOL_LEADERS), is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not recipients:
            continue
        try:
            with transaction.atomic():
                ReportReminder.objects.create(report=report, for_date=due, recipients=", ".join(recipients))
                audit_record(
                    actor=None,
                    school=report.school,
                    action=AuditEvent.Action.SEND,
                    target=AuditEvent.Target.INFORMATION_REPORT,
                    target_id=report.pk,
                    summary=f"Reminder to review the SEN information report (due {due:%d/%m/%Y}) emailed to "
                    f"{len(recipients)} member(s) of staff",
                    via=via,
                )
                transaction.on_commit(lambda r=recipients, d=due, s=report.school: _email(r, d, s))
        except IntegrityError:  # another worker claimed it first
            continue
        sent += 1
    return sent


def _email(recipients: list[str], due: dt.date, school) -> None:
    link = f"{settings.SITE_URL}{reverse('information_report:edit')}"
    send_mail(
        subject=f"Review your SEN information report by {due.day} {due:%B %Y}",
        message=(
            f"{school.name}'s SEN information report was last published a year ago. The SEND Regulations 2014 "
            f"ask schools to update it every year.\n\nCheck each item and publish a new version: {link}\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )
