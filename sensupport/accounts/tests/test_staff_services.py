"""A school manages its own staff: each change one service with its audit row; refusals say why;
a switched-off account signs in nowhere and keeps its history."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sensupport.accounts.models import User
from sensupport.accounts.services import AccountError, staff_create, staff_deactivate, staff_reactivate, staff_update
from sensupport.audit.models import AuditEvent
from sensupport.core.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.mark.django_db
def test_staff_create_makes_an_account_without_a_password_and_invites_by_email(
    senco, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = staff_create(
            actor=senco, email=" New.Teacher@Oak.Example ", first_name="Nia", last_name="New", role="teacher"
        )
    assert user.username == "new.teacher@oak.example" and user.school == school and user.role == "teacher"
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.teacher@oak.example"]
    assert "/accounts/set-password/" in mail.outbox[0].body
    row = AuditEvent.objects.get(target="staff account", target_id=str(user.pk))
    assert row.action == "create" and row.actor == senco and row.school_id == school.pk and row.via == "web"


@pytest.mark.django_db
def test_staff_create_refuses_an_address_already_in_use(senco, teacher):
    with pytest.raises(AccountError, match="already an account with this email address") as refused:
        staff_create(actor=senco, email=teacher.email.upper(), first_name="A", last_name="B", role="teacher")
    assert refused.value.field == "email"
    assert mail.outbox == []


@pytest.mark.django_db
def test_staff_create_refuses_a_role_that_is_not_a_school_role(senco):
    with pytest.raises(AccountError, match="Choose their role"):
        staff_create(actor=senco, email="x@oak.example", first_name="A", last_name="B", role="la_officer")


@pytest.mark.django_db
def test_only_a_head_gives_the_head_role(senco, head):
    with pytest.raises(AccountError, match="Only a head teacher"):
        staff_create(actor=senco, email="x@oak.example", first_name="A", last_name="B", role="head")
    assert staff_create(actor=head, email="x@oak.example", first_name="A", last_name="B", role="head").role == "head"


@pytest.mark.django_db
def test_teachers_cannot_manage_staff(teacher):
    with pytest.raises(PermissionDenied):
        staff_create(actor=teacher, email="x@oak.example", first_name="A", last_name="B", role="teacher")


@pytest.mark.django_db
def test_another_schools_staff_cannot_be_changed(other_school_senco, teacher):
    with pytest.raises(PermissionDenied):
        staff_update(actor=other_school_senco, staff=teacher, first_name="X", last_name="Y", role="ta")
    with pytest.raises(PermissionDenied):
        staff_deactivate(actor=other_school_senco, staff=teacher)


@pytest.mark.django_db
def test_staff_update_changes_names_and_role_with_an_audit_row(school_admin, teacher):
    assert staff_update(actor=school_admin, staff=teacher, first_name="Tia", last_name="Teach", role="ta")
    teacher.refresh_from_db()
    assert teacher.role == "ta" and teacher.last_name == "Teach"
    row = AuditEvent.objects.get(target="staff account", target_id=str(teacher.pk))
    assert row.changes == {"last_name": ["Teacher", "Teach"], "role": ["teacher", "ta"]}
    assert not staff_update(actor=school_admin, staff=teacher, first_name="Tia", last_name="Teach", role="ta")


@pytest.mark.django_db
def test_nobody_switches_off_their_own_account_or_changes_their_own_role(school_admin, senco, head):
    with pytest.raises(AccountError, match="cannot switch off your own account"):
        staff_deactivate(actor=school_admin, staff=school_admin)
    with pytest.raises(AccountError, match="cannot change your own role"):
        staff_update(actor=school_admin, staff=school_admin, first_name="Ade", last_name="Admin", role="senco")


@pytest.mark.django_db
def test_the_last_senco_cannot_be_removed_without_another(head, senco, school):
    with pytest.raises(AccountError, match="only SENCO. Add another SENCO first"):
        staff_deactivate(actor=head, staff=senco)
    with pytest.raises(AccountError, match="only SENCO"):
        staff_update(actor=head, staff=senco, first_name="Sam", last_name="Senco", role="teacher")
    UserFactory(role="senco", school=school)
    assert staff_deactivate(actor=head, staff=senco)


@pytest.mark.django_db
def test_a_head_is_only_removed_by_another_head(senco, school_admin, head, school):
    """So the last head is never removed: a head cannot remove themselves, and nobody else may."""
    with pytest.raises(AccountError, match="Only a head teacher can give or take away"):
        staff_update(actor=school_admin, staff=head, first_name="Hana", last_name="Head", role="teacher")
    deputy = UserFactory(role="head", school=school)
    assert staff_update(actor=deputy, staff=head, first_name="Hana", last_name="Head", role="teacher")


@pytest.mark.django_db
def test_a_senco_cannot_switch_off_a_head(senco, head, school):
    UserFactory(role="head", school=school)
    with pytest.raises(AccountError, match="Only a head teacher can switch off"):
        staff_deactivate(actor=senco, staff=head)


@pytest.mark.django_db
def test_deactivated_staff_cannot_sign_in_with_a_password(client, senco, teacher):
    staff_deactivate(actor=senco, staff=teacher)
    response = client.post(reverse("accounts:login"), {"username": teacher.username, "password": PASSWORD})
    assert response.status_code == 200
    assert client.get(reverse("pupils:register")).status_code == 302
    row = AuditEvent.objects.get(target="staff account", target_id=str(teacher.pk), action="update")
    assert row.changes == {"is_active": [True, False]}


@pytest.mark.django_db
def test_an_existing_session_stops_working_when_the_account_is_switched_off(client, senco, teacher, pupil):
    client.post(reverse("accounts:login"), {"username": teacher.username, "password": PASSWORD})
    assert client.get(reverse("pupils:pupil", args=[pupil.pk])).status_code == 200
    staff_deactivate(actor=senco, staff=teacher)
    response = client.get(reverse("pupils:pupil", args=[pupil.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_switched_off_parent_account_cannot_sign_in_with_a_code(client, parent):
    from sensupport.accounts import login_codes

    parent.is_active = False
    parent.save()
    assert not login_codes.login_code_issue(email=parent.email)
    assert mail.outbox == []


@pytest.mark.django_db
def test_switched_off_staff_keep_their_audit_history_and_can_be_switched_back_on(client, senco, teacher, pupil):
    AuditEvent.objects.create(
        actor=teacher, actor_label="Tia Teacher (Class teacher)", action="view", pupil=pupil, target="pupil record"
    )
    staff_deactivate(actor=senco, staff=teacher)
    assert AuditEvent.objects.filter(actor=teacher, action="view").count() == 1
    assert User.objects.filter(pk=teacher.pk).exists()
    assert staff_reactivate(actor=senco, staff=teacher)
    teacher.refresh_from_db()
    assert teacher.is_active
    assert (
        client.post(reverse("accounts:login"), {"username": teacher.username, "password": PASSWORD}).status_code == 302
    )


@pytest.mark.django_db
def test_no_invitation_is_sent_for_an_account_whose_creation_rolled_back(senco, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        staff_create(actor=senco, email="gone@oak.example", first_name="G", last_name="One", role="teacher")
        raise RuntimeError("something after it failed")
    assert mail.outbox == []
    assert not User.objects.filter(username="gone@oak.example").exists()


@pytest.mark.django_db
def test_switching_off_deletes_the_accounts_stored_sessions(client, senco, teacher):
    from django.contrib.sessions.models import Session

    client.post(reverse("accounts:login"), {"username": teacher.username, "password": PASSWORD})
    assert Session.objects.count() == 1
    staff_deactivate(actor=senco, staff=teacher)
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_django_refuses_an_inactive_users_session_on_every_request_even_if_the_session_survives(client, teacher, pupil):
    """What staff_deactivate relies on besides deleting sessions: the session's backend
    (ModelBackend) answers no user for an inactive account, so the next request is signed out."""
    client.post(reverse("accounts:login"), {"username": teacher.username, "password": PASSWORD})
    User.objects.filter(pk=teacher.pk).update(is_active=False)  # the session row is left in place
    response = client.get(reverse("pupils:pupil", args=[pupil.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
