"""A school manages its classes and groups and its pupils' parents and carers: each change one
service with its audit row (membership rows carry the pupil), refusals that say what to do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from sensupport.accounts.models import User
from sensupport.audit.models import AuditEvent
from sensupport.core.factories import PupilFactory, UserFactory
from sensupport.pupils import services
from sensupport.pupils.models import ParentLink, Pupil, TeachingGroup
from sensupport.pupils.services import RegisterError


@pytest.mark.django_db
def test_group_create_and_update_with_audit_rows(senco, school):
    group = services.group_create(actor=senco, name=" Maths set 2 ", kind="set", year_group="9")
    assert (group.name, group.kind, group.year_group, group.school) == ("Maths set 2", "set", "9", school)
    assert services.group_update(actor=senco, group=group, name="Maths set 3", kind="set", year_group="9")
    rows = AuditEvent.objects.filter(target="teaching group", target_id=str(group.pk)).order_by("id")
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[1].changes == {"name": ["Maths set 2", "Maths set 3"]}


@pytest.mark.django_db
def test_group_names_are_unique_in_a_school(senco, class_group):
    with pytest.raises(RegisterError, match="already has a group called class 4b") as refused:
        services.group_create(actor=senco, name="class 4b", kind="class")
    assert refused.value.field == "name"


@pytest.mark.django_db
def test_teachers_cannot_manage_groups(teacher, class_group):
    with pytest.raises(PermissionDenied):
        services.group_create(actor=teacher, name="New", kind="class")
    with pytest.raises(PermissionDenied):
        services.group_pupils_set(actor=teacher, group=class_group, pupils=[])


@pytest.mark.django_db
def test_another_schools_group_cannot_be_changed(other_school_senco, class_group):
    with pytest.raises(PermissionDenied):
        services.group_update(actor=other_school_senco, group=class_group, name="X", kind="class")


@pytest.mark.django_db
def test_group_pupils_set_audits_each_pupil_added_or_removed(senco, class_group, pupil, school):
    newcomer = PupilFactory(school=school, year_group="4")
    result = services.group_pupils_set(actor=senco, group=class_group, pupils=[newcomer])
    assert result == {"added": [newcomer], "removed": [pupil]}
    assert list(class_group.pupils.all()) == [newcomer]
    rows = {r.pupil_id: r.summary for r in AuditEvent.objects.filter(target="teaching group")}
    assert rows == {
        newcomer.pk: f"{newcomer.display_name} added to Class 4B",
        pupil.pk: "Peter Rabbit removed from Class 4B",
    }


@pytest.mark.django_db
def test_group_membership_refuses_pupils_and_staff_of_another_school(
    senco, class_group, other_school_pupil, other_school_senco
):
    with pytest.raises(RegisterError, match="pupils from your own school"):
        services.group_pupils_set(actor=senco, group=class_group, pupils=[other_school_pupil])
    with pytest.raises(RegisterError, match="staff from your own school"):
        services.group_staff_set(actor=senco, group=class_group, staff=[other_school_senco])


@pytest.mark.django_db
def test_group_staff_set_decides_which_pupils_a_teacher_sees(senco, school, pupil, class_group):
    teacher = UserFactory(role="teacher", school=school)
    assert not Pupil.objects.visible_to(teacher).exists()
    services.group_staff_set(actor=senco, group=class_group, staff=[teacher])
    assert list(Pupil.objects.visible_to(teacher)) == [pupil]
    row = AuditEvent.objects.get(target="teaching group", action="update")
    assert row.changes == {"added": [teacher.display_name]}


@pytest.mark.django_db
def test_contact_add_creates_a_family_account_and_the_parent_sees_the_child(head, pupil):
    link = services.contact_add(
        actor=head,
        pupil=pupil,
        email="Jo.Rabbit@Example.com",
        first_name="Jo",
        last_name="Rabbit",
        relationship="grandmother",
        has_parental_responsibility=True,
    )
    parent = link.parent
    assert (parent.role, parent.username, parent.has_usable_password()) == ("parent", "jo.rabbit@example.com", False)
    assert link.relationship == "Grandmother"
    assert list(Pupil.objects.visible_to(parent)) == [pupil]
    row = AuditEvent.objects.get(target="parent link")
    assert row.pupil_id == pupil.pk and row.action == "create" and "new family account" in row.summary


@pytest.mark.django_db
def test_contact_add_reuses_the_family_account_with_that_email(senco, parent, sibling):
    link = services.contact_add(
        actor=senco,
        pupil=sibling,
        email=parent.email,
        first_name="",
        last_name="",
        relationship="Mother",
        has_parental_responsibility=True,
    )
    assert link.parent == parent
    assert User.objects.filter(role="parent").count() == 1


@pytest.mark.django_db
def test_contact_add_refuses_a_staff_address_and_a_duplicate(senco, parent, pupil, teacher):
    with pytest.raises(RegisterError, match="not a parent's or carer's"):
        services.contact_add(
            actor=senco,
            pupil=pupil,
            email=teacher.email,
            first_name="T",
            last_name="T",
            relationship="Aunt",
            has_parental_responsibility=False,
        )
    with pytest.raises(RegisterError, match="already a parent or carer"):
        services.contact_add(
            actor=senco,
            pupil=pupil,
            email=parent.email,
            first_name="",
            last_name="",
            relationship="Mother",
            has_parental_responsibility=True,
        )


@pytest.mark.django_db
def test_a_contact_without_parental_responsibility_does_not_see_the_child(senco, pupil):
    link = services.contact_add(
        actor=senco,
        pupil=pupil,
        email="step@example.com",
        first_name="S",
        last_name="Step",
        relationship="Step-father",
        has_parental_responsibility=False,
    )
    assert not Pupil.objects.visible_to(link.parent).exists()
    services.contact_update(actor=senco, link=link, relationship="Step-father", has_parental_responsibility=True)
    assert Pupil.objects.visible_to(link.parent).exists()


@pytest.mark.django_db
def test_contact_end_stops_the_parent_seeing_the_child_in_the_portal(client, senco, parent, pupil):
    client.force_login(parent, backend="sensupport.accounts.backends.PasswordBackend")
    assert client.get(reverse("portal:child", args=[pupil.pk])).status_code == 200
    link = ParentLink.objects.get(parent=parent, pupil=pupil)
    assert services.contact_end(actor=senco, link=link)
    assert not Pupil.objects.visible_to(parent).exists()
    assert client.get(reverse("portal:child", args=[pupil.pk])).status_code == 404
    assert pupil.display_name not in client.get(reverse("portal:home")).content.decode()
    row = AuditEvent.objects.filter(target="parent link").latest("id")
    assert row.pupil_id == pupil.pk and "Contact ended" in row.summary


@pytest.mark.django_db
def test_contact_end_refuses_a_date_in_the_future(senco, parent, pupil):
    link = ParentLink.objects.get(parent=parent, pupil=pupil)
    with pytest.raises(RegisterError, match="cannot be in the future"):
        services.contact_end(actor=senco, link=link, ended_on=timezone.localdate() + dt.timedelta(days=1))


@pytest.mark.django_db
def test_an_ended_contact_can_be_added_again(senco, parent, pupil):
    link = ParentLink.objects.get(parent=parent, pupil=pupil)
    services.contact_end(actor=senco, link=link, ended_on=timezone.localdate() - dt.timedelta(days=3))
    again = services.contact_add(
        actor=senco,
        pupil=pupil,
        email=parent.email,
        first_name="",
        last_name="",
        relationship="Mother",
        has_parental_responsibility=True,
    )
    assert again.pk == link.pk and again.ended_at is None


@pytest.mark.django_db
def test_parent_invite_emails_a_code_sign_in_link_and_nothing_about_the_child(
    senco, parent, pupil, school, django_capture_on_commit_callbacks
):
    link = ParentLink.objects.get(parent=parent, pupil=pupil)
    with django_capture_on_commit_callbacks(execute=True):
        services.parent_invite(actor=senco, link=link)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [parent.email] and not message.cc and not message.bcc
    assert "/accounts/code/" in message.body and school.name in message.body
    for detail in (pupil.forename, pupil.surname, pupil.upn, "SEN"):
        assert detail not in message.body and detail not in message.subject
    assert AuditEvent.objects.get(target="parent link").pupil_id == pupil.pk


@pytest.mark.django_db
def test_parent_invite_refuses_a_contact_without_parental_responsibility(senco, pupil):
    link = services.contact_add(
        actor=senco,
        pupil=pupil,
        email="step@example.com",
        first_name="S",
        last_name="Step",
        relationship="Step-father",
        has_parental_responsibility=False,
    )
    with pytest.raises(RegisterError, match="does not have parental responsibility"):
        services.parent_invite(actor=senco, link=link)


@pytest.mark.django_db
def test_teachers_and_other_schools_cannot_manage_contacts(teacher, other_school_senco, pupil):
    for actor in (teacher, other_school_senco):
        with pytest.raises(PermissionDenied):
            services.contact_add(
                actor=actor,
                pupil=pupil,
                email="x@example.com",
                first_name="X",
                last_name="Y",
                relationship="Aunt",
                has_parental_responsibility=True,
            )
    assert TeachingGroup.objects.count() == 1
