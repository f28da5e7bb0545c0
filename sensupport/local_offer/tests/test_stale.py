"""Entries not checked for a year are flagged to their provider and the LA once per check."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from sensupport.local_offer import services
from sensupport.local_offer.models import ProviderEditor
from sensupport.local_offer.rules import is_stale, stale_before
from sensupport.local_offer.stale import flag_stale_services
from sensupport.local_offer.tasks import flag_stale_services_task


def test_stale_means_not_checked_for_a_year():
    today = dt.date(2026, 6, 1)
    assert stale_before(today) == dt.date(2025, 6, 1)
    assert is_stale(dt.date(2025, 5, 31), on=today) and not is_stale(dt.date(2025, 6, 1), on=today)


def test_the_provider_and_the_la_are_told_once(directory, la_officer, other_la_officer, professional):
    ProviderEditor.objects.create(provider=directory.council, user=professional)
    today = timezone.localdate()
    assert flag_stale_services(on=today) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([professional.email, la_officer.email])
    assert any("Toy library" in m.subject for m in mail.outbox)
    assert all(other_la_officer.email not in m.to for m in mail.outbox)
    directory.old_entry.refresh_from_db()
    assert directory.old_entry.stale_flagged_on == today
    # Again, and by the scheduled task: nothing more is sent.
    assert flag_stale_services(on=today) == 0
    assert flag_stale_services_task.call() == 0
    assert len(mail.outbox) == 2


def test_a_check_clears_the_flag_so_the_next_lapse_is_told_again(directory, la_officer):
    today = timezone.localdate()
    flag_stale_services(on=today)
    services.service_mark_checked(actor=la_officer, service=directory.old_entry)
    directory.old_entry.refresh_from_db()
    assert directory.old_entry.stale_flagged_on is None and directory.old_entry.last_checked_on == today
    assert flag_stale_services(on=today) == 0
    assert flag_stale_services(on=today + dt.timedelta(days=366)) == 5  # every Northshire and Southshire entry


def test_the_task_is_scheduled():
    from config.schedule import SCHEDULES

    assert "sensupport.local_offer.tasks.flag_stale_services_task" in {s.task for s in SCHEDULES}
