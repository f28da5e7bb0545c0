"""Every register view, every role: out of scope is 404, in scope but not allowed is 403.

The pupil is Peter, on SEN Support, in Class 4B at Oak Primary (Northshire LA).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sensupport.pupils.models import Concern, ParentConversation, ProfessionalShare

ROLES = [
    "senco",
    "head",
    "school_admin",
    "teacher",
    "ta",
    "other_teacher",
    "other_school_senco",
    "la_officer",
    "other_la_officer",
    "parent",
    "other_parent",
    "young_person",
    "professional",
    "service_admin",
    "anonymous",
]

# Expected status code for each pupil-level view (GET) by role. Families (parent, young person)
# in scope are redirected (302) from the staff pupil page to their own page in the family portal.
MATRIX = {
    #                       senco head admin teach ta   oteach osenco la   ola  parent oparent yp  prof sadmin anon
    "pupils:pupil": [200, 200, 200, 200, 200, 404, 404, 200, 404, 302, 404, 302, 404, 404, 302],
    "pupils:concern_raise": [200, 200, 200, 200, 200, 404, 404, 403, 404, 403, 404, 403, 404, 404, 302],
    "pupils:concern": [200, 200, 200, 200, 200, 404, 404, 403, 404, 403, 404, 403, 404, 404, 302],
    "pupils:status_change": [200, 200, 403, 403, 403, 404, 404, 403, 404, 403, 404, 403, 404, 404, 302],
    "pupils:needs_edit": [200, 200, 403, 403, 403, 404, 404, 403, 404, 403, 404, 403, 404, 404, 302],
    "pupils:parent_conversation_new": [200, 200, 403, 403, 403, 404, 404, 403, 404, 403, 404, 403, 404, 404, 302],
    "pupils:audit_trail": [200, 200, 403, 403, 403, 404, 404, 403, 404, 403, 404, 403, 404, 404, 302],
    "api:pupil_detail": [200, 200, 200, 200, 200, 404, 404, 200, 404, 200, 404, 200, 404, 404, 403],
}
# Families are redirected (302) from the register and the staff home page to the family portal.
LIST_MATRIX = {
    "pupils:register": [200, 200, 200, 200, 200, 200, 200, 200, 200, 302, 302, 302, 200, 403, 302],
    "export_csv": [200, 200, 200, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 302],
    "core:home": [200, 200, 200, 200, 200, 200, 200, 200, 200, 302, 302, 302, 200, 200, 302],
    "api:pupil_list": [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403],
}


@pytest.fixture
def young_person(pupil):
    """Peter himself, 16 or over, with his own sign-in."""
    from sensupport.core.factories import UserFactory

    return UserFactory(role="young_person", own_pupil_record=pupil, first_name="Peter", last_name="Rabbit")


@pytest.fixture
def world(request, pupil, sibling, other_school_pupil, senco):
    """Everyone, with Peter on SEN Support and an open concern."""
    Concern.objects.create(pupil=pupil, raised_by=senco, noticed="Struggles to start writing")
    pupil.sen_status = "K"
    pupil.save()
    users = {}
    for role in ROLES:
        users[role] = request.getfixturevalue(role)
    return users


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


def _get(client, user, url):
    client.logout()
    if user.is_authenticated:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("view", sorted(MATRIX) + sorted(LIST_MATRIX))
def test_access_matrix(client, world, pupil, view):
    expected_row = MATRIX.get(view) or LIST_MATRIX[view]
    url = _url(view, pupil)
    got = {role: _get(client, world[role], url).status_code for role in ROLES}
    expected = dict(zip(ROLES, expected_row, strict=True))
    assert got == expected


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
