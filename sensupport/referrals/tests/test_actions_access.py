"""The referral page's actions, each one URL, in the access matrix: who may POST it, and that a
refused POST writes nothing (each request in a savepoint, so one success cannot change the next)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.core.testing.access import LEADS, OUT_OF_SCOPE_NAMES, check_access, expect
from sensupport.referrals.models import Appointment, Recommendation, Referral

pytestmark = pytest.mark.django_db

HIDDEN = OUT_OF_SCOPE_NAMES | {"service_admin"}


def _writes():
    return (
        Referral.objects.values_list("state", flat=True).first(),
        Appointment.objects.count(),
        Recommendation.objects.count(),
        list(Recommendation.objects.values_list("state", flat=True)),
        AuditEvent.objects.exclude(action=AuditEvent.Action.VIEW).count(),
    )


def test_only_the_services_professional_decides(client, request, sent, shared):
    check_access(
        client,
        request,
        reverse("referrals:decide", args=[sent.pupil_id, sent.pk]),
        expect(allowed={"professional"}, ok=302, hidden=HIDDEN),
        method="POST",
        data={"decision": "accept"},
        isolate=True,
        unchanged=_writes,
    )


def test_the_professional_and_the_school_leads_book_appointments(client, request, accepted):
    check_access(
        client,
        request,
        reverse("referrals:appointment_add", args=[accepted.pupil_id, accepted.pk]),
        expect(allowed=LEADS | {"professional"}, ok=302, hidden=HIDDEN),
        method="POST",
        data={"on": timezone.localdate().isoformat(), "what": "Observation"},
        isolate=True,
        unchanged=_writes,
    )


def test_the_professional_and_the_school_leads_add_recommendations(client, request, accepted):
    check_access(
        client,
        request,
        reverse("referrals:recommendation_add", args=[accepted.pupil_id, accepted.pk]),
        expect(allowed=LEADS | {"professional"}, ok=302, hidden=HIDDEN),
        method="POST",
        data={"text": "Visual timetable"},
        isolate=True,
        unchanged=_writes,
    )


def test_only_the_school_leads_accept_a_recommendation_into_the_plan(client, request, recommendation, assessed):
    _, anxiety, _ = assessed
    args = [recommendation.referral.pupil_id, recommendation.referral_id, recommendation.pk]
    check_access(
        client,
        request,
        reverse("referrals:recommendation_accept", args=args),
        expect(allowed=LEADS, ok=302, hidden=HIDDEN),
        method="POST",
        data={"barriers": [anxiety.pk], "kind": "adjustment", "delivered_by": "TA"},
        isolate=True,
        unchanged=_writes,
    )


def test_a_get_on_an_action_is_refused(login, senco, accepted):
    for name in ("referrals:decide", "referrals:appointment_add", "referrals:recommendation_add"):
        assert login(senco).get(reverse(name, args=[accepted.pupil_id, accepted.pk])).status_code == 405
