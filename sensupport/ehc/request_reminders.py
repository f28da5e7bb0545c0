"""Overdue steps of EHC needs-assessment requests, as reminders to the local authority's officers.

Reminders are data: the deadlines come from `clock.request_deadlines` (through
`request_rules.overdue_steps`), and an `EhcRequestReminder` row claims each (request, step, week), so
the job is idempotent: run it hourly, on several workers, or twice by hand, and each overdue step is
reminded once a week while it stays overdue. A request with an exception (reg 10(4)) is not reminded:
the time limit does not apply, and the exception is shown on the request instead.

The email names the pupil by first name and surname initial, the school, the step and its date, and
links to the request: never the reasons or anything the family wrote.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse

from sensupport.accounts.models import Role, User
from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record

from . import request_rules as rules
from .models import EhcRequest, EhcRequestReminder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    request: EhcRequest
    milestone: rules.Milestone
    for_date: dt.date  # the Monday of the week


def week_start(on: dt.date) -> dt.date:
    return on - dt.timedelta(days=on.weekday())


def reminders_due(on: dt.date) -> list[Reminder]:
    """Every overdue step on `on`, sent or not. One query."""
    open_requests = (
        EhcRequest.objects.exclude(stage__in=rules.CLOSED_STAGES)
        .filter(received_on__isnull=False, exception="")
        .select_related("pupil", "school", "local_authority")
        .order_by("received_on", "pk")
    )
    monday = week_start(on)
    return [
        Reminder(request, milestone, monday)
        for request in open_requests
        for milestone in rules.overdue_steps(rules.RequestDates.of(request), today=on)
    ]


def recipients_for(request: EhcRequest) -> list[str]:
    officers = User.objects.filter(
        role=Role.LA_OFFICER, is_active=True, local_authority_id=request.local_authority_id
    ).exclude(email="")
    return sorted({u.email for u in officers})


def _message(reminder: Reminder, recipients: list[str], connection) -> EmailMessage:
    request, milestone = reminder.request, reminder.milestone
    pupil = request.pupil
    name = f"{pupil.display_name.split(' ')[0]} {pupil.surname[:1]}."
    site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    link = site + reverse("ehc:request", kwargs={"pupil_id": pupil.pk, "ehc_request_id": request.pk})
    body = (
        f"An EHC needs assessment request is overdue.\n\n"
        f"Pupil: {name}, {request.school.name}\n"
        f"Step: {milestone.label}\n"
        f"Due by: {milestone.due_on:%d %B %Y}\n\n"
        f"Record the step, or an exception to the time limits, here:\n{link}\n"
    )
    return EmailMessage(
        subject=f"Overdue: {milestone.label.split(' (')[0]} for {name}",
        body=body,
        to=recipients,
        connection=connection,
    )


def send_request_reminders(*, on: dt.date, connection=None, via: str = AuditEvent.Via.TASK) -> int:
    """Send every overdue-step reminder not sent yet this week. Each is claimed (the unique row) and
    sent in one transaction: a concurrent worker's claim fails, and a failed send is retried next run."""
    connection = connection or get_connection()
    sent = 0
    for reminder in reminders_due(on):
        request, step = reminder.request, reminder.milestone.key
        if EhcRequestReminder.objects.filter(request=request, step=step, for_date=reminder.for_date).exists():
            continue
        recipients = recipients_for(request)
        if not recipients:
            logger.warning("No LA officer with an email address to remind about EHC request %s", request.pk)
            continue
        try:
            with transaction.atomic():
                EhcRequestReminder.objects.create(
                    request=request, step=step, for_date=reminder.for_date, recipients=", ".join(recipients)
                )
                audit_record(
                    actor=None,
                    action=AuditEvent.Action.SEND,
                    pupil=request.pupil,
                    target=AuditEvent.Target.EHC_REQUEST_REMINDER,
                    target_id=request.pk,
                    summary=f"Overdue ({reminder.milestone.label}, due {reminder.milestone.due_on:%d/%m/%Y}) emailed "
                    f"to {len(recipients)} officer(s)",
                    via=via,
                )
                _message(reminder, recipients, connection).send()
        except IntegrityError:
            continue  # another worker claimed it first
        except Exception:
            logger.exception("Could not send the reminder for EHC request %s; will retry", request.pk)
            continue
        sent += 1
    return sent
