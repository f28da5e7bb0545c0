"""The school set-up pages: who may open them (another school's row is 404, a role that may not
manage is 403), and that each form does what it says without JavaScript."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from sensupport.accounts.models import User
from sensupport.core.factories import PupilFactory
from sensupport.core.testing.access import (
    ANONYMOUS,
    OUT_OF_SCOPE_NAMES,
    WHOLE_SCHOOL,
    check_access,
    expect,
    identities,
)
from sensupport.pupils.models import ParentLink, TeachingGroup

# Every identity (core/testing/access.py). A role that may not manage is refused (403) what it could
# otherwise reach; a row outside its scope (another school's group or staff, a pupil it cannot see) is 404.
MANAGERS = WHOLE_SCHOOL
SCHOOL_PAGE = expect(allowed=MANAGERS | {"other_school_senco"})  # no row in the URL: each school its own
SCHOOL_ROW = expect(
    allowed=MANAGERS, hidden=set(identities()) - MANAGERS - {"teacher", "ta", "other_teacher", ANONYMOUS}
)
# Peter has no SEN, so the LA officer does not see him; his parent and he himself do, and are refused.
PUPIL_ROW = expect(allowed=MANAGERS, hidden=OUT_OF_SCOPE_NAMES | {"la_officer", "professional", "service_admin"})
ACCESS = {
    "schooladmin:home": SCHOOL_PAGE,
    "schooladmin:staff": SCHOOL_PAGE,
    "schooladmin:staff_add": SCHOOL_PAGE,
    "schooladmin:staff_edit": SCHOOL_ROW,
    "schooladmin:groups": SCHOOL_PAGE,
    "schooladmin:group_add": SCHOOL_PAGE,
    "schooladmin:group_edit": SCHOOL_ROW,
    "schooladmin:group_members": SCHOOL_ROW,
    "schooladmin:contacts": PUPIL_ROW,
    "schooladmin:contact_add": PUPIL_ROW,
    "schooladmin:contact_edit": PUPIL_ROW,
    "schooladmin:contact_end": PUPIL_ROW,
}


def _login(client, user):
    client.force_login(user, backend="sensupport.accounts.backends.PasswordBackend")


@pytest.fixture
def urls(teacher, class_group, parent, pupil):
    link = ParentLink.objects.get(parent=parent, pupil=pupil)
    return {
        "schooladmin:home": [],
        "schooladmin:staff": [],
        "schooladmin:staff_add": [],
        "schooladmin:staff_edit": [teacher.pk],
        "schooladmin:groups": [],
        "schooladmin:group_add": [],
        "schooladmin:group_edit": [class_group.pk],
        "schooladmin:group_members": [class_group.pk],
        "schooladmin:contacts": [pupil.pk],
        "schooladmin:contact_add": [pupil.pk],
        "schooladmin:contact_edit": [pupil.pk, link.pk],
        "schooladmin:contact_end": [pupil.pk, link.pk],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_who_may_open_each_set_up_page(client, request, urls, name):
    check_access(client, request, reverse(name, args=urls[name]), ACCESS[name])


def test_every_set_up_page_has_its_access_row(urls):
    assert set(urls) == set(ACCESS)


@pytest.mark.django_db
def test_menu_shows_school_set_up_only_to_those_who_may_use_it(client, senco, teacher):
    _login(client, senco)
    assert reverse("schooladmin:home") in client.get(reverse("core:home")).content.decode()
    _login(client, teacher)
    assert reverse("schooladmin:home") not in client.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_pupil_page_links_to_parents_and_carers_only_for_those_who_may_manage(client, senco, teacher, pupil):
    link = reverse("schooladmin:contacts", args=[pupil.pk])
    _login(client, senco)
    assert link in client.get(reverse("pupils:pupil", args=[pupil.pk])).content.decode()
    _login(client, teacher)
    assert link not in client.get(reverse("pupils:pupil", args=[pupil.pk])).content.decode()


@pytest.mark.django_db
def test_adding_staff_sends_an_invitation_and_refusals_show_on_the_form(
    client, senco, teacher, school, django_capture_on_commit_callbacks
):
    _login(client, senco)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("schooladmin:staff_add"),
            {"email": "nia@oak.example", "first_name": "Nia", "last_name": "New", "role": "ta"},
        )
    assert response.status_code == 302
    assert User.objects.get(username="nia@oak.example").school == school
    assert len(mail.outbox) == 1
    page = client.post(
        reverse("schooladmin:staff_add"), {"email": teacher.email, "first_name": "A", "last_name": "B", "role": "ta"}
    )
    assert "There is already an account with this email address" in page.content.decode()
    page = client.post(
        reverse("schooladmin:staff_add"),
        {"email": "x@oak.example", "first_name": "A", "last_name": "B", "role": "head"},
    )
    assert "Only a head teacher" in page.content.decode()


@pytest.mark.django_db
def test_switching_off_from_the_staff_page(client, senco, teacher):
    _login(client, senco)
    response = client.post(reverse("schooladmin:staff_active", args=[teacher.pk]), {"active": "off"})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert "Switched off" in client.get(reverse("schooladmin:staff")).content.decode()
    client.post(reverse("schooladmin:staff_active", args=[teacher.pk]), {"active": "on"})
    teacher.refresh_from_db()
    assert teacher.is_active


@pytest.mark.django_db
def test_switching_off_yourself_is_refused_with_a_message(client, senco):
    _login(client, senco)
    response = client.post(reverse("schooladmin:staff_active", args=[senco.pk]), {"active": "off"}, follow=True)
    assert "You cannot switch off your own account" in response.content.decode()
    senco.refresh_from_db()
    assert senco.is_active


@pytest.mark.django_db
def test_staff_list_links_to_sign_in_security_only_for_head_and_admin(client, senco, head):
    _login(client, head)
    assert reverse("accounts:school_security") in client.get(reverse("schooladmin:staff")).content.decode()
    _login(client, senco)
    assert reverse("accounts:school_security") not in client.get(reverse("schooladmin:staff")).content.decode()


@pytest.mark.django_db
def test_group_members_with_a_year_filter_keep_pupils_of_other_years(
    client, senco, school, class_group, pupil, teacher
):
    year3 = PupilFactory(school=school, year_group="3")
    new4 = PupilFactory(school=school, year_group="4")
    class_group.pupils.add(year3)
    _login(client, senco)
    url = reverse("schooladmin:group_members", args=[class_group.pk]) + "?year=4"
    page = client.get(url).content.decode()
    assert new4.surname in page and year3.surname not in page
    client.post(url, {"shown": [pupil.pk, new4.pk], "pupils": [new4.pk], "staff": [teacher.pk]})
    assert set(class_group.pupils.all()) == {year3, new4}
    assert list(class_group.staff.all()) == [teacher]


@pytest.mark.django_db
def test_ticked_ids_that_are_not_plain_digits_name_no_row(client, senco, class_group, pupil, teacher):
    _login(client, senco)
    url = reverse("schooladmin:group_members", args=[class_group.pk])
    client.raise_request_exception = False
    response = client.post(url, {"shown": [pupil.pk, "²", "٣"], "pupils": ["²", "٣", "9" * 40], "staff": [teacher.pk]})
    assert response.status_code == 302
    assert not class_group.pupils.exists()  # Peter was shown and not ticked: he leaves; nothing else joins


@pytest.mark.django_db
def test_adding_a_group_with_a_duplicate_name_says_so(client, senco, class_group):
    _login(client, senco)
    page = client.post(
        reverse("schooladmin:group_add"), {"name": "Class 4B", "kind": "class", "year_group": "4"}
    ).content.decode()
    assert "already has a group called Class 4B" in page
    response = client.post(
        reverse("schooladmin:group_add"), {"name": "Phonics catch-up", "kind": "intervention", "year_group": ""}
    )
    group = TeachingGroup.objects.get(name="Phonics catch-up")
    assert response["Location"] == reverse("schooladmin:group_members", args=[group.pk])
    assert group.kind == "intervention"


@pytest.mark.django_db
def test_contacts_add_end_and_invite_from_the_pages(client, senco, pupil, django_capture_on_commit_callbacks):
    _login(client, senco)
    response = client.post(
        reverse("schooladmin:contact_add", args=[pupil.pk]),
        {
            "email": "gran@example.com",
            "first_name": "Grace",
            "last_name": "Rabbit",
            "relationship": "grandmother",
            "has_parental_responsibility": "yes",
        },
    )
    assert response.status_code == 302
    link = ParentLink.objects.get(parent__username="gran@example.com")
    assert link.has_parental_responsibility
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schooladmin:contact_invite", args=[pupil.pk, link.pk]))
    assert mail.outbox[-1].to == ["gran@example.com"]
    page = client.post(
        reverse("schooladmin:contact_end", args=[pupil.pk, link.pk]), {"ended_on": "2999-01-01"}
    ).content.decode()
    assert "cannot be in the future" in page
    client.post(reverse("schooladmin:contact_end", args=[pupil.pk, link.pk]), {"ended_on": ""})
    link.refresh_from_db()
    assert link.ended_at is None
    from django.utils import timezone

    client.post(
        reverse("schooladmin:contact_end", args=[pupil.pk, link.pk]), {"ended_on": timezone.localdate().isoformat()}
    )
    link.refresh_from_db()
    assert link.ended_at is not None


@pytest.mark.django_db
def test_a_contact_of_another_pupil_is_not_found_under_this_pupil(client, senco, parent, pupil, sibling):
    other = ParentLink.objects.create(parent=parent, pupil=sibling, relationship="Mother")
    _login(client, senco)
    assert client.get(reverse("schooladmin:contact_edit", args=[pupil.pk, other.pk])).status_code == 404


@pytest.mark.django_db
def test_a_new_link_to_choose_a_password_can_be_sent(client, senco, teacher, django_capture_on_commit_callbacks):
    from sensupport.audit.models import AuditEvent

    _login(client, senco)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("schooladmin:staff_invite", args=[teacher.pk]), follow=True)
    assert "a new link to choose a password" in response.content.decode()
    assert mail.outbox[-1].to == [teacher.email] and "/accounts/set-password/" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(
        target="staff account", target_id=str(teacher.pk), summary__contains="link to choose"
    ).exists()


@pytest.mark.django_db
def test_saving_a_groups_members_keeps_a_switched_off_member_for_when_they_return(
    client, senco, teacher, class_group, pupil
):
    from sensupport.accounts.services import staff_deactivate, staff_reactivate
    from sensupport.pupils.models import Pupil

    staff_deactivate(actor=senco, staff=teacher)
    _login(client, senco)
    assert (
        teacher.display_name
        not in client.get(reverse("schooladmin:group_members", args=[class_group.pk])).content.decode()
    )
    client.post(
        reverse("schooladmin:group_members", args=[class_group.pk]), {"shown": [pupil.pk], "pupils": [pupil.pk]}
    )
    staff_reactivate(actor=senco, staff=teacher)
    teacher.refresh_from_db()
    assert list(Pupil.objects.visible_to(teacher)) == [pupil]
