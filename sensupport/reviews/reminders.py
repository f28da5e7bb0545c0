"""Review reminders: which plans need one today, who hears about it, and sending them once.

Reminders are data. The due dates live on the rows (``Plan.review_date``,
``EarlyReviewRequest.answer_due``); this module works out what is due on a given day and a
``ReminderSent`` row claims each reminder, so the job is idempotent: run it every hour, on
several workers at once, or twice by hand, and each reminder still goes out once.

Kinds (``ReminderSent.kind``) and their ``for_date``:

- ``review_due``: a plan in force (agreed or active) whose review date is between today and
  ``REVIEW_REMINDER_DAYS`` (default 14) days ahead. ``for_date`` is the review date, so one
  reminder per review date; moving the date earns a fresh reminder. Carries a calendar invitation.
- ``review_overdue``: a plan in force whose review date has passed. ``for_date`` is the Monday of
  the current week, so the reminder repeats once a week while the plan stays overdue.
- ``early_review_answer_overdue``: a parent's (or colleague's) request for an early review that is
  still unanswered after its ``answer_due`` date; sent to the school's SENCOs only. It is recorded
  against the request's plan (or, when the request has none, the pupil's newest plan) with
  ``for_date`` = ``answer_due``, so it goes out once per request date. A request for a pupil who has
  no plan at all cannot be recorded in ``ReminderSent`` (its ``plan`` is required), so it is
  skipped and logged rather than sent on every run.

Emails carry as little about the child as possible (special-category data): the pupil's first
name and surname initial, the school's name, the date and a link to the plan. Never needs,
barriers, reasons or anything a parent wrote.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as format_date

from sensupport.accounts.models import Role, User
from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.plans.models import Plan

from .models import EarlyReviewRequest, ReminderSent

logger = logging.getLogger(__name__)

REVIEW_DUE = "review_due"
REVIEW_OVERDUE = "review_overdue"
EARLY_REVIEW_ANSWER_OVERDUE = "early_review_answer_overdue"

DEFAULT_REVIEW_REMINDER_DAYS = 14


@dataclass(frozen=True)
class Reminder:
    """One reminder to send: about ``plan``, of ``kind``, claimed by (plan, kind, for_date)."""

    plan: Plan
    kind: str
    for_date: dt.date
    request: EarlyReviewRequest | None = None


def review_reminder_days() -> int:
    return int(getattr(settings, "REVIEW_REMINDER_DAYS", DEFAULT_REVIEW_REMINDER_DAYS))


def week_start(on: dt.date) -> dt.date:
    """The Monday of ``on``'s week: overdue reminders are claimed once per week."""
    return on - dt.timedelta(days=on.weekday())


# --- what is due -------------------------------------------------------------------------------


def reminders_due(on: dt.date) -> list[Reminder]:
    """Every reminder due on ``on``, whether or not it has been sent already."""
    reminders: list[Reminder] = []
    in_force = Plan.objects.current().filter(review_date__isnull=False).select_related("pupil__school")
    horizon = on + dt.timedelta(days=review_reminder_days())
    for plan in in_force.filter(review_date__gte=on, review_date__lte=horizon).order_by("review_date", "pk"):
        reminders.append(Reminder(plan=plan, kind=REVIEW_DUE, for_date=plan.review_date))
    monday = week_start(on)
    for plan in in_force.filter(review_date__lt=on).order_by("review_date", "pk"):
        reminders.append(Reminder(plan=plan, kind=REVIEW_OVERDUE, for_date=monday))

    unanswered = (
        EarlyReviewRequest.objects.filter(answered_at__isnull=True, answer_due__lt=on)
        .select_related("pupil__school", "plan__pupil__school")
        .order_by("answer_due", "pk")
    )
    for request in unanswered:
        plan = request.plan
        if plan is None:
            plan = request.pupil.plans.select_related("pupil__school").order_by("-version").first()
        if plan is None:
            logger.warning(
                "Early review request %s is overdue but the pupil has no plan to record a reminder against", request.pk
            )
            continue
        reminders.append(
            Reminder(plan=plan, kind=EARLY_REVIEW_ANSWER_OVERDUE, for_date=request.answer_due, request=request)
        )
    return reminders


def reviews_needing_reminder(on: dt.date) -> list[tuple[Plan, str]]:
    """(plan, kind) for every reminder due on ``on`` that has not been sent yet."""
    return [(r.plan, r.kind) for r in reminders_due(on) if not _already_sent(r)]


def _already_sent(reminder: Reminder) -> bool:
    return ReminderSent.objects.filter(plan=reminder.plan, kind=reminder.kind, for_date=reminder.for_date).exists()


# --- who hears about it ------------------------------------------------------------------------


def senco_recipients(plan: Plan) -> list[str]:
    school_id = plan.pupil.school_id
    sencos = User.objects.filter(role=Role.SENCO, is_active=True, school_id=school_id).exclude(email="")
    return sorted({u.email for u in sencos})


def recipients_for(plan: Plan) -> list[str]:
    """Email addresses of the school's SENCOs and the class teachers and TAs who teach the pupil.

    Staff only: parents are never sent a staff reminder, whatever groups they appear in.
    """
    pupil = plan.pupil
    class_staff = User.objects.filter(
        role__in=[Role.TEACHER, Role.TEACHING_ASSISTANT],
        is_active=True,
        school_id=pupil.school_id,
        teaching_groups__pupils=pupil,
        teaching_groups__school_id=pupil.school_id,
    ).exclude(email="")
    return sorted(set(senco_recipients(plan)) | {u.email for u in class_staff})


