"""Referrals: made with the family's consent (none, no referral, and the page says what to do),
from a review that decided to seek specialist advice, accepted or declined by the service's own
professionals, waiting time shown to the school and the family."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.core.factories import UserFactory
from sensupport.core.testing.access import LEADS, OUT_OF_SCOPE_NAMES, STAFF, check_access, expect
from sensupport.referrals import services
from sensupport.referrals.models import Referral, Service, ServiceMembership
from sensupport.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_who_may_open_a_pupils_referrals(client, request, accepted):
    pupil = accepted.pupil
    check_access(
        client,
        request,
        reverse("referrals:overview", args=[pupil.pk]),
        expect(allowed=STAFF | {"professional"}, hidden=OUT_OF_SCOPE_NAMES | {"service_admin"}),
    )
    check_access(
        client,
        request,
        reverse("referrals:referral", args=[pupil.pk, accepted.pk]),
        expect(allowed=STAFF | {"professional"}, hidden=OUT_OF_SCOPE_NAMES | {"service_admin"}),
    )
    check_access(
        client,
        request,
        reverse("referrals:new", args=[pupil.pk]),
        expect(allowed=LEADS, hidden=OUT_OF_SCOPE_NAMES | {"service_admin"}),
    )


def test_who_may_see_the_professionals_own_list(client, request):
    check_access(client, request, reverse("referrals:my_referrals"), expect(allowed={"professional"}))


def test_no_consent_no_referral_and_the_page_says_what_to_do(login, senco, agreed, outside_service):
    page = login(senco).get(reverse("referrals:new", args=[agreed.pupil.pk])).content.decode()
    assert "There is no consent from the family for a referral" in page
    assert reverse("portal:staff_consents", args=[agreed.pupil.pk]) in page
    with pytest.raises(services.ReferralError) as refused:
        services.referral_make(
            actor=senco, pupil=agreed.pupil, service=outside_service, consent=None, question="Reading"
        )
    assert refused.value.field == "consent"
    assert not Referral.objects.exists()


def test_consent_asked_but_not_given_carries_no_referral(senco, pupil, outside_service):
    from sensupport.family import consent as consents

    asked = consents.consent_request(pupil=pupil, actor=senco, kind="referral", purpose="EP")
    with pytest.raises(services.ReferralError, match="has not given this consent"):
        services.referral_make(actor=senco, pupil=pupil, service=outside_service, consent=asked, question="Reading")


def test_a_referral_is_sent_with_the_consent_the_barriers_and_an_audit_row(
    login, senco, agreed, assessed, referral_consent, outside_service
):
    _, anxiety, _ = assessed
    response = login(senco).post(
        reverse("referrals:new", args=[agreed.pupil.pk]),
        {
            "service": outside_service.pk,
            "consent": referral_consent.pk,
            "question": "Why does he leave class?",
            "barriers": [anxiety.pk],
            "evidence": "Movement breaks tried for 6 weeks",
        },
    )
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:referral", args=[agreed.pupil.pk, referral.pk])
    assert referral.consent == referral_consent and list(referral.barriers.all()) == [anxiety]
    assert referral.state == Referral.State.SENT and referral.sent_on == timezone.localdate()
    event = AuditEvent.objects.filter(target=AuditEvent.Target.REFERRAL, action=AuditEvent.Action.CREATE).get()
    assert event.pupil_id == agreed.pupil.pk and event.via == "web"


def test_a_review_that_seeks_specialist_advice_leads_to_a_prefilled_referral(
    login, senco, agreed, assessed, referral_consent
):
    _, anxiety, _ = assessed
    today = timezone.localdate()
    client = login(senco)
    data = {
        "held_on": today.isoformat(),
        "attendees": "Mum, SENCO",
        "parent_present": "yes",
        "decision": Review.Decision.SPECIALIST,
        "summary": "Still leaving class most afternoons.",
    }
    for outcome in agreed.outcomes.all():
        data[f"outcome_{outcome.pk}"] = "some"
    for provision in agreed.provisions.all():
        data[f"delivered_{provision.pk}"] = "as_planned"
        data[f"helped_{provision.pk}"] = "partly"
    response = client.post(reverse("reviews:review_new", args=[agreed.pupil.pk, agreed.pk]), data)
    review = Review.objects.get()
    assert response["Location"] == reverse("referrals:new", args=[agreed.pupil.pk]) + f"?review={review.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "decided to seek specialist advice" in page and "Still leaving class most afternoons." in page
    assert f'value="{anxiety.pk}" checked' in page


def test_a_professional_of_another_service_never_sees_the_referral(client, accepted, shared, la):
    other = UserFactory(role="professional")
    salt = Service.objects.create(name="SALT", kind="salt", local_authority=la)
    ServiceMembership.objects.create(professional=other, service=salt)
    from sensupport.pupils.models import ProfessionalShare

    ProfessionalShare.objects.create(professional=other, pupil=accepted.pupil, shared_by=None, purpose="SALT")
    client.force_login(other, backend="sensupport.accounts.backends.PasswordBackend")
    assert client.get(reverse("referrals:referral", args=[accepted.pupil.pk, accepted.pk])).status_code == 404
    listing = client.get(reverse("referrals:overview", args=[accepted.pupil.pk])).content.decode()
    assert "Educational Psychology Service" not in listing
    assert "Peter" not in client.get(reverse("referrals:my_referrals")).content.decode()


def test_a_referral_about_a_pupil_not_shared_is_counted_never_named(login, professional, sent):
    page = login(professional).get(reverse("referrals:my_referrals")).content.decode()
    assert "1 referral to your service is about pupils whose record has not been shared" in page
    assert "Peter" not in page


def test_the_professional_accepts_and_books_and_everyone_sees_the_wait(login, professional, sent, shared, parent):
    client = login(professional)
    client.post(reverse("referrals:decide", args=[sent.pupil_id, sent.pk]), {"decision": "accept"})
    sent.refresh_from_db()
    assert sent.state == Referral.State.ACCEPTED and sent.decided_by == professional
    on = timezone.localdate() + dt.timedelta(days=14)
    client.post(
        reverse("referrals:appointment_add", args=[sent.pupil_id, sent.pk]),
        {"on": on.isoformat(), "what": "Observation in class"},
    )
    assert sent.appointments.get().on == on
    family_page = login(parent).get(reverse("referrals:family", args=[sent.pupil_id])).content.decode()
    assert "First appointment booked for" in family_page and "Observation in class" in family_page


def test_declining_needs_a_reason_the_family_reads(login, professional, sent, shared, parent):
    client = login(professional)
    response = client.post(reverse("referrals:decide", args=[sent.pupil_id, sent.pk]), {"decision": "decline"})
    assert response.status_code == 400 and "Say why the service cannot take the referral" in response.content.decode()
    client.post(
        reverse("referrals:decide", args=[sent.pupil_id, sent.pk]),
        {"decision": "decline", "reason": "Please refer to the speech and language service first."},
    )
    sent.refresh_from_db()
    assert sent.state == Referral.State.DECLINED
    page = login(parent).get(reverse("referrals:family", args=[sent.pupil_id])).content.decode()
    assert "The service did not take the referral" in page and "speech and language service first" in page


def test_the_school_cannot_decide_for_the_service(senco, sent):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.referral_decide(actor=senco, referral=sent, accept=True)


def test_the_family_page_is_for_the_family(client, request, sent):
    check_access(
        client,
        request,
        reverse("referrals:family", args=[sent.pupil_id]),
        expect(
            allowed={"parent", "young_person"},
            hidden=OUT_OF_SCOPE_NAMES | {"service_admin", "professional"},
        ),
    )


def test_the_school_is_told_when_no_one_at_the_service_can_read_the_referral(login, senco, professional, sent):
    from sensupport.pupils.models import ProfessionalShare

    url = reverse("referrals:referral", args=[sent.pupil_id, sent.pk])
    page = login(senco).get(url).content.decode()
    assert "No one at Educational Psychology Service can read this referral yet" in page
    assert reverse("portal:staff_consents", args=[sent.pupil_id]) in page
    ProfessionalShare.objects.create(professional=professional, pupil=sent.pupil, shared_by=senco, purpose="EP")
    assert "can read this referral yet" not in login(senco).get(url).content.decode()
