"""An upload is read once (issue 14): its first preview stores the file as read on the batch, and
later previews and the confirmation use what was stored, of the bytes uploaded."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sensupport.core.factories import make_upn
from sensupport.interop.ctf import ctf_parse
from sensupport.interop.models import ImportBatch
from sensupport.interop.register_import import batches, stored
from sensupport.interop.spreadsheet import spreadsheet_parse
from sensupport.pupils.models import Pupil

from .ctf_builder import CtfPupil, ctf_bytes

pytestmark = pytest.mark.django_db


def upn(serial: int) -> str:
    return make_upn("202", "2002", "19", serial)


def round_trip(parsed, problems=()):
    text = stored.parsed_to_text(parsed, list(problems), sha256="ab" * 32)
    assert stored.parsed_from_text(text, sha256="cd" * 32) is None  # not a reading of these bytes
    assert stored.parsed_from_text(text.replace('"format":1', '"format":0'), sha256="ab" * 32) is None
    return stored.parsed_from_text(text, sha256="ab" * 32)


def test_a_ctf_read_and_stored_comes_back_the_same_record_for_record():
    parsed = ctf_parse(
        ctf_bytes(
            [
                CtfPupil(
                    upn=upn(1),
                    surname="Puddle-duck",
                    forename="Jemima",
                    middle_names="Ann",
                    preferred_forename="Jem",
                    uln="1234567890",
                    sen=[("2014-09-01", "A"), ("2016-01-10", "S")],
                    needs=[("1", "BESD"), ("2", "SLCN")],
                    contacts=[
                        {"Surname": "Duck", "Forename": "Rebeccah", "Relationship": "PAM", "Email": "r@example.org"},
                        {"Surname": "Duck", "Forename": "Drake"},
                    ],
                ),
                CtfPupil(upn="not a upn", dob="yesterday"),
            ]
        )
    )
    assert any(r.problems for r in parsed.records) and any(r.notes for r in parsed.records)
    assert any(r.contacts for r in parsed.records) and any(r.contacts_without_email for r in parsed.records)
    again, problems = round_trip(parsed, parsed.problems)
    assert again.records == parsed.records
    assert (again.kind, again.notes, problems) == (parsed.kind, parsed.notes, parsed.problems)


def test_a_spreadsheet_read_and_stored_comes_back_the_same_record_for_record():
    content = (
        "UPN,Surname,Forename,DOB,Sex,YearGroup,SENProvision,PrimaryNeed,SecondaryNeed\r\n"
        f"{upn(1)},Rabbit,Peter,04/05/2016,M,Y04,S,BESD,\r\n"
        f"{upn(2)},Rabbit,Flopsy,not a date,F,4,,,\r\n"
    ).encode()
    parsed = spreadsheet_parse(content, "pupils.csv")
    assert any(r.problems for r in parsed.records) and any(r.notes for r in parsed.records)
    again, _ = round_trip(parsed)
    assert again.records == parsed.records


def test_the_file_is_read_once_however_often_it_is_previewed_and_then_confirmed(senco, login, monkeypatch):
    reads = []
    real_prepare = batches.import_prepare
    monkeypatch.setattr(batches, "import_prepare", lambda *a, **k: reads.append(1) or real_prepare(*a, **k))
    client = login(senco)
    client.post(
        "/import/", {"file": SimpleUploadedFile("t.xml", ctf_bytes([CtfPupil(upn=upn(1)), CtfPupil(upn=upn(2))]))}
    )
    batch = ImportBatch.objects.get()
    assert batch.parsed == "" and reads == []
    for _ in range(3):
        assert "Confirm and import" in client.get(reverse("interop:import_preview", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert [r["upn"] for r in json.loads(batch.parsed)["records"]] == [upn(1), upn(2)]
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert reads == [1]
    assert sorted(Pupil.objects.values_list("upn", flat=True)) == sorted([upn(1), upn(2)])
    batch.refresh_from_db()
    assert (batch.status, batch.parsed, bytes(batch.content)) == (ImportBatch.Status.APPLIED, "", b"")


def test_confirm_applies_what_was_previewed_not_a_stored_form_of_other_bytes(senco, login):
    """A stored form is used only for the bytes it was read from (their sha256)."""
    client = login(senco)
    client.post("/import/", {"file": SimpleUploadedFile("t.xml", ctf_bytes([CtfPupil(upn=upn(1))]))})
    batch = ImportBatch.objects.get()
    client.get(reverse("interop:import_preview", args=[batch.pk]))
    other = stored.parsed_to_text(ctf_parse(ctf_bytes([CtfPupil(upn=upn(2))])), [], sha256="0" * 64)
    ImportBatch.objects.filter(pk=batch.pk).update(parsed=other)
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert list(Pupil.objects.values_list("upn", flat=True)) == [upn(1)]
