"""Every write is audited in its own transaction with the `via` it was given; every read of a
referral is audited too (the family's through the portal)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.family import consent as consents
from sensupport.referrals import services

from .conftest import pdf

pytestmark = pytest.mark.django_db
T = AuditEvent.Target


def _last():
    return AuditEvent.objects.order_by("-id").first()


def test_every_referral_write_records_its_via(service_admin, la, senco, parent, professional, shared, agreed, assessed):
    _, anxiety, _ = assessed
    pupil = agreed.pupil
    steps = []
    service = services.service_create(actor=service_admin, name="Outreach", kind="other", local_authority=la, via="api")
    steps.append((T.OUTSIDE_SERVICE, None))
    services.service_member_add(
        actor=service_admin, service=service, email="new@outreach.example", first_name="Ned", last_name="New", via="api"
    )
    steps.append((T.OUTSIDE_SERVICE_MEMBER, None))
    ask = consents.consent_request(pupil=pupil, actor=senco, kind="referral", purpose="EP")
    consents.consent_give(consent=ask, parent=parent)
    service = professional.service_membership.service
    referral = services.referral_make(
        actor=senco, pupil=pupil, service=service, consent=ask, question="Why?", barrier_ids=[anxiety.pk], via="api"
    )
    steps.append((T.REFERRAL, pupil.pk))
    services.referral_decide(actor=professional, referral=referral, accept=True, via="api")
    steps.append((T.REFERRAL, pupil.pk))
    services.appointment_add(actor=professional, referral=referral, on=timezone.localdate(), what="Visit", via="api")
    steps.append((T.REFERRAL_APPOINTMENT, pupil.pk))
    report = services.report_upload(
        actor=professional, referral=referral, written_on=timezone.localdate(), file=pdf(), via="api"
    )
    steps.append((T.REFERRAL_REPORT, pupil.pk))
    first = services.recommendation_add(actor=professional, referral=referral, text="One", report=report, via="api")
    second = services.recommendation_add(actor=professional, referral=referral, text="Two", via="api")
    steps += [(T.RECOMMENDATION, pupil.pk)] * 2
    services.recommendation_accept(
        actor=senco, recommendation=first, barrier_ids=[anxiety.pk], kind="adjustment", delivered_by="TA", via="api"
    )
    services.recommendation_decline(actor=senco, recommendation=second, reason="Not now", via="api")
    steps += [(T.RECOMMENDATION, pupil.pk)] * 2
    ours = list(
        AuditEvent.objects.filter(target__in={t for t, _ in steps})
        .order_by("id")
        .values_list("target", "pupil_id", "via")
    )
    assert ours == [(t, p, "api") for t, p in steps]


def test_reads_of_referrals_are_audited(login, senco, parent, recommendation):
    referral = recommendation.referral
    login(senco).get(reverse("referrals:referral", args=[referral.pupil_id, referral.pk]))
    assert (_last().action, _last().target, _last().target_id) == (AuditEvent.Action.VIEW, T.REFERRAL, str(referral.pk))
    login(senco).get(reverse("referrals:overview", args=[referral.pupil_id]))
    assert (_last().target, _last().pupil_id) == (T.REFERRALS, referral.pupil_id)
    login(parent).get(reverse("referrals:family", args=[referral.pupil_id]))
    assert (_last().target, _last().via, _last().actor) == (T.REFERRALS, "portal", parent)


def test_the_professionals_list_is_one_read_per_pupil(login, professional, accepted):
    login(professional).get(reverse("referrals:my_referrals"))
    listed = AuditEvent.objects.filter(target=T.REFERRALS, action=AuditEvent.Action.LIST)
    assert list(listed.values_list("pupil_id", flat=True)) == [accepted.pupil_id]
