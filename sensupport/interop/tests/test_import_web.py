"""The web import: upload, check the preview, confirm. Who may do it, and who may see an upload."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.core.factories import make_upn
from sensupport.interop.models import ImportBatch
from sensupport.pupils.models import Pupil

from .ctf_builder import CtfPupil, ctf_bytes

pytestmark = pytest.mark.django_db
START = "/import/"  # the navigation links here (interop:import_start)


def upn(serial: int) -> str:
    return make_upn("202", "2002", "19", serial)


def pending_batch(user) -> ImportBatch:
    content = ctf_bytes([CtfPupil(upn=upn(1))])
    return ImportBatch.objects.create(
        school=user.school,
        uploaded_by=user,
        filename="x.xml",
        kind="ctf",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def upload(client, content: bytes, name: str = "transfer.xml"):
    return client.post(START, {"file": SimpleUploadedFile(name, content)})


def test_senco_uploads_previews_and_confirms_a_ctf(senco, login):
    client = login(senco)
    content = ctf_bytes(
        [
            CtfPupil(
                upn=upn(1),
                surname="Puddle-duck",
                forename="Jemima",
                dob="2012-03-01",
                sen=[("2014-09-01", "P")],
                needs=[("1", "BESD")],
            ),
            CtfPupil(upn=upn(2), surname="Tiggy", forename="Winkle"),
        ]
    )
    response = upload(client, content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("interop:import_preview", args=[batch.pk])
    assert (batch.kind, batch.status, batch.uploaded_by, batch.school) == ("ctf", "pending", senco, senco.school)

    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "New pupils (2)" in html and "Jemima Puddle-duck" in html
    assert "istoric need type BESD recorded as SEMH" in html
    assert "Confirm and import" in html
    assert Pupil.objects.count() == 0

    confirmed = client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert confirmed.status_code == 302
    assert Pupil.objects.filter(school=senco.school).count() == 2
    assert AuditEvent.objects.filter(action="import", actor=senco, via="import").count() == 2
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.applied_at and bytes(batch.content) == b""
    # A second confirmation (double click, replay) does nothing.
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert AuditEvent.objects.filter(action="import").count() == 2


def test_preview_shows_changes_old_to_new(senco, pupil, login):
    client = login(senco)
    content = ctf_bytes(
        [
            CtfPupil(
                upn=pupil.upn,
                surname="Rabbit",
                forename="Peter",
                dob=pupil.date_of_birth.isoformat(),
                sex=pupil.sex,
                year="5",
            )
        ]
    )
    response = client.get(upload(client, content)["Location"])
    assert "Year group: 4 changes to 5" in response.content.decode()


def test_spreadsheet_problems_are_listed_and_there_is_no_confirm_button(school_admin, login):
    client = login(school_admin)
    content = b"UPN,Surname,Forename,DOB,Sex,YearGroup\r\nA801200005001,Duck,Jemima,2016-05-04,F,4\r\n"
    response = client.get(upload(client, content, "pupils.csv")["Location"])
    html = response.content.decode()
    assert "row 2" in html and "column UPN" in html and "has check letter A but its digits need B" in html
    assert "Confirm and import" not in html
    batch = ImportBatch.objects.get()
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert Pupil.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == "rejected"


def test_ctf_for_another_school_is_refused(senco, other_school, login):
    client = login(senco)
    content = ctf_bytes([CtfPupil(upn=upn(1))], dest=("202", "2002"))
    html = client.get(upload(client, content)["Location"]).content.decode()
    assert "addressed to Elm Primary" in html and "Confirm and import" not in html


def test_cancel_forgets_the_upload(senco, login):
    client = login(senco)
    upload(client, ctf_bytes([CtfPupil(upn=upn(1))]))
    batch = ImportBatch.objects.get()
    response = client.post(reverse("interop:import_cancel", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "cancelled" and bytes(batch.content) == b""
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert Pupil.objects.count() == 0


def test_confirm_is_post_only(senco, login):
    client = login(senco)
    upload(client, ctf_bytes([CtfPupil(upn=upn(1))]))
    batch = ImportBatch.objects.get()
    assert client.get(reverse("interop:import_confirm", args=[batch.pk])).status_code == 405
    assert Pupil.objects.count() == 0


def test_confirm_needs_csrf(senco, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(senco, backend="sensupport.accounts.backends.PasswordBackend")
    batch = pending_batch(senco)
    assert strict.post(reverse("interop:import_confirm", args=[batch.pk])).status_code == 403
    assert Pupil.objects.count() == 0


def test_upload_rejects_other_file_types_and_empty_form(senco, login):
    client = login(senco)
    response = upload(client, b"hello", "notes.docx")
    assert (
        response.status_code == 200
        and "must be a Common Transfer File (.xml), a CSV (.csv) or an Excel workbook" in response.content.decode()
    )
    response = client.post(START, {})
    assert "Choose a file to upload" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_upload_over_10_mb_is_refused(senco, login, monkeypatch):
    from sensupport.interop import forms

    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 10)
    response = upload(login(senco), ctf_bytes([CtfPupil(upn=upn(1))]))
    assert "smaller than 10 MB" in response.content.decode()
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    "role, expected",
    [
        ("senco", 200),
        ("school_admin", 200),
        ("head", 403),
        ("teacher", 403),
        ("ta", 403),
        ("parent", 403),
        ("la_officer", 403),
        ("professional", 403),
        ("other_school_senco", 200),
    ],
)
def test_who_may_open_the_import_page(request, login, role, expected):
    user = request.getfixturevalue(role)
    assert login(user).get(START).status_code == expected


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(START).status_code == 302


@pytest.mark.parametrize(
    "role, expected",
    [
        ("senco", 200),
        ("school_admin", 200),
        ("other_school_senco", 404),
        ("teacher", 403),
        ("parent", 403),
        ("la_officer", 403),
    ],
)
def test_who_may_see_an_upload(request, login, senco, role, expected):
    batch = pending_batch(senco)
    client = login(request.getfixturevalue(role))
    assert client.get(reverse("interop:import_preview", args=[batch.pk])).status_code == expected


@pytest.mark.parametrize("view", ["interop:import_confirm", "interop:import_cancel"])
def test_other_schools_senco_cannot_confirm_or_cancel(login, senco, other_school_senco, view):
    batch = pending_batch(senco)
    response = login(other_school_senco).post(reverse(view, args=[batch.pk]))
    assert response.status_code == 404
    batch.refresh_from_db()
    assert batch.status == "pending" and Pupil.objects.count() == 0


def test_teacher_cannot_upload(teacher, login):
    response = upload(login(teacher), ctf_bytes([CtfPupil(upn=upn(1))]))
    assert response.status_code == 403 and ImportBatch.objects.count() == 0


def test_stored_bytes_that_no_longer_match_the_upload_are_refused(senco, login):
    client = login(senco)
    upload(client, ctf_bytes([CtfPupil(upn=upn(1))]))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(content=ctf_bytes([CtfPupil(upn=upn(2))]))
    html = client.get(reverse("interop:import_preview", args=[batch.pk])).content.decode()
    assert "does not match the one uploaded" in html and "Confirm and import" not in html
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert Pupil.objects.count() == 0


def test_preview_records_a_read_of_each_register_pupil_it_shows(senco, pupil, login):
    client = login(senco)
    content = ctf_bytes(
        [
            CtfPupil(
                upn=pupil.upn,
                surname=pupil.surname,
                forename=pupil.forename,
                dob=pupil.date_of_birth.isoformat(),
                sex=pupil.sex,
                year="5",
            ),
            CtfPupil(upn=upn(1)),  # new: nothing of the register's is shown
        ]
    )
    location = upload(client, content)["Location"]
    assert not AuditEvent.objects.filter(action="view").exists()
    html = client.get(location).content.decode()
    assert pupil.display_name in html and "Year group: 4 changes to 5" in html
    reads = AuditEvent.objects.filter(action="view")
    assert [(e.pupil_id, e.school_id, e.actor, e.target, e.via) for e in reads] == [
        (pupil.pk, pupil.school_id, senco, "pupil record (import preview)", "web")
    ]


@pytest.mark.parametrize("surname", ["Rab\x00bit", "R" * 101], ids=["nul", "over-length"])
def test_a_name_the_register_cannot_hold_is_refused_in_the_preview_and_confirm_never_fails(senco, login, surname):
    """On PostgreSQL, a NUL or a 101-character name used to pass the preview and 500 on confirm."""
    client = login(senco)
    content = f"UPN,Surname,Forename,DOB,Sex,YearGroup\r\n{upn(1)},{surname},Peter,2016-05-04,F,4\r\n".encode()
    html = client.get(upload(client, content, "pupils.csv")["Location"]).content.decode()
    assert "row 2" in html and "column Surname" in html and "Confirm and import" not in html
    batch = ImportBatch.objects.get()
    assert batch.status == "rejected"  # refused at the preview: it can never be confirmed
    response = client.post(reverse("interop:import_confirm", args=[batch.pk]), follow=True)
    assert response.status_code == 200 and "column Surname" in response.content.decode()
    assert Pupil.objects.count() == 0 and not AuditEvent.objects.filter(action="import").exists()


def test_a_refused_upload_is_listed_as_refused_with_its_problems_kept(senco, login):
    client = login(senco)
    content = f"UPN,Surname,Forename,DOB,Sex,YearGroup\r\n{upn(1)},Rabbit,Peter,2999-05-04,F,4\r\n".encode()
    preview = client.get(upload(client, content, "pupils.csv")["Location"])
    assert "Refused: the file has problems" in preview.content.decode()
    uploads = client.get(reverse("interop:import_start")).content.decode()
    assert "Refused: the file has problems" in uploads and "Waiting for confirmation" not in uploads
    batch = ImportBatch.objects.get()
    assert bytes(batch.content) == b""  # the file's bytes are forgotten; why it was refused is not
    again = client.get(reverse("interop:import_preview", args=[batch.pk])).content.decode()
    assert "row 2" in again and "column DOB" in again


def test_a_pupil_added_by_someone_else_mid_import_is_a_message_not_a_500(senco, login, monkeypatch):
    """Two uploads add the same new pupil and are confirmed at the same moment: the second one's
    check ran before the first one's insert was visible. Nothing of it is written; it can be retried."""
    from sensupport.interop.register_import import plan

    client = login(senco)
    upload(client, ctf_bytes([CtfPupil(upn=upn(1))]))
    upload(client, ctf_bytes([CtfPupil(upn=upn(1)), CtfPupil(upn=upn(2))]))
    first, second = ImportBatch.objects.order_by("pk")
    client.post(reverse("interop:import_confirm", args=[first.pk]))
    monkeypatch.setattr(plan, "_existing_pupils", lambda records, lock=False: {})  # the race: upn(1) not yet seen
    response = client.post(reverse("interop:import_confirm", args=[second.pk]), follow=True)
    assert response.status_code == 200
    assert "The register changed while this file was being imported" in response.content.decode()
    assert list(Pupil.objects.values_list("upn", flat=True)) == [upn(1)]
    second.refresh_from_db()
    assert second.status == "pending" and bytes(second.content)


