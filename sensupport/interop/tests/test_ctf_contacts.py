"""A CTF's contacts with an email address become the pupil's parents and carers (issue 8), in the
same all-or-nothing import, through the contacts import's own plan and pupils.services.contact_add;
contacts without an address are counted and skipped with a note; re-importing changes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sensupport.accounts.models import User
from sensupport.audit.models import AuditEvent
from sensupport.core.factories import make_upn
from sensupport.interop.ctf import ctf_parse
from sensupport.interop.models import ImportBatch
from sensupport.interop.register_import.apply import register_import_apply
from sensupport.interop.register_import.files import import_prepare
from sensupport.interop.register_import.plan import ImportRejected, register_import_plan
from sensupport.pupils.models import ParentLink, Pupil

from .ctf_builder import CtfPupil, ctf_bytes

UPN = make_upn("202", "2002", "19", 41)
MUM = {
    "Order": "1",
    "Title": "Mrs",
    "Surname": "Okafor",
    "Forename": "Ngozi",
    "Gender": "F",
    "Relationship": "PAR",
    "Responsibility": "true",
    "Email": "Ngozi.Okafor@Home.example",
}
GRAN = {
    "Order": "2",
    "Surname": "Okafor",
    "Forename": "Ada",
    "Relationship": "GRP",
    "Responsibility": "false",
    "Email": ["not an address", "ada@home.example"],
}
NO_EMAIL = {"Order": "3", "Surname": "Okafor", "Forename": "Chidi", "Relationship": "PAR", "Responsibility": "true"}


def _ctf(*contacts) -> bytes:
    return ctf_bytes([CtfPupil(upn=UPN, surname="Okafor", forename="Amara", contacts=list(contacts))])


def test_the_reader_keeps_contacts_with_an_email_and_counts_the_rest():
    record = ctf_parse(_ctf(GRAN, NO_EMAIL, MUM)).records[0]
    assert [(c.order, c.forename, c.relationship, c.has_parental_responsibility, c.email) for c in record.contacts] == [
        (1, "Ngozi", "Parent", True, "ngozi.okafor@home.example"),
        (2, "Ada", "Grandparent", False, "ada@home.example"),
    ]
    assert record.contacts_without_email == 1 and not record.problems


def test_an_unknown_relationship_code_is_added_as_other_contact_with_a_note():
    record = ctf_parse(_ctf({**MUM, "Relationship": "XYZ"})).records[0]
    assert record.contacts[0].relationship == "Other contact"
    assert any("relationship code" in note.message and "XYZ" in note.message for note in record.notes)


def _plan(content, school, actor):
    prepared = import_prepare(content, "transfer.xml", school=school)
    return prepared, register_import_plan(
        school=school,
        records=prepared.parsed.records,
        file_problems=prepared.problems,
        file_notes=prepared.parsed.notes,
        actor=actor,
    )


def _apply(prepared, school, actor):
    return register_import_apply(
        school=school,
        records=prepared.parsed.records,
        actor=actor,
        source=prepared.source,
        via="web",
        file_problems=prepared.problems,
        file_notes=prepared.parsed.notes,
    )


@pytest.mark.django_db
def test_contacts_are_added_with_the_pupil_and_a_reimport_changes_nothing(senco, school):
    content = _ctf(MUM, GRAN, NO_EMAIL)
    prepared, plan = _plan(content, school, senco)
    assert not plan.problems, plan.problems
    assert plan.contacts_summary == "2 contacts to add; 1 without an email address skipped"
    assert any("1 contact has no email address" in note.message for note in plan.notes)
    _apply(prepared, school, senco)

    amara = Pupil.objects.get(upn=UPN)
    links = {
        (link.parent.email, link.relationship, link.has_parental_responsibility) for link in amara.parent_links.all()
    }
    assert links == {("ngozi.okafor@home.example", "Parent", True), ("ada@home.example", "Grandparent", False)}
    assert User.objects.get(email="ngozi.okafor@home.example").role == "parent"
    assert AuditEvent.objects.filter(target="parent link", action="create", actor=senco).count() == 2

    prepared, again = _plan(content, school, senco)
    assert (again.contacts_to_add, again.contacts_to_change, again.contacts_unchanged) == ([], [], 2)
    assert again.changes == [] and again.contacts_summary == "2 already linked; 1 without an email address skipped"
    events = AuditEvent.objects.count()
    _apply(prepared, school, senco)
    assert AuditEvent.objects.count() == events and ParentLink.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_contact_rolls_back_the_whole_import(senco, teacher, school):
    content = _ctf(MUM, {**GRAN, "Email": teacher.email})  # a member of staff's address
    prepared, plan = _plan(content, school, senco)
    assert any(teacher.email in p.message and "UPN " + UPN in p.where for p in plan.problems), plan.problems
    with pytest.raises(ImportRejected):
        _apply(prepared, school, senco)
    assert not Pupil.objects.filter(upn=UPN).exists() and not ParentLink.objects.exists()


@pytest.mark.django_db
def test_without_a_person_who_may_manage_contacts_they_are_noted_not_added(school):
    prepared, plan = _plan(_ctf(MUM), school, None)  # the import_ctf command
    assert plan.contacts_to_add == [] and not plan.problems
    assert any("1 contact with an email address not added" in note.message for note in plan.notes)
    _apply(prepared, school, None)
    assert Pupil.objects.filter(upn=UPN).exists() and not ParentLink.objects.exists()


@pytest.mark.django_db
def test_the_web_preview_says_how_many_contacts_and_confirm_adds_them(senco, login):
    client = login(senco)
    response = client.post("/import/", {"file": SimpleUploadedFile("transfer.xml", _ctf(MUM, GRAN, NO_EMAIL))})
    batch = ImportBatch.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert "2 contacts to add; 1 without an email address skipped" in html
    assert "Ngozi Okafor (ngozi.okafor@home.example), parent of Amara Okafor, with parental responsibility" in html
    assert ParentLink.objects.count() == 0
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert ParentLink.objects.filter(pupil__upn=UPN).count() == 2
