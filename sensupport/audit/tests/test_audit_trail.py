"""Every read and change of a pupil's record leaves a row: who, what, when."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.pupils import services


@pytest.mark.django_db
def test_viewing_a_pupil_is_recorded(login, teacher, pupil):
    login(teacher).get(reverse("pupils:pupil", args=[pupil.pk]))
    event = AuditEvent.objects.get(pupil=pupil, action="view")
    assert event.actor == teacher
    assert "Teacher" in event.actor_label and event.target == "pupil record"
    assert event.school_id == pupil.school_id and event.at is not None


@pytest.mark.django_db
def test_api_read_is_recorded_with_its_channel(login, senco, pupil):
    login(senco).get(reverse("api:pupil_detail", args=[pupil.pk]))
    assert AuditEvent.objects.get(pupil=pupil, action="view").via == "api"


@pytest.mark.django_db
def test_refused_read_leaves_no_pupil_row(login, other_school_senco, pupil):
    login(other_school_senco).get(reverse("pupils:pupil", args=[pupil.pk]))
    assert not AuditEvent.objects.filter(pupil=pupil).exists()


@pytest.mark.django_db
def test_changes_are_recorded_with_what_changed(senco, teacher, pupil):
    concern = services.concern_raise(pupil=pupil, actor=teacher, noticed="Cannot hear instructions at the back")
    services.concern_note_add(concern=concern, actor=senco, text="Hearing test booked")
    rows = list(AuditEvent.objects.filter(pupil=pupil).order_by("id").values_list("actor_id", "action", "target"))
    assert rows == [
        (teacher.pk, "create", "concern"),
        (teacher.pk, "update", "SEN status"),
        (senco.pk, "create", "concern note"),
    ]
    status_row = AuditEvent.objects.get(pupil=pupil, target="SEN status")
    assert status_row.changes == {"status": ["N", "M"]}


@pytest.mark.django_db
def test_export_records_a_read_of_every_pupil_in_it(login, senco, pupil, sibling):
    response = login(senco).get(reverse("pupils:register_export", args=["csv"]))
    assert response.status_code == 200
    assert set(AuditEvent.objects.filter(action="export").values_list("pupil_id", flat=True)) == {pupil.pk, sibling.pk}


@pytest.mark.django_db
def test_senco_sees_who_has_looked_at_a_record(login, senco, teacher, ta, pupil):
    login(teacher).get(reverse("pupils:pupil", args=[pupil.pk]))
    login(teacher).get(reverse("pupils:pupil", args=[pupil.pk]))
    login(ta).get(reverse("pupils:pupil", args=[pupil.pk]))
    page = login(senco).get(reverse("pupils:audit_trail", args=[pupil.pk])).content.decode()
    viewers_table = page.split('id="viewers"')[1].split("</table>")[0]
    assert teacher.display_name in viewers_table and ta.display_name in viewers_table
    assert ">2<" in viewers_table  # the teacher looked twice


@pytest.mark.django_db
def test_audit_rows_outlive_a_deleted_user(login, teacher, pupil):
    login(teacher).get(reverse("pupils:pupil", args=[pupil.pk]))
    label = AuditEvent.objects.get(action="view").actor_label
    teacher.delete()
    event = AuditEvent.objects.get(action="view")
    assert event.actor is None and event.actor_label == label
