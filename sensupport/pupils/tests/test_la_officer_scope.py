"""An LA officer sees pupils on SEN Support (K) or with an EHC plan (E), at the LA's schools or
living in the LA; never a pupil with no SEN or only being monitored, wherever they live.

Northshire (la) has Oak Primary (school); Southshire (other_la) has Elm Primary (other_school).
"""

from __future__ import annotations

import itertools
import json

import pytest
from django.urls import reverse

from sensupport.core.factories import PupilFactory
from sensupport.core.live_http import LiveSession
from sensupport.pupils import selectors
from sensupport.pupils.models import Concern, Pupil

STATUSES = ["N", "M", "K", "E"]
PASSWORD = "correct horse battery staple"  # every UserFactory user's


def _la_should_see(status: str, school_la, home_la, officer_la) -> bool:
    """The rule as the issue states it, written independently of the code under test."""
    return status in ("K", "E") and officer_la in (school_la, home_la)


@pytest.mark.django_db
def test_officer_scope_is_sen_support_or_ehc_at_la_schools_or_living_in_la(
    la, other_la, school, other_school, la_officer, other_la_officer
):
    cases = []
    for status, at, home in itertools.product(STATUSES, (school, other_school), (la, other_la, None)):
        pupil = PupilFactory(school=at, home_local_authority=home, sen_status=status)
        cases.append((pupil, status, at.local_authority, home))
    for officer in (la_officer, other_la_officer):
        visible = set(Pupil.objects.visible_to(officer).values_list("pk", flat=True))
        expected = {
            p.pk
            for p, status, school_la, home in cases
            if _la_should_see(status, school_la, home, officer.local_authority)
        }
        assert visible == expected


@pytest.mark.django_db
def test_who_can_see_names_exactly_the_officers_whose_scope_holds_the_pupil(
    la, other_la, school, other_school, la_officer, other_la_officer
):
    """'Who can see this record' reads the same rule backwards: it never disagrees with visible_to."""
    for status, at, home in itertools.product(STATUSES, (school, other_school), (la, other_la, None)):
        pupil = PupilFactory(school=at, home_local_authority=home, sen_status=status)
        listed = {row["user"] for row in selectors.who_can_see(pupil) if row["user"].role == "la_officer"}
        in_scope = {
            officer
            for officer in (la_officer, other_la_officer)
            if Pupil.objects.visible_to(officer).filter(pk=pupil.pk).exists()
        }
        expected = {
            o
            for o in (la_officer, other_la_officer)
            if _la_should_see(status, at.local_authority, home, o.local_authority)
        }
        assert listed == in_scope == expected, (status, at.name, home)


@pytest.mark.django_db
def test_officer_with_no_local_authority_sees_nobody(la_officer, school, la):
    PupilFactory(school=school, home_local_authority=la, sen_status="K")
    la_officer.local_authority = None  # not saved: the model refuses an officer without an LA
    assert not Pupil.objects.visible_to(la_officer).exists()


@pytest.mark.django_db
def test_register_and_api_filters_never_widen_officer_scope(login, la_officer, la, other_school):
    PupilFactory(school=other_school, home_local_authority=la, sen_status="N")
    PupilFactory(school=other_school, home_local_authority=la, sen_status="M")
    on_support = PupilFactory(school=other_school, home_local_authority=la, sen_status="K")
    client = login(la_officer)
    for status in ("", "N", "M", "K", "E", "register"):
        rows = client.get(reverse("api:pupil_list"), {"status": status} if status else {}).json()["results"]
        assert {row["id"] for row in rows} <= {on_support.pk}, status
        page = client.get(reverse("pupils:register"), {"status": status} if status else {})
        assert [p.pk for p in page.context["page"].object_list] == (
            [on_support.pk] if status in ("", "K", "register") else []
        )


@pytest.mark.django_db(transaction=True)
def test_officer_over_real_http_gets_no_pupil_without_sen_support_or_plan(
    live_server, la, other_la, other_school, la_officer, senco
):
    """The finding as it was made: signed in through the form, the session cookie on each request.
    Pupils at another LA's school who live in this LA: the one on SEN Support is this LA's; the
    ones with no SEN or only monitored are not, and neither is the concern about one of them."""
    no_sen = PupilFactory(school=other_school, home_local_authority=la, sen_status="N", forename="Nadia")
    monitored = PupilFactory(school=other_school, home_local_authority=la, sen_status="M", forename="Milo")
    Concern.objects.create(pupil=monitored, raised_by=senco, noticed="Hides under the table in every maths lesson")
    on_support = PupilFactory(school=other_school, home_local_authority=la, sen_status="K", forename="Kai")

    officer = LiveSession(live_server.url)
    signed_in = officer.sign_in(la_officer.username, PASSWORD)
    assert signed_in.status == 302 and "sign-in" not in signed_in.location
    assert any(c.name == "sessionid" for c in officer.cookies)  # every request below carries it

    for query in ("?status=N", "?status=M", ""):
        listed = officer.get("/api/pupils/" + query)
        assert listed.status == 200
        ids = {row["id"] for row in json.loads(listed.text)["results"]}
        assert no_sen.pk not in ids and monitored.pk not in ids
    assert {row["id"] for row in json.loads(officer.get("/api/pupils/").text)["results"]} == {on_support.pk}

    for hidden in (no_sen, monitored):
        assert officer.get(f"/pupils/{hidden.pk}/").status == 404
        assert officer.get(f"/api/pupils/{hidden.pk}/").status == 404
    page = officer.get(f"/pupils/{monitored.pk}/")
    assert "Hides under the table" not in page.text
    assert "Nadia" not in officer.get("/pupils/?status=N").text and "Milo" not in officer.get("/pupils/").text

    assert officer.get(f"/pupils/{on_support.pk}/").status == 200
