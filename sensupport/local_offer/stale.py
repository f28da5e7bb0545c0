"""Entries nobody has confirmed for a year (rules.STALE_AFTER_DAYS): tell the provider's editors,
and the LA's officers in one email per LA, once per check.

Reminders are data: `Service.stale_flagged_on` claims each entry with a conditional UPDATE (only
the run that changes it from empty sends), and a check (an approved change, or an officer marking
it checked) empties it again. So the task is idempotent: hourly, on several workers, or by hand,
each stale entry is flagged once until it is checked again. The public page shows the warning
from the date alone, flagged or not."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse

from sensupport.accounts.models import User
from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record

from .models import Service


def _officers(la_id) -> list[str]:
    officers = User.objects.filter(local_authority_id=la_id, is_active=True).exclude(email="")
    return [u.email for u in officers if u.has_perm("local_offer.manage")]


def flag_stale_services(*, on: dt.date, via: str = AuditEvent.Via.TASK) -> int:
    """Flag every stale entry not yet flagged since its last check; returns how many were flagged."""
    candidates = list(
        Service.objects.stale(on=on).filter(stale_flagged_on__isnull=True).select_related("provider").order_by("name")
    )
    by_la: dict[int, list[Service]] = defaultdict(list)
    for service in candidates:
        with transaction.atomic():
            if not Service.objects.filter(pk=service.pk, stale_flagged_on__isnull=True).update(stale_flagged_on=on):
                continue  # another run claimed it
            editors = sorted(
                {m.user.email for m in service.provider.editor_memberships.select_related("user") if m.user.email}
            )
            audit_record(
                actor=None,
                action=AuditEvent.Action.SEND,
                target=AuditEvent.Target.LOCAL_OFFER_SERVICE,
                target_id=service.pk,
                summary=f"Entry not checked since {service.last_checked_on:%d %b %Y}: provider and LA told",
                via=via,
            )
            _tell_provider(service, editors)  # inside: if sending fails, the claim is undone and retried
        by_la[service.provider.local_authority_id].append(service)
    for la_id, services in by_la.items():
        _tell_la(services, _officers(la_id))
    return sum(len(s) for s in by_la.values())


def _tell_provider(service: Service, to: list[str]) -> None:
    if not to:
        return
    url = settings.SITE_URL + reverse("local_offer:propose", args=[service.pk])
    EmailMessage(
        subject=f"Please check your Local Offer entry: {service.name}",
        body=(
            f'Your entry "{service.name}" in the Local Offer was last checked on '
            f"{service.last_checked_on:%d %B %Y}. Families are now told it may be out of date.\n\n"
            f"Please check it and send any changes (or confirm it is still correct):\n{url}\n"
        ),
        to=to,
    ).send()


def _tell_la(services: list[Service], to: list[str]) -> None:
    if not to or not services:
        return
    lines = "\n".join(f"- {s.name} ({s.provider.name}), last checked {s.last_checked_on:%d %B %Y}" for s in services)
    EmailMessage(
        subject=f"{len(services)} Local Offer entr{'y' if len(services) == 1 else 'ies'} need checking",
        body=(
            "These entries have not been checked for more than a year; their providers have been asked to "
            f"check them:\n\n{lines}\n\n{settings.SITE_URL}{reverse('local_offer:manage')}#stale\n"
        ),
        to=to,
    ).send()
