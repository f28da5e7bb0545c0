"""Pupils' timetables from the school's MIS: every refusal named by row and column, all or nothing,
a re-import replacing the named pupils' weeks and saying what changes, the command and the web
upload with its preview and confirmation, each write audited with via import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.core.factories import make_upn
from sensupport.interop.models import ImportBatch
from sensupport.interop.register_import.plan import ImportRejected
from sensupport.interop.timetable_import import timetable_apply, timetable_parse, timetable_plan
from sensupport.timetable.models import Lesson

from .xlsx_builder import workbook_bytes

HEADER = "UPN,Day,Start,End,Subject,Group"
UNKNOWN_UPN = make_upn("202", "2002", "19", 99)


def csv(*rows: str) -> bytes:
    return ("\r\n".join((HEADER, *rows)) + "\r\n").encode()


def found(problems) -> list[tuple[str, str]]:
    return [(p.where, p.element) for p in problems]


def peters_week(upn: str) -> bytes:
    return csv(
        f"{upn},Monday,09:00,10:00,Maths,4M1",
        f"{upn},Mon,10:15,11:15,English,4E",
        f"{upn},Tuesday,9:00,10:00,Mathematics,4M1",
    )


# ---- reading the file: no database


def test_a_good_file_reads_every_lesson():
    parsed = timetable_parse(peters_week(UNKNOWN_UPN), "week.csv")
    assert parsed.problems == []
    assert [(r.number, r.lesson.weekday, r.lesson.start, r.lesson.subject) for r in parsed.rows] == [
        (2, 0, dt.time(9), "Maths"),
        (3, 0, dt.time(10, 15), "English"),
        (4, 1, dt.time(9), "Mathematics"),
    ]


def test_every_bad_cell_is_named_by_row_and_column():
    parsed = timetable_parse(
        csv(
            "not-a-upn,Monday,09:00,10:00,Maths,",
            f"{UNKNOWN_UPN},Funday,09:00,10:00,Maths,",
            f"{UNKNOWN_UPN},Tuesday,9am,10:00,Maths,",
            f"{UNKNOWN_UPN},Tuesday,11:00,25:00,Maths,",
            f"{UNKNOWN_UPN},Wednesday,11:00,10:00,Maths,",
            f"{UNKNOWN_UPN},Wednesday,13:00,13:00,Maths,",
            f"{UNKNOWN_UPN},Thursday,09:00,10:00,,",
        ),
        "week.csv",
    )
    assert found(parsed.problems) == [
        ("row 2", "UPN"),
        ("row 3", "Day"),
        ("row 4", "Start"),
        ("row 5", "End"),
        ("row 6", "End"),
        ("row 7", "End"),
        ("row 8", "Subject"),
    ]
    messages = [p.message for p in parsed.problems]
    assert "'Funday' is not a day" in messages[1]
    assert "before it starts at 11:00" in messages[4]
    assert "when it starts" in messages[5]
    assert "subject is missing" in messages[6]


def test_overlapping_lessons_for_one_pupil_are_refused_naming_both_rows():
    other = make_upn("202", "2002", "19", 98)
    parsed = timetable_parse(
        csv(
            f"{UNKNOWN_UPN},Monday,09:00,10:00,Maths,",
            f"{other},Monday,09:30,10:30,Art,",  # another pupil: no clash
            f"{UNKNOWN_UPN},Monday,09:30,10:30,Art,",
            f"{UNKNOWN_UPN},Friday,09:00,10:00,PE,",
            f"{UNKNOWN_UPN},Friday,09:00,10:00,PE,",
        )
    )
    assert found(parsed.problems) == [("row 4", "Start"), ("row 6", "Start")]
    assert "overlaps the one on row 2" in parsed.problems[0].message
    assert "already on row 5" in parsed.problems[1].message


def test_a_missing_column_is_named():
    parsed = timetable_parse(b"UPN,Day,Start,End,Subject\r\n")
    assert found(parsed.problems) == [("row 1", "")]
    assert "no Group column" in parsed.problems[0].message


def test_an_excel_workbook_reads_as_the_csv_does():
    rows = [HEADER.split(","), [UNKNOWN_UPN, "Mon", "09:00", "10:00", "Science", "4S"]]
    parsed = timetable_parse(workbook_bytes(rows), "week.xlsx")
    assert parsed.problems == []
    assert parsed.rows[0].lesson.subject == "Science"


# ---- against the register


@pytest.mark.django_db
def test_unknown_upn_and_a_pupil_at_another_school_are_refused(school, senco, other_school_pupil):
    parsed = timetable_parse(
        csv(f"{UNKNOWN_UPN},Monday,09:00,10:00,Maths,", f"{other_school_pupil.upn},Monday,09:00,10:00,Maths,")
    )
    plan = timetable_plan(parsed=parsed, school=school, actor=senco)
    assert found(plan.problems) == [("row 2", "UPN"), ("row 3", "UPN")]
    assert "no pupil has the UPN" in plan.problems[0].message
    assert "is not on Oak Primary's register" in plan.problems[1].message
    assert other_school_pupil.forename not in plan.problems[1].message  # nothing about another school's pupil


@pytest.mark.django_db
def test_a_file_with_one_bad_row_writes_nothing(school, senco, pupil):
    parsed = timetable_parse(csv(f"{pupil.upn},Monday,09:00,10:00,Maths,", f"{UNKNOWN_UPN},Monday,09:00,10:00,Maths,"))
    with pytest.raises(ImportRejected):
        timetable_apply(parsed=parsed, school=school, actor=senco, via=AuditEvent.Via.IMPORT)
    assert not Lesson.objects.exists()


@pytest.mark.django_db
def test_a_teacher_may_not_import(school, teacher, pupil):
    plan = timetable_plan(parsed=timetable_parse(peters_week(pupil.upn)), school=school, actor=teacher)
    assert plan.problems and "you cannot import timetables" in plan.problems[0].message


@pytest.mark.django_db
def test_import_then_reimport_replaces_only_the_named_pupils(school, senco, pupil, sibling):
    first = timetable_parse(
        csv(
            f"{pupil.upn},Monday,09:00,10:00,Maths,4M1",
            f"{pupil.upn},Monday,10:15,11:15,English,4E",
            f"{sibling.upn},Monday,09:00,10:00,Art,3A",
        )
    )
    result = timetable_apply(parsed=first, school=school, actor=senco, via=AuditEvent.Via.IMPORT)
    assert result.summary() == "2 pupils' timetables added, 0 changed, 0 unchanged"
    events = AuditEvent.objects.filter(target=AuditEvent.Target.TIMETABLE)
    assert {(e.pupil_id, e.action, e.via) for e in events} == {
        (pupil.pk, AuditEvent.Action.IMPORT, AuditEvent.Via.IMPORT),
        (sibling.pk, AuditEvent.Action.IMPORT, AuditEvent.Via.IMPORT),
    }
    # Peter's English moves and his Tuesday science is new; Flopsy is not in the file.
    second = timetable_parse(
        csv(
            f"{pupil.upn},Monday,09:00,10:00,Maths,4M1",
            f"{pupil.upn},Monday,13:00,14:00,English,4E",
            f"{pupil.upn},Tuesday,09:00,10:00,Science,4S",
        )
    )
    plan = timetable_plan(parsed=second, school=school, actor=senco)
    assert plan.problems == [] and len(plan.changed) == 1
    text = plan.changed[0].text
    assert "3 lessons (was 2)" in text
    assert "adds Monday 13:00 to 14:00 English (4E), Tuesday 09:00 to 10:00 Science (4S)" in text
    assert "REMOVES Monday 10:15 to 11:15 English (4E)" in text
    timetable_apply(parsed=second, school=school, actor=senco, via=AuditEvent.Via.IMPORT)
    assert sorted(Lesson.objects.filter(pupil=pupil).values_list("subject", flat=True)) == [
        "English",
        "Maths",
        "Science",
    ]
    assert list(Lesson.objects.filter(pupil=sibling).values_list("subject", flat=True)) == ["Art"]
    # The same file again changes nothing and writes no audit row.
    before = AuditEvent.objects.count()
    again = timetable_apply(parsed=second, school=school, actor=senco, via=AuditEvent.Via.IMPORT)
    assert again.summary() == "0 pupils' timetables added, 0 changed, 1 unchanged"
    assert AuditEvent.objects.count() == before


# ---- the command


@pytest.mark.django_db
def test_the_command_dry_run_writes_nothing_then_imports(tmp_path, school, pupil, capsys):
    path = tmp_path / "timetable.csv"
    path.write_bytes(peters_week(pupil.upn))
    call_command("import_timetable", str(path), "--school", school.urn, "--dry-run")
    out = capsys.readouterr().out
    assert "1 pupils' timetables to add" in out and "Dry run: nothing was written." in out
    assert not Lesson.objects.exists()
    call_command("import_timetable", str(path), "--school", school.urn)
    assert Lesson.objects.filter(pupil=pupil).count() == 3
    event = AuditEvent.objects.get(target=AuditEvent.Target.TIMETABLE)
    assert (event.actor_id, event.via) == (None, AuditEvent.Via.IMPORT)


@pytest.mark.django_db
def test_the_command_refuses_a_bad_file_naming_the_row(tmp_path, school, pupil, capsys):
    path = tmp_path / "timetable.csv"
    path.write_bytes(csv(f"{pupil.upn},Monday,10:00,09:00,Maths,"))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_timetable", str(path), "--school", school.urn)
    assert "row 2, column End" in capsys.readouterr().out
    assert not Lesson.objects.exists()


@pytest.mark.django_db
def test_the_command_needs_a_known_school(tmp_path):
    path = tmp_path / "timetable.csv"
    path.write_bytes(csv())
    with pytest.raises(CommandError, match="No school with URN 999999"):
        call_command("import_timetable", str(path), "--school", "999999")


# ---- on the web


@pytest.mark.django_db
def test_senco_uploads_previews_and_confirms_a_timetable(senco, login, pupil):
    client = login(senco)
    response = client.post(
        reverse("interop:import_start"),
        {"what": "timetable", "file": SimpleUploadedFile("week.csv", peters_week(pupil.upn))},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.kind == ImportBatch.Kind.TIMETABLE
    preview = client.get(reverse("interop:import_preview", args=[batch.pk]))
    assert "Peter Rabbit: 3 lessons, new timetable" in preview.content.decode()
    assert not Lesson.objects.exists()  # nothing until confirmed
    assert AuditEvent.objects.filter(target=AuditEvent.Target.PUPIL_RECORD_IMPORT_PREVIEW, pupil_id=pupil.pk).exists()
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert Lesson.objects.filter(pupil=pupil).count() == 3
    event = AuditEvent.objects.get(target=AuditEvent.Target.TIMETABLE, action=AuditEvent.Action.IMPORT)
    assert (event.actor_id, event.via) == (senco.pk, AuditEvent.Via.IMPORT)


@pytest.mark.django_db
def test_a_bad_upload_is_refused_with_its_problems_shown(senco, login, pupil):
    client = login(senco)
    client.post(
        reverse("interop:import_start"),
        {"what": "timetable", "file": SimpleUploadedFile("week.csv", csv(f"{pupil.upn},Someday,09:00,10:00,Maths,"))},
    )
    batch = ImportBatch.objects.get()
    page = client.get(reverse("interop:import_preview", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REJECTED
    assert "Someday" in page and "is not a day" in page
    assert not Lesson.objects.exists()
