"""Emails about the Local Offer's changes. No pupil data is ever in them."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from .models import ServiceChange


def decision_email(change_id: int) -> int:
    change = ServiceChange.objects.select_related("service", "proposed_by").filter(pk=change_id).first()
    if change is None or change.proposed_by is None or not change.proposed_by.email:
        return 0
    approved = change.state == ServiceChange.State.APPROVED
    words = "approved and published" if approved else "not approved"
    body = f'Your change to the Local Offer entry "{change.service.name}" was {words}.\n'
    if change.decision_note:
        body += f"\nThe local authority said: {change.decision_note}\n"
    body += f"\nYour entries: {settings.SITE_URL}{reverse('local_offer:my_services')}\n"
    EmailMessage(
        subject=f"Local Offer: your change to {change.service.name} was {words}",
        body=body,
        to=[change.proposed_by.email],
    ).send()
    return 1
