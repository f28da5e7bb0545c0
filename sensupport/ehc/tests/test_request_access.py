"""Who may open the EHC request pages, every identity tried: the school's leaders and the officers of
the LA the request went to; the family on its own portal page; a professional sees none; another
LA's officer not even that the request exists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.factories import PupilFactory, UserFactory, link_parent
from sensupport.core.testing.access import LEADS, OUT_OF_SCOPE_NAMES, check_access, expect
from sensupport.ehc import request_services as services
from sensupport.ehc.models import EhcRequest
from sensupport.pupils.models import Pupil

pytestmark = pytest.mark.django_db
HIDDEN = OUT_OF_SCOPE_NAMES | {"professional", "service_admin"}


def test_who_may_open_the_schools_page(client, request, received):
    url = reverse("ehc:requests", args=[received.pupil_id])
    check_access(client, request, url, expect(allowed=LEADS, hidden=HIDDEN))


def test_who_may_open_a_request(client, request, received):
    url = reverse("ehc:request", args=[received.pupil_id, received.pk])
    check_access(client, request, url, expect(allowed=LEADS | {"la_officer"}, hidden=HIDDEN))


def test_who_may_record_a_step_and_an_exception(client, request, received):
    for name in ("ehc:request_step", "ehc:request_exception"):
        url = reverse(name, args=[received.pupil_id, received.pk])
        check_access(client, request, url, expect(allowed={"la_officer"}, hidden=HIDDEN))


def test_who_may_download_the_evidence_pack(client, request, received):
    for url in (
        reverse("documents:ehc_evidence", args=[received.pupil_id, received.pk, "docx"]),
        reverse("documents:ehc_evidence_reports", args=[received.pupil_id, received.pk]),
    ):
        check_access(client, request, url, expect(allowed=LEADS | {"la_officer"}, hidden=HIDDEN))


def test_who_may_open_the_familys_page(client, request, received):
    url = reverse("ehc:family_request", args=[received.pupil_id])
    check_access(client, request, url, expect(allowed={"parent", "young_person"}, hidden=HIDDEN))


def test_only_la_officers_open_the_las_list(client, request, received):
    check_access(client, request, reverse("ehc:la_requests"), expect(allowed={"la_officer", "other_la_officer"}))


def test_an_officer_lists_only_their_own_las_requests(client, received, la_officer, other_la_officer):
    client.force_login(la_officer, backend="sensupport.accounts.backends.PasswordBackend")
    assert received.pupil.surname in client.get(reverse("ehc:la_requests")).content.decode()
    client.force_login(other_la_officer, backend="sensupport.accounts.backends.PasswordBackend")
    page = client.get(reverse("ehc:la_requests")).content.decode()
    assert received.pupil.surname not in page and "No request for an EHC needs assessment" in page


def test_a_request_brings_a_pupil_without_sen_into_the_las_scope_and_no_other(school, la_officer, other_la_officer):
    pupil = PupilFactory(school=school, forename="Benjamin", surname="Bunny", sen_status="N")
    parent = UserFactory(role="parent")
    link_parent(parent, pupil, relationship="Mother")
    assert not Pupil.objects.visible_to(la_officer).filter(pk=pupil.pk).exists()
    services.ehc_request_submit(actor=parent, pupil=pupil, reasons="He struggles every day")
    assert list(Pupil.objects.visible_to(la_officer).filter(pk=pupil.pk)) == [pupil]
    assert not Pupil.objects.visible_to(other_la_officer).filter(pk=pupil.pk).exists()
    assert EhcRequest.objects.get(pupil=pupil).local_authority_id == la_officer.local_authority_id


@pytest.mark.django_db
def test_a_pupil_with_two_requests_is_one_row_for_the_officer(school, la_officer, other_la_officer):
    """The request route is a semi-join (pupils.models.la_officer_scope): no DISTINCT is needed, and
    the reverse check (who can see this record) still finds the officer of the request's LA only."""
    import datetime as dt

    from sensupport.pupils.selectors import who_can_see

    pupil = PupilFactory(school=school, forename="Benjamin", surname="Bunny", sen_status="N")
    for sent_on in (dt.date(2025, 3, 1), dt.date(2026, 3, 1)):
        EhcRequest.objects.create(
            pupil=pupil,
            school_id=school.pk,
            local_authority_id=la_officer.local_authority_id,
            made_by_kind=EhcRequest.MadeBy.SCHOOL,
            reasons="Asked twice",
            sent_on=sent_on,
            stage=EhcRequest.Stage.RECEIVED,
        )
    visible = Pupil.objects.visible_to(la_officer)
    assert not visible.query.distinct
    assert list(visible.filter(surname="Bunny")) == [pupil]
    assert visible.filter(surname="Bunny").count() == 1
    assert not Pupil.objects.visible_to(other_la_officer).filter(pk=pupil.pk).exists()
    officers = [row["user"] for row in who_can_see(pupil) if row["why"] == "Local authority SEN team"]
    assert officers == [la_officer]
