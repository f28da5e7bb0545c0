"""The family's "no" takes effect on the referral too: withdrawing the consent a referral was made
with closes it at once (the service can book and upload nothing more), says why to school and
family, and keeps the report already written."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.family import consent as consents
from sensupport.referrals import services
from sensupport.referrals.models import Referral
from sensupport.referrals.services import ReferralError

pytestmark = pytest.mark.django_db


def test_withdrawing_consent_closes_an_accepted_referral(
    login, parent, professional, senco, pupil, report, referral_consent
):
    consents.consent_withdraw(consent=referral_consent, parent=parent)
    referral = Referral.objects.get(pk=report.referral_id)
    today = timezone.localdate()
    assert referral.state == Referral.State.CLOSED and referral.closed_on == today
    assert referral.closed_reason == f"Closed because the family withdrew their consent on {today.day} {today:%B %Y}"
    assert referral.reports.count() == 1
    event = AuditEvent.objects.filter(target=AuditEvent.Target.REFERRAL, target_id=referral.pk).latest("pk")
    assert event.actor == parent and event.changes == {"state": ["accepted", "closed"]}
    with pytest.raises(ReferralError, match="accept the referral first"):
        services.appointment_add(actor=professional, referral=referral, on=today, what="Observation")
    page = login(senco).get(reverse("referrals:referral", args=[pupil.pk, referral.pk]))
    assert referral.closed_reason in page.content.decode()
    family = login(parent).get(reverse("referrals:family", args=[pupil.pk]))
    assert referral.closed_reason in family.content.decode()


def test_a_referral_still_waiting_closes_too_and_other_consents_are_untouched(
    parent, sent, referral_consent, senco, pupil
):
    other = consents.consent_give(
        consent=consents.consent_request(pupil=pupil, actor=senco, kind="referral", purpose="SALT"), parent=parent
    )
    consents.consent_withdraw(consent=other, parent=parent)
    sent.refresh_from_db()
    assert sent.state == Referral.State.SENT
    consents.consent_withdraw(consent=referral_consent, parent=parent)
    sent.refresh_from_db()
    assert sent.state == Referral.State.CLOSED


def test_a_declined_referral_stays_declined(parent, professional, sent, referral_consent):
    services.referral_decide(actor=professional, referral=sent, accept=False, reason="Not our area")
    consents.consent_withdraw(consent=referral_consent, parent=parent)
    sent.refresh_from_db()
    assert sent.state == Referral.State.DECLINED and sent.closed_reason == ""