def test_a_leavers_destination_takes_ascii_digits_only(login, senco, pupil):
    response = login(senco).post(
        reverse("interop:pupil_leaving", args=[pupil.pk]), {"dest_lea": "٢٠٢", "dest_estab": "٢٠٠٢"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Enter the local authority code as three digits" in html
    assert "Enter the establishment number as four digits" in html


def test_a_long_preview_is_listed_a_page_at_a_time_and_only_the_listed_pupils_are_audited(
    senco, login, monkeypatch, school
):
    """A 30,000-pupil file is checked 200 at a time (interop.views.LISTED); the counts are whole,
    each list keeps its own page, and the existing pupils the page names are the ones audited."""
    from sensupport.core.factories import PupilFactory

    monkeypatch.setattr("sensupport.interop.views.LISTED", 2)
    for serial in (1, 2, 3):  # on the register already, renamed by the file
        PupilFactory(school=school, upn=upn(serial), surname=f"Old{serial}", forename="Pat")
    content = ctf_bytes([CtfPupil(upn=upn(serial), surname=f"New{serial}", forename="Pat") for serial in range(1, 9)])
    client = login(senco)
    url = upload(client, content)["Location"]
    html = client.get(url).content.decode()
    assert "New pupils (5)" in html and "Pupils whose record changes (3)" in html
    assert "Showing 1 to 2 of 5 new pupils. Confirming imports all of them." in html
    assert "Showing 1 to 2 of 3 pupils whose record changes." in html
    assert "Pat New4" in html and "Pat New5" in html and "Pat New6" not in html
    assert AuditEvent.objects.filter(target="pupil record (import preview)").count() == 2

    html = client.get(url, {"new": "3", "changed": "2"}).content.decode()
    assert "Showing 5 to 5 of 5 new pupils." in html and "Pat New8" in html and "Pat New4" not in html
    assert "Showing 3 to 3 of 3 pupils whose record changes." in html
    assert 'href="?new=2&amp;changed=2#new" rel="prev"' in html  # the other list keeps its page
    assert client.post(reverse("interop:import_confirm", args=[ImportBatch.objects.get().pk])).status_code == 302
    assert Pupil.objects.filter(school=school).count() == 8
