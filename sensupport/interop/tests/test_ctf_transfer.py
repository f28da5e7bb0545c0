"""A pupil moves between two schools that both use sensupport: the sending school's CTF records
them as leaving; the receiving school's import of that file moves the record, history and all."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from sensupport.pupils import services
from sensupport.pupils.census import RankedNeed
from sensupport.pupils.models import ProfessionalShare, PupilTransfer


@pytest.fixture
def leaving(pupil, senco):
    services.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=timezone.localdate(),
        method="phone",
        purpose="start_support",
        parents_present="Mum",
        summary="ok",
        with_summary=False,
    )
    services.pupil_status_change(
        pupil=pupil, status="K", start_date=timezone.localdate(), actor=senco, needs=[RankedNeed("SPLD", 1)]
    )
    pupil.refresh_from_db()
    return pupil


def _export(tmp_path, school, dest, upns=()):
    out = tmp_path / "leaver.xml"
    args = [
        "export_ctf",
        "--school",
        school.urn,
        "--out",
        str(out),
        "--dest-lea",
        dest.local_authority.code,
        "--dest-estab",
        dest.establishment_number,
    ]
    for upn in upns:
        args += ["--upn", upn]
    call_command(*args)
    return out


@pytest.mark.django_db
def test_pupil_moves_with_their_history_when_the_new_school_imports(
    tmp_path, leaving, school, other_school, login, teacher, other_school_senco, professional, senco
):
    ProfessionalShare.objects.create(professional=professional, pupil=leaving, shared_by=senco, purpose="EP")
    out = _export(tmp_path, school, other_school, [leaving.upn])
    transfer = PupilTransfer.objects.get(pupil=leaving)
    assert transfer.to_school == other_school and transfer.completed_at is None
    leaving.refresh_from_db()
    assert leaving.school == school  # nothing moves until the new school imports
    call_command("import_ctf", str(out))
    leaving.refresh_from_db()
    transfer.refresh_from_db()
    assert leaving.school == other_school and transfer.completed_at is not None
    assert leaving.sen_status == "K" and leaving.needs.get(rank=1).need_type == "SPLD"
    assert list(leaving.status_history.values_list("status", flat=True)) == ["K"]
    assert not leaving.teaching_groups.exists()
    assert login(teacher).get(reverse("pupils:pupil", args=[leaving.pk])).status_code == 404
    assert login(other_school_senco).get(reverse("pupils:pupil", args=[leaving.pk])).status_code == 200
    assert login(professional).get(reverse("pupils:pupil", args=[leaving.pk])).status_code == 404
    # Importing the same file again changes nothing.
    call_command("import_ctf", str(out))
    assert PupilTransfer.objects.count() == 1


@pytest.mark.django_db
def test_without_a_recorded_transfer_the_other_schools_pupil_is_refused(tmp_path, leaving, school, other_school):
    out = _export(tmp_path, school, other_school)  # the whole register, no --upn: nobody is recorded as leaving
    assert not PupilTransfer.objects.exists()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_ctf", str(out))
    leaving.refresh_from_db()
    assert leaving.school == school


@pytest.mark.django_db
def test_export_refuses_a_upn_not_on_the_register(tmp_path, school, other_school, other_school_pupil):
    with pytest.raises(CommandError, match="Not on"):
        _export(tmp_path, school, other_school, [other_school_pupil.upn])
    assert not PupilTransfer.objects.exists()


@pytest.mark.django_db
def test_senco_downloads_a_leavers_ctf_from_the_pupil_page(
    login, leaving, senco, teacher, other_school_senco, other_school, school
):
    url = reverse("interop:pupil_leaving", args=[leaving.pk])
    assert login(teacher).get(url).status_code == 403
    assert login(other_school_senco).get(url).status_code == 404
    client = login(senco)
    assert url in client.get(reverse("pupils:pupil", args=[leaving.pk])).content.decode()
    response = client.post(url, {"dest_lea": school.local_authority.code, "dest_estab": school.establishment_number})
    assert response.status_code == 200 and "That is this school" in response.content.decode()
    response = client.post(url, {"dest_lea": "20", "dest_estab": "x"})
    assert "three digits" in response.content.decode()
    response = client.post(
        url, {"dest_lea": other_school.local_authority.code, "dest_estab": other_school.establishment_number}
    )
    assert response["Content-Type"] == "application/xml" and leaving.upn.encode() in response.content
    assert PupilTransfer.objects.get(pupil=leaving).to_school == other_school
    # The new school's SENCO imports it on the web: upload, preview, confirm.
    from django.core.files.uploadedfile import SimpleUploadedFile

    new = login(other_school_senco)
    upload = new.post(
        reverse("interop:import_start"),
        {"file": SimpleUploadedFile("leaver.xml", response.content, content_type="application/xml")},
    )
    assert upload.status_code == 302
    preview = new.get(upload["Location"]).content.decode()
    assert "Joining from" in preview
