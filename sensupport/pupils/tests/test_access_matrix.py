"""Every register view, every role: out of scope is 404, in scope but not allowed is 403.

The pupil is Peter, on SEN Support, in Class 4B at Oak Primary (Northshire LA).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sensupport.core.testing.access import (
    ANONYMOUS,
    FAMILY,
    LEADS,
    OUT_OF_SCOPE_NAMES,
    STAFF,
    WHOLE_SCHOOL,
    check_access,
    expect,
    identities,
)
from sensupport.pupils.models import Concern, ParentConversation, ProfessionalShare

# Every identity (core/testing/access.py) on every register view. Families (parent, young person)
# in scope are redirected (302) from the staff pupil page to their own page in the family portal.
PUPIL_NOT_IN_SCOPE = OUT_OF_SCOPE_NAMES | {"professional", "service_admin"}  # no share for the professional
MATRIX = {
    "pupils:pupil": expect(allowed=STAFF | {"la_officer"}, hidden=PUPIL_NOT_IN_SCOPE, parent=302, young_person=302),
    "pupils:concern_raise": expect(allowed=STAFF, hidden=PUPIL_NOT_IN_SCOPE),
    "pupils:concern": expect(allowed=STAFF, hidden=PUPIL_NOT_IN_SCOPE),
    "pupils:status_change": expect(allowed=LEADS, hidden=PUPIL_NOT_IN_SCOPE),
    "pupils:needs_edit": expect(allowed=LEADS, hidden=PUPIL_NOT_IN_SCOPE),
    "pupils:parent_conversation_new": expect(allowed=LEADS, hidden=PUPIL_NOT_IN_SCOPE),
    "pupils:audit_trail": expect(allowed=LEADS, hidden=PUPIL_NOT_IN_SCOPE),
    "api:pupil_detail": expect(allowed=STAFF | FAMILY | {"la_officer"}, hidden=PUPIL_NOT_IN_SCOPE, anonymous=403),
}
# Lists: no pupil in the URL, so the identities out of Peter's scope answer as their role does.
# Families are redirected (302) from the register and the staff home page to the family portal.
EVERYONE_SIGNED_IN = set(identities()) - {ANONYMOUS}
FAMILIES = FAMILY | {"other_parent"}
LIST_MATRIX = {
    "pupils:register": expect(
        allowed=EVERYONE_SIGNED_IN - FAMILIES - {"service_admin"}, parent=302, other_parent=302, young_person=302
    ),
    "export_csv": expect(allowed=WHOLE_SCHOOL | {"other_school_senco"}),
    "core:home": expect(allowed=EVERYONE_SIGNED_IN - FAMILIES, parent=302, other_parent=302, young_person=302),
    "api:pupil_list": expect(allowed=EVERYONE_SIGNED_IN, anonymous=403),
}


@pytest.fixture
def peter_on_support(pupil, sibling, other_school_pupil, senco):
    """Peter on SEN Support with an open concern (Flopsy and Jemima exist too)."""
    Concern.objects.create(pupil=pupil, raised_by=senco, noticed="Struggles to start writing")
    pupil.sen_status = "K"
    pupil.save()
    return pupil


def _url(name, pupil):
    if name == "pupils:concern":
        return reverse(name, args=[pupil.pk, pupil.concerns.first().pk])
    if name == "api:pupil_detail":
        return reverse(name, args=[pupil.pk])
    if name == "export_csv":
        return reverse("pupils:register_export", args=["csv"])
    if name in ("pupils:register", "core:home", "api:pupil_list"):
        return reverse(name)
    return reverse(name, args=[pupil.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("view", sorted(MATRIX) + sorted(LIST_MATRIX))
def test_access_matrix(client, request, peter_on_support, view):
    check_access(client, request, _url(view, peter_on_support), MATRIX.get(view) or LIST_MATRIX[view])


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, pupil):
    response = client.get(reverse("pupils:pupil", args=[pupil.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_register_lists_only_pupils_in_scope(
    login, teacher, parent, other_school_senco, pupil, sibling, other_school_pupil
):
    page = login(teacher).get(reverse("pupils:register")).content.decode()
    assert pupil.display_name in page and sibling.display_name not in page
    assert login(parent).get(reverse("pupils:register"))["Location"] == reverse("portal:home")
    page = login(other_school_senco).get(reverse("pupils:register")).content.decode()
    assert pupil.display_name not in page and other_school_pupil.display_name in page


@pytest.mark.django_db
def test_parent_cannot_reach_another_familys_child_by_id(login, parent, sibling):
    client = login(parent)
    for url in [
        reverse("pupils:pupil", args=[sibling.pk]),
        reverse("api:pupil_detail", args=[sibling.pk]),
        reverse("pupils:concern_raise", args=[sibling.pk]),
    ]:
        assert client.get(url).status_code == 404
    assert client.get(reverse("api:pupil_list")).json()["count"] == 1


@pytest.mark.django_db
def test_senco_cannot_change_another_schools_pupil_by_post(login, other_school_senco, pupil):
    client = login(other_school_senco)
    response = client.post(reverse("pupils:concern_raise", args=[pupil.pk]), {"noticed": "tampered"})
    assert response.status_code == 404
    assert not pupil.concerns.exists()


@pytest.mark.django_db
def test_parent_loses_access_when_responsibility_ends(login, parent, pupil):
    client = login(parent)
    assert client.get(reverse("pupils:pupil", args=[pupil.pk])).status_code == 302  # to the family portal
    assert client.get(reverse("api:pupil_detail", args=[pupil.pk])).status_code == 200
    pupil.parent_links.update(has_parental_responsibility=False)
    assert client.get(reverse("pupils:pupil", args=[pupil.pk])).status_code == 404
    assert client.get(reverse("api:pupil_detail", args=[pupil.pk])).status_code == 404


@pytest.mark.django_db
def test_la_officer_sees_sen_pupils_of_la_schools_and_residents_only(
    login, la_officer, pupil, sibling, other_school_pupil, la
):
    client = login(la_officer)
    # Peter has no SEN: not visible to the LA.
    assert client.get(reverse("pupils:pupil", args=[pupil.pk])).status_code == 404
    pupil.sen_status = "K"
    pupil.save()
    assert client.get(reverse("pupils:pupil", args=[pupil.pk])).status_code == 200
    # A pupil at another LA's school who lives in this LA is this LA's responsibility once on
    # SEN Support or with a plan; living here with no SEN does not open the record.
    assert client.get(reverse("pupils:pupil", args=[other_school_pupil.pk])).status_code == 404
    other_school_pupil.home_local_authority = la
    other_school_pupil.save()
    assert client.get(reverse("pupils:pupil", args=[other_school_pupil.pk])).status_code == 404
    other_school_pupil.sen_status = "E"
    other_school_pupil.save()
    assert client.get(reverse("pupils:pupil", args=[other_school_pupil.pk])).status_code == 200


@pytest.mark.django_db
def test_professional_sees_shared_pupils_until_sharing_ends(login, professional, senco, pupil):
    client = login(professional)
    url = reverse("pupils:pupil", args=[pupil.pk])
    assert client.get(url).status_code == 404
    share = ProfessionalShare.objects.create(
        professional=professional, pupil=pupil, shared_by=senco, purpose="EP assessment"
    )
    assert client.get(url).status_code == 200
    share.ends_on = dt.date(2020, 1, 1)
    share.save()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_teacher_cannot_decide_a_concern_by_posting(login, teacher, senco, pupil):
    concern = Concern.objects.create(pupil=pupil, raised_by=senco, noticed="x")
    ParentConversation.objects.create(
        pupil=pupil,
        held_on=dt.date.today(),
        method="phone",
        purpose="start_support",
        parents_present="Mum",
        summary="ok",
    )
    response = login(teacher).post(
        reverse("pupils:concern", args=[pupil.pk, concern.pk]),
        {"action": "decide", "decide-decision": "sen_support", "decide-notes": "x", "decide-primary_need": "SLCN"},
    )
    assert response.status_code == 403
    concern.refresh_from_db()
    assert concern.is_open


@pytest.mark.django_db
def test_non_numeric_and_unknown_ids_are_404(login, senco):
    client = login(senco)
    assert client.get("/pupils/999999/").status_code == 404
    assert client.get("/pupils/abc/").status_code == 404
    assert client.get(reverse("pupils:register_export", args=["pdf"])).status_code == 404


@pytest.mark.django_db
def test_who_can_see_lists_only_shares_in_force(login, senco, professional, pupil):
    """The pupil page's list of who can see the record follows the same rule as scope."""
    share = ProfessionalShare.objects.create(
        professional=professional, pupil=pupil, shared_by=senco, purpose="EP assessment"
    )
    page = login(senco).get(reverse("pupils:pupil", args=[pupil.pk])).content.decode()
    assert professional.display_name in page
    share.ends_on = dt.date(2020, 1, 1)
    share.save()
    page = login(senco).get(reverse("pupils:pupil", args=[pupil.pk])).content.decode()
    assert professional.display_name not in page
