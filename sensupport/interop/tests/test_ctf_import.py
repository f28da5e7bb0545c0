"""Importing and exporting CTFs through the management commands and the import service."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sensupport.audit.models import AuditEvent
from sensupport.core.factories import PupilFactory, make_upn
from sensupport.interop.ctf import ctf_parse
from sensupport.interop.register_import.apply import register_import_apply
from sensupport.interop.register_import.plan import ImportRejected, register_import_plan
from sensupport.pupils.models import Pupil, PupilNeed, SenStatusChange

from .ctf_builder import CtfPupil, ctf_bytes

pytestmark = pytest.mark.django_db


def upn(serial: int) -> str:
    return make_upn("202", "2002", "19", serial)


def make_uln(body: str) -> str:
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
    assert remainder != 0
    return body + str(10 - remainder)


def run(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def write(tmp_path, content: bytes, name: str = "transfer.xml"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def counts() -> tuple[int, int, int, int]:
    return (
        Pupil.objects.count(),
        SenStatusChange.objects.count(),
        PupilNeed.objects.count(),
        AuditEvent.objects.count(),
    )


def test_import_creates_pupils_with_history_needs_and_audit(school, tmp_path):
    pupils = [
        CtfPupil(
            upn=upn(1),
            surname="Puddle-duck",
            forename="Jemima",
            dob="2012-03-01",
            sen=[("2014-09-01", "A"), ("2016-01-10", "S")],
            needs=[("1", "BESD"), ("2", "SLCN")],
        ),
        CtfPupil(upn=upn(2), surname="Tiggy", forename="Winkle", sex="M", sex_tag="Gender"),
    ]
    out = run("import_ctf", write(tmp_path, ctf_bytes(pupils)))
    assert "historic provision code A" in out and "historic need type BESD recorded as SEMH" in out
    jemima = Pupil.objects.get(upn=upn(1))
    assert jemima.school == school
    assert (jemima.sen_status, jemima.sen_status_since) == ("E", dt.date(2016, 1, 10))
    history = list(jemima.status_history.values_list("start_date", "status", "original_code", "source"))
    assert history == [(dt.date(2014, 9, 1), "K", "A", "ctf"), (dt.date(2016, 1, 10), "E", "S", "ctf")]
    assert sorted(jemima.needs.values_list("need_type", "rank")) == [("SEMH", 1), ("SLCN", 2)]
    assert Pupil.objects.get(upn=upn(2)).sex == "M"
    events = AuditEvent.objects.filter(action="import")
    assert events.count() == 2
    assert {e.via for e in events} == {"import"} and {e.actor_label for e in events} == {"system"}


def test_reimporting_the_same_file_changes_nothing(school, tmp_path):
    file = write(
        tmp_path,
        ctf_bytes(
            [
                CtfPupil(
                    upn=upn(1), sen=[("2020-09-01", "N"), ("2022-01-10", "K")], needs=[("1", "SLCN"), ("2", "ASD")]
                ),
                CtfPupil(upn=upn(2), forename="Flopsy"),
            ]
        ),
    )
    run("import_ctf", file)
    before = counts()
    versions = list(Pupil.objects.order_by("upn").values_list("version", flat=True))
    out = run("import_ctf", file)
    assert counts() == before
    assert list(Pupil.objects.order_by("upn").values_list("version", flat=True)) == versions
    assert "0 new pupils, 0 changed, 2 unchanged; 0 SEN history entries to add" in out
    plan = register_import_plan(school=school, records=ctf_parse(Path(file).read_bytes()).records)
    assert plan.change_count == 0


def test_updates_an_existing_pupil_field_by_field(school, pupil, tmp_path):
    PupilNeed.objects.create(pupil=pupil, need_type="SLCN", rank=1, start_date=dt.date(2023, 1, 1))
    PupilNeed.objects.create(pupil=pupil, need_type="OTH", rank=None, start_date=dt.date(2023, 1, 1))
    SenStatusChange.objects.create(pupil=pupil, status="K", start_date=dt.date(2023, 1, 1))
    Pupil.objects.filter(pk=pupil.pk).update(sen_status="K", sen_status_since=dt.date(2023, 1, 1))
    record = CtfPupil(
        upn=pupil.upn,
        surname="Rabbit",
        forename="Peter",
        dob=pupil.date_of_birth.isoformat(),
        sex=pupil.sex,
        year="5",
        sen=[("2023-01-01", "K")],
        needs=[("1", "ASD")],
    )
    plan = register_import_plan(school=school, records=ctf_parse(ctf_bytes([record])).records)
    [change] = plan.changed_pupils
    assert [(c.label, c.old_text, c.new_text) for c in change.field_changes] == [("Year group", "4", "5")]
    assert (change.needs_added, change.needs_ended) == (["ASD"], ["SLCN"])
    run("import_ctf", write(tmp_path, ctf_bytes([record])))
    pupil.refresh_from_db()
    assert (pupil.year_group, pupil.version, pupil.sen_status) == ("5", 2, "K")
    assert pupil.status_history.count() == 1  # the K from 2023-01-01 was already there
    slcn = pupil.needs.get(need_type="SLCN")
    assert slcn.end_date is not None and slcn.rank is None  # ended, kept as history
    current = sorted(pupil.needs.filter(end_date__isnull=True).values_list("need_type", "rank"), key=str)
    assert current == [("ASD", 1), ("OTH", None)]  # the school's own unranked need stays
    event = AuditEvent.objects.get(action="import", pupil=pupil)
    assert "Year group changed" in event.summary


def test_bad_upn_among_good_pupils_writes_nothing(school, tmp_path):
    file = write(tmp_path, ctf_bytes([CtfPupil(upn=upn(1)), CtfPupil(upn=upn(2)), CtfPupil(upn="A801200005001")]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_ctf", file, stdout=out)
    assert (
        "pupil 3 (UPN A801200005001), element UPN: UPN 'A801200005001' has check letter A but its digits need B"
        in out.getvalue()
    )
    assert counts() == (0, 0, 0, 0)


def test_upn_at_another_school_is_a_problem_and_nothing_is_written(school, other_school_pupil, tmp_path):
    file = write(tmp_path, ctf_bytes([CtfPupil(upn=upn(1)), CtfPupil(upn=other_school_pupil.upn)]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_ctf", file, stdout=out)
    assert (
        f"pupil 2 (UPN {other_school_pupil.upn}), element UPN: UPN {other_school_pupil.upn} already belongs to a "
        "pupil at another school" in out.getvalue()
    )
    assert not Pupil.objects.filter(upn=upn(1)).exists()
    other_school_pupil.refresh_from_db()
    assert other_school_pupil.school.urn == "100002"


def test_service_raises_import_rejected_with_every_problem(school, other_school_pupil):
    records = ctf_parse(
        ctf_bytes([CtfPupil(upn=upn(1)), CtfPupil(upn=other_school_pupil.upn), CtfPupil(upn="A801200005001")])
    ).records
    with pytest.raises(ImportRejected) as rejected:
        register_import_apply(school=school, records=records, actor=None, source="ctf", via="command")
    assert len(rejected.value.problems) == 2
    assert not Pupil.objects.filter(upn=upn(1)).exists()


def test_destination_school_must_be_in_sensupport(school, tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_ctf", write(tmp_path, ctf_bytes([CtfPupil(upn=upn(1))], dest=("999", "9999"))), stdout=out)
    assert "destination school LEA 999 Estab 9999 is not in sensupport" in out.getvalue()
    assert Pupil.objects.count() == 0


def test_destination_found_by_urn(school, tmp_path):
    run("import_ctf", write(tmp_path, ctf_bytes([CtfPupil(upn=upn(1))], dest=("", ""), dest_urn=school.urn)))
    assert Pupil.objects.get().school == school


def test_dry_run_writes_nothing(school, tmp_path):
    out = run("import_ctf", write(tmp_path, ctf_bytes([CtfPupil(upn=upn(1))])), "--dry-run")
    assert "1 new pupil," in out and "Dry run" in out
    assert counts() == (0, 0, 0, 0)


def test_hostile_xml_fails_the_command_cleanly(school, tmp_path):
    xxe = b'<?xml version="1.0"?><!DOCTYPE CTfile [<!ENTITY x SYSTEM "file:///etc/passwd">]><CTfile>&x;</CTfile>'
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_ctf", write(tmp_path, xxe), stdout=out)
    assert "refused for safety" in out.getvalue()
    assert "root:x" not in out.getvalue()


def test_monitoring_counts_as_no_sen_when_matching_history(school, pupil, tmp_path):
    SenStatusChange.objects.create(pupil=pupil, status="M", start_date=dt.date(2024, 10, 1))
    Pupil.objects.filter(pk=pupil.pk).update(sen_status="M", sen_status_since=dt.date(2024, 10, 1))
    record = CtfPupil(upn=pupil.upn, dob=pupil.date_of_birth.isoformat(), sex=pupil.sex, sen=[("2024-10-01", "N")])
    plan = register_import_plan(school=school, records=ctf_parse(ctf_bytes([record])).records)
    assert plan.change_count == 0


def snapshot(school) -> list[tuple]:
    rows = []
    for p in Pupil.objects.filter(school=school).order_by("upn"):
        rows.append(
            (
                p.upn,
                p.uln,
                p.surname,
                p.forename,
                p.middle_names,
                p.preferred_surname,
                p.preferred_forename,
                p.date_of_birth,
                p.sex,
                p.year_group,
                p.sen_status,
                p.sen_status_since,
                list(p.status_history.values_list("start_date", "status")),
                sorted(p.needs.filter(end_date__isnull=True).values_list("need_type", "rank")),
            )
        )
    return rows


def register_with_history(school) -> None:
    PupilFactory(school=school, upn=make_upn("201", "2001", "18", 1), surname="Brown", forename="Old", year_group="6")
    k = PupilFactory(
        school=school,
        upn=make_upn("201", "2001", "18", 2),
        surname="Squirrel",
        forename="Nutkin",
        middle_names="Red",
        preferred_forename="Nut",
        preferred_surname="Nutkin",
        uln=make_uln("123456789"),
        sex="M",
        year_group="R",
        sen_status="K",
        sen_status_since=dt.date(2022, 1, 10),
    )
    SenStatusChange.objects.create(pupil=k, status="N", start_date=dt.date(2020, 9, 1))
    SenStatusChange.objects.create(pupil=k, status="K", start_date=dt.date(2022, 1, 10))
    PupilNeed.objects.create(pupil=k, need_type="SLCN", rank=1)
    PupilNeed.objects.create(pupil=k, need_type="ASD", rank=2)
    e = PupilFactory(
        school=school,
        upn=make_upn("201", "2001", "18", 3),
        surname="Tittlemouse",
        forename="Thomasina",
        sex="U",
        date_of_birth=dt.date(2012, 2, 1),
        year_group="11",
        sen_status="E",
        sen_status_since=dt.date(2016, 3, 1),
    )
    SenStatusChange.objects.create(pupil=e, status="K", start_date=dt.date(2014, 9, 1), original_code="A", source="ctf")
    SenStatusChange.objects.create(pupil=e, status="E", start_date=dt.date(2016, 3, 1), original_code="S", source="ctf")
    PupilNeed.objects.create(pupil=e, need_type="ASD", rank=1)


def test_round_trip_export_then_import_keeps_identity_history_and_needs(school, tmp_path):
    register_with_history(school)
    before = snapshot(school)
    out = tmp_path / "register.xml"
    run("export_ctf", "--school", school.urn, "--out", str(out))
    content = out.read_bytes()
    assert content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert b"<SENprovision>A</SENprovision>" not in content and b"<SENprovision>S</SENprovision>" not in content
    assert b"<CTFversion>25.0</CTFversion>" in content and b"<DocumentQualifier>partial</DocumentQualifier>" in content
    Pupil.objects.filter(school=school).delete()
    run("import_ctf", str(out))
    assert snapshot(school) == before
    # And the same file again changes nothing.
    rows = counts()
    run("import_ctf", str(out))
    assert counts() == rows


def test_export_sends_monitoring_as_no_sen_and_to_a_named_destination(school, pupil, tmp_path):
    SenStatusChange.objects.create(pupil=pupil, status="M", start_date=dt.date(2024, 10, 1))
    out = tmp_path / "leaver.xml"
    run("export_ctf", "--school", school.urn, "--out", str(out), "--dest-lea", "202", "--dest-estab", "2002")
    parsed = ctf_parse(out.read_bytes())
    assert (parsed.header.dest.lea, parsed.header.dest.estab) == ("202", "2002")
    assert (parsed.header.source.urn, parsed.header.supplier_id) == (school.urn, "sensupport")
    assert [e.status for e in parsed.records[0].sen_history] == ["N"]
    assert AuditEvent.objects.filter(action="export", pupil=pupil).exists()


def test_export_refuses_an_unknown_school(db, tmp_path):
    with pytest.raises(CommandError, match="No school with URN 999999"):
        call_command("export_ctf", "--school", "999999", "--out", str(tmp_path / "x.xml"))


def test_export_refuses_a_destination_in_other_digits(school, tmp_path):
    with pytest.raises(CommandError, match="--dest-lea is three digits"):
        run(
            "export_ctf",
            "--school",
            school.urn,
            "--out",
            str(tmp_path / "x.xml"),
            "--dest-lea",
            "²⁰²",
            "--dest-estab",
            "2002",
        )


def test_a_control_character_in_a_name_does_not_spoil_the_written_file(school):
    from sensupport.interop.ctf import ctf_write

    pupil = PupilFactory(
        school=school, upn=make_upn("201", "2001", "18", 9), surname="Rab\x01bit", forename="Pe\x1bter"
    )
    parsed = ctf_parse(ctf_write(school, [pupil]))
    assert parsed.problems == [] and (parsed.records[0].surname, parsed.records[0].forename) == (
        "Rab\ufffdbit",
        "Pe\ufffdter",
    )
