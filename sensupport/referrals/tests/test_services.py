"""Outside services and their professionals: who manages them (the service administrator any, an
LA officer their own LA's), and the family consent form listing a service's professionals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.accounts.models import User
from sensupport.audit.models import AuditEvent
from sensupport.core.testing.access import check_access, expect
from sensupport.referrals import services
from sensupport.referrals.models import Service, ServiceMembership

pytestmark = pytest.mark.django_db

MANAGERS = {"service_admin", "la_officer", "other_la_officer"}


def test_who_may_open_the_services_pages(client, request):
    for name in ("referrals:services", "referrals:service_new"):
        check_access(client, request, reverse(name), expect(allowed=MANAGERS))


def test_a_service_is_managed_by_the_service_admin_and_its_own_las_officer(client, request, outside_service):
    check_access(
        client,
        request,
        reverse("referrals:service", args=[outside_service.pk]),
        expect(allowed={"service_admin", "la_officer"}, hidden={"other_la_officer"}),
    )


def test_the_service_admin_adds_an_independent_service(service_admin):
    service = services.service_create(actor=service_admin, name="Talk Well", kind="salt", via="command")
    assert service.is_independent
    event = AuditEvent.objects.get(target=AuditEvent.Target.OUTSIDE_SERVICE)
    assert event.via == "command" and "independent" in event.summary


def test_an_la_officer_adds_services_of_their_own_la_only(la_officer, other_la):
    with pytest.raises(services.ReferralError) as refused:
        services.service_create(actor=la_officer, name="Elsewhere EP", kind="ep", local_authority=other_la)
    assert refused.value.field == "local_authority"
    assert not Service.objects.filter(name="Elsewhere EP").exists()


def test_an_la_officers_form_makes_a_service_of_their_la(login, la_officer, la):
    response = login(la_officer).post(
        reverse("referrals:service_new"), {"name": "Northshire SALT", "kind": "salt", "usual_wait_weeks": "12"}
    )
    service = Service.objects.get(name="Northshire SALT")
    assert service.local_authority == la and service.usual_wait_weeks == 12
    assert response["Location"] == reverse("referrals:service", args=[service.pk])


def test_adding_a_professional_by_email_makes_an_invited_account(login, la_officer, outside_service, mailoutbox):
    login(la_officer).post(
        reverse("referrals:service", args=[outside_service.pk]),
        {"email": "ada@ep.example", "first_name": "Ada", "last_name": "Lovelace"},
    )
    user = User.objects.get(username="ada@ep.example")
    assert user.role == "professional" and not user.has_usable_password()
    assert user.service_membership.service == outside_service
    assert AuditEvent.objects.filter(target=AuditEvent.Target.OUTSIDE_SERVICE_MEMBER).count() == 1


def test_a_school_account_cannot_join_a_service(la_officer, outside_service, senco):
    with pytest.raises(services.ReferralError, match="not an outside professional"):
        services.service_member_add(actor=la_officer, service=outside_service, email=senco.username)
    assert not ServiceMembership.objects.filter(professional=senco).exists()


def test_a_professional_belongs_to_one_service(service_admin, professional, la):
    other = services.service_create(
        actor=service_admin, name="Outreach", kind="specialist_teaching", local_authority=la
    )
    with pytest.raises(services.ReferralError, match="already belongs"):
        services.service_member_add(actor=service_admin, service=other, email=professional.username)


def test_the_consent_form_lists_the_schools_services_professionals_only(login, senco, pupil, professional, other_la):
    from sensupport.core.factories import UserFactory

    loose = UserFactory(role="professional", first_name="Lou", last_name="Loose")
    elsewhere = UserFactory(role="professional", first_name="Eli", last_name="Elsewhere")
    far = Service.objects.create(name="Southshire EP", kind="ep", local_authority=other_la)
    ServiceMembership.objects.create(professional=elsewhere, service=far)
    page = login(senco).get(reverse("portal:staff_consents", args=[pupil.pk])).content.decode()
    assert "Pat Psychologist (Educational Psychology Service)" in page
    assert "Lou Loose" not in page and "Eli Elsewhere" not in page
    response = login(senco).post(
        reverse("portal:staff_consents", args=[pupil.pk]), {"kind": "sharing", "professional": loose.pk, "purpose": "x"}
    )
    assert response.status_code == 200 and not pupil.consents.exists()
