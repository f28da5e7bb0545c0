"""A plan's support line signposted to a Local Offer service: the plan (staff's and the family's)
shows the service's current details, and the next version keeps the signpost."""

from __future__ import annotations

from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.local_offer import services
from sensupport.local_offer.models import Service, Signpost
from sensupport.plans import services as plan_services


def test_the_plan_shows_the_services_current_details(client, directory, pupil, line, senco, parent):
    services.signpost_set(actor=senco, provision=line, service=directory.support_group)
    Service.objects.filter(pk=directory.support_group.pk).update(phone="01632 967777")  # changed since
    client.force_login(senco)
    staff_page = client.get(reverse("plans:plan", args=[pupil.pk, line.plan_id])).content.decode()
    assert "Autism family support group" in staff_page and "01632 967777" in staff_page
    client.force_login(parent)
    family_page = client.get(reverse("portal:plan", args=[pupil.pk, line.plan_id])).content.decode()
    assert "Other help in your area" in family_page and "01632 967777" in family_page
    assert reverse("local_offer:signpost", args=[pupil.pk, line.pk]) not in family_page


def test_signposting_is_audited_against_the_pupil(directory, pupil, line, senco):
    services.signpost_set(actor=senco, provision=line, service=directory.support_group, via=AuditEvent.Via.COMMAND)
    event = AuditEvent.objects.get(target=AuditEvent.Target.LOCAL_OFFER_SIGNPOST)
    assert event.pupil == pupil and event.via == AuditEvent.Via.COMMAND
    services.signpost_remove(actor=senco, provision=line)
    assert not Signpost.objects.exists()


def test_a_new_version_keeps_the_signpost(directory, line, senco):
    services.signpost_set(actor=senco, provision=line, service=directory.support_group)
    following = plan_services.plan_new_version(plan=line.plan, actor=senco)
    copy = following.provisions.get(description=line.description)
    assert copy.local_offer_signpost.service == directory.support_group
    assert Signpost.objects.count() == 2


def test_a_service_not_running_cannot_be_signposted(directory, line, senco):
    import pytest

    with pytest.raises(services.LocalOfferError, match="not running"):
        services.signpost_set(actor=senco, provision=line, service=directory.closed)


def test_the_signpost_page(client, directory, pupil, line, senco):
    client.force_login(senco)
    url = reverse("local_offer:signpost", args=[pupil.pk, line.pk])
    page = client.get(url, {"q": "teen"}).content.decode()
    assert "Teen social club" in page and "Audiology" not in page
    response = client.post(url, {"service": str(directory.teen_club.pk)})
    assert response.status_code == 302
    assert Signpost.objects.get(provision=line).service == directory.teen_club
    assert AuditEvent.objects.filter(target=AuditEvent.Target.PLAN_PROVISION, pupil=pupil).exists()  # the read
    client.post(url, {"remove": "1"})
    assert not Signpost.objects.filter(provision=line).exists()
