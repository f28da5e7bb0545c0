from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.reviews.reminders import send_review_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--on must be a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Send the review reminders due today (or on --on YYYY-MM-DD) that have not been sent yet, "
        "in this process. Safe to repeat: each reminder goes out once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", type=str, default=None, help="The day to send for, YYYY-MM-DD (default: today)")

    def handle(self, *args, on=None, **options):
        day = _date(on) if on else timezone.localdate()
        sent = send_review_reminders(on=day, via=AuditEvent.Via.COMMAND)
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''} for {day.isoformat()}.")
