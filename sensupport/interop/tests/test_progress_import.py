"""Scores, attendance and behaviour imports: all or nothing, every problem named by row and column,
CSV and xlsx, the commands (with --dry-run) and the web upload with preview and confirmation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.core.factories import make_upn
from sensupport.interop.models import ImportBatch
from sensupport.interop.progress_import import attendance_parse, behaviour_parse, scores_parse
from sensupport.interop.progress_import_services import ImportRejected, progress_apply, progress_plan
from sensupport.progress.models import AttendancePeriod, BehaviourEvent, Score

from .xlsx_builder import workbook_bytes

TODAY = dt.date(2026, 7, 15)
UNKNOWN_UPN = make_upn("202", "2002", "19", 98)
db = pytest.mark.django_db


def csv(*rows: str) -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode()


def where(problems) -> list[tuple[str, str]]:
    return [(p.where, p.element) for p in problems]


# ---- reading the files: no database


def test_scores_file_reads_optional_scale_and_assessment():
    parsed = scores_parse(
        csv(
            "UPN,Subject,Date,Score,Assessment,Scale",
            f"{UNKNOWN_UPN},reading,2026-01-20,98,NGRT,",
            f"{UNKNOWN_UPN},Reading,20/01/2026,84,Salford,Reading age months",
        ),
        today=TODAY,
    )
    assert parsed.problems == []
    first, second = parsed.rows
    assert (first.subject, first.scale, first.value, first.assessment) == (
        "Reading",
        "standardised",
        Decimal("98.00"),
        "NGRT",
    )
    assert second.scale == "reading_age_months" and second.taken_on == dt.date(2026, 1, 20)


def test_scores_file_names_row_and_column_of_each_problem():
    parsed = scores_parse(
        csv(
            "UPN,Subject,Date,Score,Scale",
            "not-a-upn,Reading,2026-01-20,98,",
            f"{UNKNOWN_UPN},Reading,2026-02-30,98,",
            f"{UNKNOWN_UPN},Reading,2026-01-21,ninety,",
            f"{UNKNOWN_UPN},Reading,2026-01-22,98,percentile",
            f"{UNKNOWN_UPN},Reading,2027-01-22,98,",
            f"{UNKNOWN_UPN},,2026-01-23,98,",
        ),
        today=TODAY,
    )
    assert where(parsed.problems) == [
        ("row 2", "UPN"),
        ("row 3", "Date"),
        ("row 4", "Score"),
        ("row 5", "Scale"),
        ("row 6", "Date"),
        ("row 7", "Subject"),
    ]
    assert "is not a number" in parsed.problems[2].message
    assert "in the future" in parsed.problems[4].message


def test_the_same_score_twice_in_a_file_is_a_problem():
    parsed = scores_parse(
        csv("UPN,Subject,Date,Score", f"{UNKNOWN_UPN},Maths,2026-01-20,98", f"{UNKNOWN_UPN},maths,2026-01-20,99"),
        today=TODAY,
    )
    assert where(parsed.problems) == [("row 3", "")]
    assert "already on row 2" in parsed.problems[0].message


def test_missing_columns_are_named():
    parsed = attendance_parse(csv("UPN,From,To", f"{UNKNOWN_UPN},2026-01-05,2026-03-27"), today=TODAY)
    assert "PossibleSessions, AttendedSessions" in parsed.problems[0].message


def test_attendance_above_the_possible_sessions_and_backwards_periods_are_refused():
    parsed = attendance_parse(
        csv(
            "UPN,From,To,PossibleSessions,AttendedSessions",
            f"{UNKNOWN_UPN},2026-01-05,2026-03-27,110,111",
            f"{UNKNOWN_UPN},2026-04-05,2026-03-27,110,100",
            f"{UNKNOWN_UPN},2025-09-01,2025-12-19,-3,x",
        ),
        today=TODAY,
    )
    assert where(parsed.problems) == [
        ("row 2", "AttendedSessions"),
        ("row 3", "To"),
        ("row 4", "PossibleSessions"),
        ("row 4", "AttendedSessions"),
    ]
    assert "111 attended sessions is more than the 110 possible" in parsed.problems[0].message


def test_behaviour_file_refuses_an_unknown_kind_and_reads_xlsx():
    content = workbook_bytes(
        [
            ["UPN", "Date", "Kind", "Detail"],
            [UNKNOWN_UPN, "2026-03-02", "Incident", "Threw a chair"],
            [UNKNOWN_UPN, "2026-03-03", "detention", ""],
        ]
    )
    parsed = behaviour_parse(content, "behaviour.xlsx", today=TODAY)
    assert where(parsed.problems) == [("row 3", "Kind")]
    assert parsed.rows[0].kind == "incident" and parsed.rows[0].detail == "Threw a chair"


# ---- planning and applying: all or nothing


@db
def test_scores_import_adds_then_changes_nothing_and_audits_each_pupil(senco, school, pupil, sibling):
    content = csv(
        "UPN,Subject,Date,Score",
        f"{pupil.upn},Reading,2026-01-20,98",
        f"{pupil.upn},Reading,2026-04-20,99",
        f"{sibling.upn},Maths,2026-04-20,104.5",
    )
    parsed = scores_parse(content, today=TODAY)
    plan = progress_plan(parsed=parsed, school=school, actor=senco)
    assert (plan.added, plan.changed, plan.unchanged, plan.pupils) == (3, 0, 0, 2)
    assert not Score.objects.exists()  # planning writes nothing
    progress_apply(parsed=parsed, school=school, actor=senco, via="import", source="scores.csv")
    assert Score.objects.count() == 3
    assert Score.objects.get(pupil=sibling).value == Decimal("104.50")
    audit = AuditEvent.objects.filter(target=AuditEvent.Target.SCORES, via="import")
    assert set(audit.values_list("pupil_id", flat=True)) == {pupil.pk, sibling.pk}
    again = progress_plan(parsed=scores_parse(content, today=TODAY), school=school, actor=senco)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 3)


@db
def test_an_unknown_pupil_refuses_the_whole_file_naming_the_row(senco, school, pupil, other_school_pupil):
    content = csv(
        "UPN,Subject,Date,Score",
        f"{pupil.upn},Reading,2026-01-20,98",
        f"{UNKNOWN_UPN},Reading,2026-01-20,98",
        f"{other_school_pupil.upn},Reading,2026-01-20,98",
    )
    parsed = scores_parse(content, today=TODAY)
    with pytest.raises(ImportRejected) as refused:
        progress_apply(parsed=parsed, school=school, actor=senco, via="import")
    assert where(refused.value.problems) == [("row 3", "UPN"), ("row 4", "UPN")]
    assert "no pupil with UPN" in refused.value.problems[0].message
    assert not Score.objects.exists()


@db
def test_a_teacher_cannot_import_scores(teacher, school, pupil):
    parsed = scores_parse(csv("UPN,Subject,Date,Score", f"{pupil.upn},Reading,2026-01-20,98"), today=TODAY)
    plan = progress_plan(parsed=parsed, school=school, actor=teacher)
    assert "you cannot import assessment scores" in plan.problems[0].message
    with pytest.raises(ImportRejected):
        progress_apply(parsed=parsed, school=school, actor=teacher, via="import")
    assert not Score.objects.exists()


# ---- the commands


@db
def test_import_assessments_dry_run_writes_nothing_then_imports(school, pupil, tmp_path, capsys):
    path = tmp_path / "scores.csv"
    path.write_bytes(csv("UPN,Subject,Date,Score", f"{pupil.upn},Reading,2026-01-20,98"))
    call_command("import_assessments", str(path), "--school", school.urn, "--dry-run")
    assert "1 to add" in capsys.readouterr().out
    assert not Score.objects.exists()
    call_command("import_assessments", str(path), "--school", school.urn)
    assert "1 assessment scores added" in capsys.readouterr().out
    assert Score.objects.count() == 1
    assert AuditEvent.objects.get(target=AuditEvent.Target.SCORES).via == "command"


@db
def test_import_attendance_command_refuses_a_bad_file_naming_row_and_column(school, pupil, tmp_path, capsys):
    path = tmp_path / "attendance.csv"
    path.write_bytes(csv("UPN,From,To,PossibleSessions,AttendedSessions", f"{pupil.upn},2026-01-05,2026-03-27,110,120"))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_attendance", str(path), "--school", school.urn)
    assert "row 2, column AttendedSessions" in capsys.readouterr().out
    assert not AttendancePeriod.objects.exists()


@db
def test_import_behaviour_command_as_a_senco_imports_xlsx(senco, school, pupil, tmp_path):
    path = tmp_path / "behaviour.xlsx"
    path.write_bytes(workbook_bytes([["UPN", "Date", "Kind"], [pupil.upn, "2026-03-02", "suspension"]]))
    call_command("import_behaviour", str(path), "--school", school.urn, "--as", senco.email)
    event = BehaviourEvent.objects.get()
    assert event.kind == "suspension"
    assert AuditEvent.objects.get(target=AuditEvent.Target.BEHAVIOUR).actor == senco


# ---- the web upload


@db
def test_senco_imports_attendance_at_the_import_page_with_preview(senco, login, pupil):
    client = login(senco)
    content = csv("UPN,From,To,PossibleSessions,AttendedSessions", f"{pupil.upn},2026-01-05,2026-03-27,110,100")
    response = client.post(
        reverse("interop:import_start"), {"what": "attendance", "file": SimpleUploadedFile("att.csv", content)}
    )
    batch = ImportBatch.objects.get()
    assert batch.kind == "attendance"
    html = client.get(response["Location"]).content.decode()
    assert "Confirm and import" in html and not AttendancePeriod.objects.exists()
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert AttendancePeriod.objects.get().attended_sessions == 100
    batch.refresh_from_db()
    assert batch.status == "applied"


@db
def test_a_refused_scores_upload_names_row_and_column_and_writes_nothing(senco, login, pupil):
    client = login(senco)
    content = csv("UPN,Subject,Date,Score", f"{pupil.upn},Reading,2026-01-20,lots")
    client.post(reverse("interop:import_start"), {"what": "assessments", "file": SimpleUploadedFile("s.csv", content)})
    batch = ImportBatch.objects.get()
    html = client.get(reverse("interop:import_preview", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert batch.status == "rejected" and "column Score" in html
    assert not Score.objects.exists()