def _recipients(reminder: Reminder) -> list[str]:
    if reminder.kind == EARLY_REVIEW_ANSWER_OVERDUE:
        return senco_recipients(reminder.plan)
    return recipients_for(reminder.plan)


# --- what the email says -----------------------------------------------------------------------


def pupil_short_name(pupil) -> str:
    """First name and surname initial: enough for staff to know who, little if misdirected."""
    forename = (pupil.preferred_forename or pupil.forename).strip()
    surname = (pupil.preferred_surname or pupil.surname).strip()
    return f"{forename} {surname[:1]}." if surname else forename


def plan_url(plan: Plan) -> str:
    from django.urls import reverse

    site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return site + reverse("plans:plan", kwargs={"pupil_id": plan.pupil_id, "plan_id": plan.pk})


def _subject(reminder: Reminder, name: str) -> str:
    if reminder.kind == REVIEW_DUE:
        return f"Review due {format_date(reminder.plan.review_date, 'j F')}: {name}'s support plan"
    if reminder.kind == REVIEW_OVERDUE:
        return f"Review overdue since {format_date(reminder.plan.review_date, 'j F')}: {name}'s support plan"
    return f"Early review request waiting for an answer: {name}'s support plan"


def build_message(reminder: Reminder, recipients: list[str], *, on: dt.date, connection=None) -> EmailMultiAlternatives:
    plan = reminder.plan
    name = pupil_short_name(plan.pupil)
    context = {
        "kind": reminder.kind,
        "pupil_name": name,
        "school_name": plan.pupil.school.name,
        "review_date": plan.review_date,
        "days_overdue": (on - plan.review_date).days if plan.review_date else None,
        "answer_due": reminder.request.answer_due if reminder.request else None,
        "plan_url": plan_url(plan),
        "plan_version": plan.version,
    }
    text = render_to_string("reviews/email/reminder.txt", context)
    html = render_to_string("reviews/email/reminder.html", context)
    message = EmailMultiAlternatives(subject=_subject(reminder, name), body=text, to=recipients, connection=connection)
    message.attach_alternative(html, "text/html")
    if reminder.kind == REVIEW_DUE:
        message.attach(calendar_part(review_invitation(plan, recipients=recipients), filename="review.ics"))
    return message


# --- calendar invitation (RFC 5545, iTIP REQUEST per RFC 5546) -----------------------------------


def ical_escape(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ical_fold(line: str) -> str:
    """Fold a content line so no physical line exceeds 75 octets (RFC 5545 3.1).

    Continuation lines start with one space; a UTF-8 character is never split.
    """
    parts: list[str] = []
    current, size, limit = [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [" "], 1, 75
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n".join(parts)


def review_invitation(plan: Plan, *, recipients: Iterable[str] = (), now: dt.datetime | None = None) -> str:
    """An all-day calendar invitation for the plan's review date, as .ics text with CRLF lines."""
    review_date = plan.review_date
    name = pupil_short_name(plan.pupil)
    stamp = (now or timezone.now()).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    organiser = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@sensupport.invalid"
    description = (
        f"Review of {name}'s SEN Support plan at {plan.pupil.school.name}. Open the plan to prepare: {plan_url(plan)}"
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//sensupport//review reminders//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"UID:plan-{plan.pk}-review-{review_date.isoformat()}@sensupport",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{review_date.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(review_date + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT",
        f"SUMMARY:{ical_escape(f'SEN Support plan review: {name}')}",
        f"DESCRIPTION:{ical_escape(description)}",
        f"URL:{plan_url(plan)}",
        f"ORGANIZER:mailto:{organiser}",
        *(f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{email}" for email in recipients),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(ical_fold(line) + "\r\n" for line in lines)


def calendar_part(ics: str, *, filename: str) -> MIMEText:
    """A text/calendar; method=REQUEST attachment. Base64 keeps the CRLF line endings intact."""
    part = MIMEText(ics, "calendar", "utf-8")
    part.set_param("method", "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


# --- sending -----------------------------------------------------------------------------------


def send_review_reminders(on: dt.date, connection=None, *, via: str = AuditEvent.Via.TASK) -> int:
    """Send every reminder due on ``on`` that has not gone out yet. Returns how many were sent.

    Each reminder is claimed and sent in one transaction: the ``ReminderSent`` row is inserted
    first (the unique (plan, kind, for_date) constraint turns a concurrent worker's insert into an
    IntegrityError, which we treat as "already sent"), then the email goes; if sending fails the
    claim is rolled back and the next run tries again.
    """
    connection = connection or get_connection()
    sent = 0
    for reminder in reminders_due(on):
        if _already_sent(reminder):
            continue
        recipients = _recipients(reminder)
        if not recipients:
            logger.warning(
                "No staff with an email address to remind about plan %s (%s)", reminder.plan.pk, reminder.kind
            )
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    plan=reminder.plan, kind=reminder.kind, for_date=reminder.for_date, recipients=", ".join(recipients)
                )
                audit_record(
                    actor=None,
                    action=AuditEvent.Action.SEND,
                    pupil=reminder.plan.pupil,
                    target=AuditEvent.Target.REVIEW_REMINDER,
                    target_id=reminder.plan.pk,
                    summary=f"Reminder ({reminder.kind.replace('_', ' ')}, {reminder.for_date:%d/%m/%Y}) emailed to "
                    f"{len(recipients)} member(s) of staff",
                    via=via,
                )
                build_message(reminder, recipients, on=on, connection=connection).send()
        except IntegrityError:
            continue  # another worker claimed it first
        except Exception:
            logger.exception(
                "Could not send %s reminder for plan %s; will retry on the next run", reminder.kind, reminder.plan.pk
            )
            continue
        sent += 1
    return sent
