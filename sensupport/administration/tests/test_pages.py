"""The service administrator's pages do what they say, through the services."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sensupport.accounts.models import Role, User
from sensupport.administration.models import GiasUpload
from sensupport.audit.models import AuditEvent
from sensupport.organisations.models import LocalAuthority, School
from sensupport.organisations.tests.gias_files import HEADER, SOUTHWARK, csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, service_admin):
    client.force_login(service_admin)
    return client


def _upload(client, content: bytes, name: str = "edubasealldata20250109.csv"):
    return client.post(
        reverse("administration:schools_import"), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_adding_a_local_authority(admin_client):
    response = admin_client.post(reverse("administration:la_create"), {"code": "210", "name": "Southwark"}, follow=True)
    assert "Local authority Southwark (210) added." in response.content.decode()
    assert AuditEvent.objects.filter(target="local authority", via="web").count() == 1


def test_a_duplicate_la_code_is_shown_on_the_form(admin_client, la):
    response = admin_client.post(reverse("administration:la_create"), {"code": la.code, "name": "Again"})
    assert f"Local authority {la.code} already exists: {la.name}" in response.content.decode()
    assert LocalAuthority.objects.count() == 1


def test_adding_a_school_leads_to_adding_its_senco(admin_client, la):
    response = admin_client.post(
        reverse("administration:school_create"),
        {
            "local_authority": la.pk,
            "name": "Oak Primary",
            "urn": "123456",
            "establishment_number": "2345",
            "phase": "primary",
            "establishment_type": "1",
        },
    )
    School.objects.get(urn="123456")
    assert response["Location"] == f"{reverse('administration:leader_create')}?school=123456"
    form = admin_client.get(response["Location"]).content.decode()
    assert 'value="123456"' in form and "For Oak Primary (URN 123456" in form


def test_a_bad_urn_is_shown_on_the_form(admin_client, la):
    response = admin_client.post(
        reverse("administration:school_create"),
        {
            "local_authority": la.pk,
            "name": "Oak Primary",
            "urn": "12x456",
            "establishment_number": "2345",
            "phase": "primary",
            "establishment_type": "1",
        },
    )
    assert "Enter the URN as six digits, for example 100000" in response.content.decode()
    assert not School.objects.exists()


def test_the_list_searches_by_name_and_urn(admin_client, school, other_school):
    page = admin_client.get(reverse("administration:home"), {"q": school.urn}).content.decode()
    assert school.name in page and other_school.name not in page


def test_a_gias_upload_is_previewed_then_imported(admin_client, service_admin):
    response = _upload(admin_client, csv_bytes(SOUTHWARK))
    assert response["Location"] == reverse("administration:schools_import_preview")
    preview = admin_client.get(reverse("administration:schools_import_preview")).content.decode()
    assert "Saint Joseph’s Catholic Primary School" in preview and "2 closed establishments" in preview
    assert not School.objects.exists()
    admin_client.post(reverse("administration:schools_import_confirm"))
    assert School.objects.count() == 4
    assert GiasUpload.objects.get().status == GiasUpload.Status.APPLIED
    assert GiasUpload.objects.get().content in (b"", memoryview(b""))
    # Confirming twice imports once.
    response = admin_client.post(reverse("administration:schools_import_confirm"), follow=True)
    assert "already been dealt with" in response.content.decode()
    assert AuditEvent.objects.filter(target="schools (GIAS file)").count() == 1


def test_a_bad_gias_file_shows_its_problems_and_imports_nothing(admin_client):
    _upload(admin_client, csv_bytes(SOUTHWARK + [row("", "210", "Southwark", "2999", "No URN", "1", "Primary")]))
    preview = admin_client.get(reverse("administration:schools_import_preview")).content.decode()
    assert "Row 9, column URN: the URN is missing" in preview
    assert 'action="' + reverse("administration:schools_import_confirm") not in preview
    response = admin_client.post(reverse("administration:schools_import_confirm"))
    assert response.status_code == 200 and "Row 9, column URN" in response.content.decode()
    assert GiasUpload.objects.get().status == GiasUpload.Status.REJECTED
    assert not School.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (csv_bytes([], header=[h for h in HEADER if h != "URN"]), "x.csv", "The file is missing the column URN"),
        (b"PK\x03\x04zipped", "x.zip", "Unzip the file GIAS gave you"),
        (b"\x00\x01\x02", "x.csv", "This is not a CSV file"),
        ("URN,Name\n1,é".encode("utf-16"), "x.csv", "This is not a CSV file"),
    ],
)
def test_hostile_uploads_get_a_message_never_a_500(admin_client, content, name, message):
    response = _upload(admin_client, content, name)
    if response.status_code == 302:
        response = admin_client.get(response["Location"])
    assert response.status_code == 200
    assert message in response.content.decode()


def test_another_administrators_upload_is_not_reachable(client, admin_client, service_admin):
    _upload(admin_client, csv_bytes(SOUTHWARK))
    other = User.objects.create_user("ops2@example.org", role=Role.SERVICE_ADMIN)
    client.force_login(other)
    session = client.session
    session["administration_gias_upload"] = GiasUpload.objects.get().pk  # even given the id, it is not theirs
    session.save()
    response = client.post(reverse("administration:schools_import_confirm"))
    assert response.status_code == 302
    assert not School.objects.exists()


def test_cancelling_forgets_the_file(admin_client):
    _upload(admin_client, csv_bytes(SOUTHWARK))
    admin_client.post(reverse("administration:schools_import_cancel"))
    assert GiasUpload.objects.get().status == GiasUpload.Status.CANCELLED
    assert not School.objects.exists()


def test_the_first_senco_is_invited_by_email_to_set_a_password(
    admin_client, client, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("administration:leader_create"),
            {
                "school": school.urn,
                "role": "senco",
                "first_name": "Sam",
                "last_name": "Senco",
                "email": " Sam.Senco@Example.org ",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="sam.senco@example.org")
    assert (user.role, user.school, user.has_usable_password()) == (Role.SENCO, school, False)
    assert AuditEvent.objects.filter(target="account", school_id=school.pk, action="create").exists()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "password" in body.lower() and "Sam" in body
    link = re.search(r"https?://\S+/accounts/set-password/\S+/", body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    page = client.get("/" + path, follow=True)
    assert "Choose your password" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase 42", "new_password2": "a long new passphrase 42"},
        follow=True,
    )
    assert "Your password is set" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("a long new passphrase 42")
    # The link works once.
    assert "This link has stopped working" in client.get("/" + path, follow=True).content.decode()


def test_an_email_already_in_use_is_shown_on_the_form(admin_client, school, senco):
    response = admin_client.post(
        reverse("administration:leader_create"),
        {"school": school.urn, "role": "head", "first_name": "Hal", "last_name": "Head", "email": senco.email.upper()},
    )
    assert f"There is already an account for {senco.email}" in response.content.decode()


def test_health_without_a_queue_says_so(admin_client):
    page = admin_client.get(reverse("administration:health")).content.decode()
    assert "Reachable" in page and "there is no queue to watch" in page


def test_health_counts_the_queue_and_finds_each_schedules_last_run(admin_client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    common = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "queue_name": "default",
        "backend_name": "default",
        "priority": 0,
    }
    DBTaskResult.objects.create(task_path="sensupport.family.tasks.send_meeting_summary", status="READY", **common)
    DBTaskResult.objects.filter(status="READY").update(enqueued_at=now - dt.timedelta(hours=3))
    DBTaskResult.objects.create(task_path="sensupport.family.tasks.send_meeting_summary", status="READY", **common)
    DBTaskResult.objects.create(task_path="x.y", status="FAILED", finished_at=now - dt.timedelta(hours=2), **common)
    DBTaskResult.objects.create(task_path="x.y", status="FAILED", finished_at=now - dt.timedelta(days=2), **common)
    DBTaskResult.objects.create(
        task_path="sensupport.jobs.tasks.purge_finished_tasks", status="SUCCESSFUL", finished_at=now, **common
    )
    page = admin_client.get(reverse("administration:health")).content.decode()
    assert re.search(r'id="health-waiting">2<', page)
    assert re.search(r'id="health-failed">.*>1<', page)
    assert "enqueued 3\xa0hours ago" in page
    purge_row = page.split("purge-finished-tasks", 1)[1].split("</tr>", 1)[0]
    assert "Successful" in purge_row and "Late" not in purge_row
    reminders_row = page.split("review-reminders", 1)[1].split("</tr>", 1)[0]
    assert "Not in the kept task history" in reminders_row and "Late" in reminders_row


def test_a_file_too_big_is_refused_with_a_message(admin_client, monkeypatch):
    monkeypatch.setattr("sensupport.administration.forms.MAX_UPLOAD_BYTES", 100)
    response = _upload(admin_client, csv_bytes(SOUTHWARK))
    assert response.status_code == 200
    assert "The file must be smaller than 20 MB" in response.content.decode()
    assert not GiasUpload.objects.exists()


def test_a_senco_for_an_unknown_urn_is_refused_on_the_form(admin_client):
    response = admin_client.post(
        reverse("administration:leader_create"),
        {"school": "999999", "role": "senco", "first_name": "Sam", "last_name": "Senco", "email": "sam@example.org"},
    )
    assert "There is no school with URN 999999 in sensupport: add the school first" in response.content.decode()
    assert not User.objects.filter(email="sam@example.org").exists()


def test_the_service_administrators_menu_leads_to_schools_and_health(admin_client):
    html = admin_client.get(reverse("administration:health")).content.decode()
    for label, url in (
        ("Schools", reverse("administration:home")),
        ("Service health", reverse("administration:health")),
    ):
        assert f'href="{url}"' in html and label in html
        assert admin_client.get(url).status_code == 200
