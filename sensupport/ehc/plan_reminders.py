"""Reminders about EHC plans' annual reviews, on the existing task queue (config/schedule.py), sent
once each: an `EhcReminderSent` row claims each one (as `reviews.ReminderSent` does for SEN Support
plans), so running the job every hour, twice, or on two workers sends each reminder once.

Kinds and their `for_date`:

- `ehc_review_due`: the next annual review is due within eight weeks (time to fix a date and invite
  two weeks ahead) and its meeting has not been held. `for_date` is the due date: once per due date.
  To the school's SENCOs.
- `ehc_review_overdue`: the due date has passed without a meeting. `for_date` is the Monday of the
  week: it repeats weekly while overdue. To the school's SENCOs.
- `ehc_report_overdue`: the meeting was held, the school's report is past its two weeks. `for_date`
  is the report's deadline. To the school's SENCOs.
- `ehc_decision_overdue`: the LA's decision is past its four weeks. `for_date` is its deadline. To
  the officers of the plan's LA.

The emails carry the pupil's first name and surname initial, the school, the date and a link; never
the plan's content.
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
from sensupport.reviews.reminders import pupil_short_name, week_start

from .models import EhcPlan, EhcReminderSent
from .plan_selectors import PlanRow, plan_row

logger = logging.getLogger(__name__)

DUE, OVERDUE, REPORT_OVERDUE, DECISION_OVERDUE = (
    "ehc_review_due",
    "ehc_review_overdue",
    "ehc_report_overdue",
    "ehc_decision_overdue",
)


@dataclass(frozen=True)
class EhcReminder:
    row: PlanRow
    kind: str
    for_date: dt.date


def reminders_for(row: PlanRow, *, on: dt.date) -> list[EhcReminder]:
    """The reminders one plan's facts call for on `on` (pure over the row)."""
    out = []
    meeting_held = row.open_review is not None and row.open_review.held_on is not None
    if row.due and not meeting_held:
        if row.state == "overdue":
            out.append(EhcReminder(row, OVERDUE, week_start(on)))
        elif row.state == "due soon":
            out.append(EhcReminder(row, DUE, row.due))
    for step in row.overdue_steps:
        if step.key == "report":
            out.append(EhcReminder(row, REPORT_OVERDUE, step.due))
        elif step.key == "decision":
            out.append(EhcReminder(row, DECISION_OVERDUE, step.due))
    return out


def reminders_due(on: dt.date) -> list[EhcReminder]:
    """Every reminder due on `on`, sent or not: every open plan of every school (the job is nobody's
    request, so no viewer's scope)."""
    return [r for plan in _open_plans() for r in reminders_for(plan_row(plan, today=on), on=on)]


def _open_plans():
    from django.db.models import Prefetch

    from .models import AnnualReview, EhcPlanVersion

    return (
        EhcPlan.objects.filter(ceased_on__isnull=True)
        .select_related("pupil__school", "local_authority")
        .prefetch_related(
            Prefetch("versions", queryset=EhcPlanVersion.objects.order_by("number")),
            Prefetch("annual_reviews", queryset=AnnualReview.objects.order_by("meeting_on", "pk")),
        )
        .order_by("pk")
    )


def recipients(reminder: EhcReminder) -> list[str]:
    plan = reminder.row.plan
    if reminder.kind == DECISION_OVERDUE:
        people = User.objects.filter(role=Role.LA_OFFICER, local_authority_id=plan.local_authority_id)
    else:
        people = User.objects.filter(role=Role.SENCO, school_id=plan.pupil.school_id)
    return sorted({u.email for u in people.filter(is_active=True).exclude(email="")})


def _message(reminder: EhcReminder, to: list[str], connection) -> EmailMessage:
    pupil = reminder.row.pupil
    name = pupil_short_name(pupil)
    site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    link = site + reverse("ehc:plan", kwargs={"pupil_id": pupil.pk})
    when = f"{reminder.row.due:%-d %B %Y}" if reminder.row.due else ""
    subject, line = {
        DUE: (
            f"EHC plan annual review due by {when}: {name}",
            f"The annual review of {name}'s EHC plan is due by {when}. "
            "Fix the meeting date and send the invitations at least two weeks before it.",
        ),
        OVERDUE: (
            f"EHC plan annual review overdue: {name}",
            f"The annual review of {name}'s EHC plan was due by {when} and no meeting has been recorded.",
        ),
        REPORT_OVERDUE: (
            f"EHC annual review report overdue: {name}",
            f"The report of {name}'s annual review meeting was due by {reminder.for_date:%-d %B %Y}.",
        ),
        DECISION_OVERDUE: (
            f"EHC annual review decision overdue: {name}",
            f"The local authority's decision on {name}'s annual review was due by {reminder.for_date:%-d %B %Y}.",
        ),
    }[reminder.kind]
    body = f"{line}\n\n{pupil.school.name}\n{link}\n"
    return EmailMessage(subject=subject, body=body, to=to, connection=connection)


def send_ehc_review_reminders(on: dt.date, connection=None, *, via: str = AuditEvent.Via.TASK) -> int:
    """Send every reminder due on `on` not sent yet; each claimed, audited and sent in one
    transaction (a failed send rolls the claim back for the next run). Returns how many went."""
    connection = connection or get_connection()
    sent = 0
    for reminder in reminders_due(on):
        plan = reminder.row.plan
        if EhcReminderSent.objects.filter(plan=plan, kind=reminder.kind, for_date=reminder.for_date).exists():
            continue
        to = recipients(reminder)
        if not to:
            logger.warning("Nobody with an email address to remind about EHC plan %s (%s)", plan.pk, reminder.kind)
            continue
        try:
            with transaction.atomic():
                EhcReminderSent.objects.create(
                    plan=plan, kind=reminder.kind, for_date=reminder.for_date, recipients=", ".join(to)
                )
                audit_record(
                    actor=None,
                    action=AuditEvent.Action.SEND,
                    pupil=plan.pupil,
                    target=AuditEvent.Target.EHC_REVIEW_REMINDER,
                    target_id=plan.pk,
                    summary=f"Reminder ({reminder.kind.replace('_', ' ')}, {reminder.for_date:%d/%m/%Y}) emailed to "
                    f"{len(to)} people",
                    via=via,
                )
                _message(reminder, to, connection).send()
        except IntegrityError:
            continue  # another worker claimed it first
        except Exception:
            logger.exception("Could not send %s reminder for EHC plan %s; retried next run", reminder.kind, plan.pk)
            continue
        sent += 1
    return sent
