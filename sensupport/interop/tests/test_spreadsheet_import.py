"""Importing pupils from CSV and Excel: errors name the row (as Excel numbers it) and the column."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from sensupport.audit.models import AuditEvent
from sensupport.core.factories import make_upn
from sensupport.interop.spreadsheet import spreadsheet_parse
from sensupport.pupils.census import RankedNeed
from sensupport.pupils.models import Pupil, SenStatusChange

HEADER = "UPN,Surname,Forename,DOB,Sex,YearGroup,SENProvision,PrimaryNeed,SecondaryNeed"


def upn(serial: int) -> str:
    return make_upn("201", "2001", "21", serial)


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_reads_csv_with_bom_and_messy_headers():
    content = b"\xef\xbb\xbf" + csv_bytes(
        f"{upn(1)},Rabbit,Peter,2016-05-04,f,04,K,SLCN,ASD",
        header=" upn ,SURNAME,Fore name,dob,Sex,Year_Group,SEN Provision,Primary Need,Secondary need,Notes",
    )
    parsed = spreadsheet_parse(content, "pupils.csv")
    assert parsed.all_problems == []
    [record] = parsed.records
    assert (record.upn, record.surname, record.date_of_birth, record.sex, record.year_group) == (
        upn(1),
        "Rabbit",
        dt.date(2016, 5, 4),
        "F",
        "4",
    )
    assert record.sen_history[0].start_date is None and record.sen_history[0].status == "K"
    assert record.needs == [RankedNeed("SLCN", 1), RankedNeed("ASD", 2)]


def test_reads_windows_1252_csv_and_uk_dates():
    parsed = spreadsheet_parse(csv_bytes(f"{upn(1)},Brontë,Zoë,04/05/2016,M,R,,,", encoding="cp1252"), "pupils.csv")
    assert parsed.all_problems == []
    assert (parsed.records[0].surname, parsed.records[0].date_of_birth) == ("Brontë", dt.date(2016, 5, 4))


def test_errors_name_row_and_column():
    parsed = spreadsheet_parse(
        csv_bytes(
            f"{upn(1)},Rabbit,Peter,2016-05-04,F,4,N,,",
            "",
            f"{upn(2)},Rabbit,Flopsy,31/02/2016,F,4,K,,",
            "A801200005001,Duck,Jemima,2016-05-04,X,4,E,NSA,",
        ),
        "pupils.csv",
    )
    messages = [str(p) for p in parsed.all_problems]
    assert (
        "row 4, column DOB: date of birth: '31/02/2016' is not a date: write it as yyyy-mm-dd or dd/mm/yyyy" in messages
    )
    assert any(
        m.startswith("row 4, column PrimaryNeed: a pupil on SEN Support (K) needs a primary need type")
        for m in messages
    )
    assert any(
        m.startswith("row 5, column UPN: UPN 'A801200005001' has check letter A but its digits need B")
        for m in messages
    )
    assert "row 5, column Sex: 'X' is not a sex code: use F, M or U (unknown)" in messages
    assert any(
        m.startswith("row 5, column PrimaryNeed: NSA (no specialist assessment) is only valid with SEN Support (K)")
        for m in messages
    )


def test_missing_required_columns_are_one_clear_problem():
    parsed = spreadsheet_parse(b"UPN,Surname,Forename\r\nX,Y,Z\r\n", "pupils.csv")
    expected = (
        "row 1: the header row has no DOB, Sex, YearGroup columns; the columns needed are UPN, Surname, Forename, "
        "DOB, Sex, "
        "YearGroup (and optionally SENProvision, PrimaryNeed, SecondaryNeed)"
    )
    assert [str(p) for p in parsed.problems] == [expected]
    assert parsed.records == []


def test_duplicate_upns_are_rejected():
    parsed = spreadsheet_parse(csv_bytes(f"{upn(1)},A,B,2016-05-04,F,4,,,", f"{upn(1)},C,D,2016-05-04,F,4,,,"), "p.csv")
    assert [p.message for p in parsed.problems] == [
        f"UPN {upn(1)} appears 2 times in the file (rows 2, 3): each pupil may appear once"
    ]


def test_historic_codes_in_a_sheet_are_mapped_with_notes():
    parsed = spreadsheet_parse(csv_bytes(f"{upn(1)},Rabbit,Peter,2016-05-04,F,4,P,BESD,"), "p.csv")
    assert parsed.all_problems == []
    assert [str(n) for n in parsed.all_notes] == [
        "row 2, column SENProvision: historic provision code P: School Action Plus (to 2015) recorded as SEN Support "
        "(K)",
        "row 2, column PrimaryNeed: historic need type BESD recorded as SEMH",
    ]


def test_reads_xlsx_with_excel_dates_and_numbers():
    content = xlsx_bytes(
        [
            ["UPN", "Surname", "Forename", "DOB", "Sex", "YearGroup", "SENProvision", "PrimaryNeed", "SecondaryNeed"],
            [upn(1), "Rabbit", "Peter", dt.datetime(2016, 5, 4), "F", 4, "K", "SPLD", None],
            [None, None, None, None, None, None, None, None, None],
            [upn(2), "Rabbit", "Flopsy", "not a date", "F", 4.0, "E", "", ""],
        ]
    )
    parsed = spreadsheet_parse(content, "pupils.xlsx")
    assert parsed.records[0].date_of_birth == dt.date(2016, 5, 4) and parsed.records[0].year_group == "4"
    messages = [str(p) for p in parsed.all_problems]
    assert (
        "row 4, column DOB: date of birth: 'not a date' is not a date: write it as yyyy-mm-dd or dd/mm/yyyy" in messages
    )
    assert any(
        m.startswith("row 4, column PrimaryNeed: a pupil on an EHC plan (E) needs a primary need type")
        for m in messages
    )


def test_a_damaged_workbook_is_a_problem_not_a_crash():
    parsed = spreadsheet_parse(b"PK\x03\x04 this is not really a zip", "pupils.xlsx")
    assert parsed.problems[0].message.startswith("the file could not be opened as an Excel workbook")


@pytest.mark.django_db
def test_import_pupils_command_writes_pupils_and_dates_status_today(school, tmp_path):
    file = tmp_path / "pupils.csv"
    file.write_bytes(
        csv_bytes(f"{upn(1)},Rabbit,Peter,2016-05-04,F,4,K,SLCN,", f"{upn(2)},Rabbit,Flopsy,2016-05-04,F,4,N,,")
    )
    out = io.StringIO()
    call_command("import_pupils", str(file), "--school", school.urn, stdout=out)
    peter = Pupil.objects.get(upn=upn(1))
    assert (peter.sen_status, peter.sen_status_since) == ("K", timezone.localdate())
    assert list(peter.status_history.values_list("status", "source")) == [("K", "spreadsheet")]
    assert Pupil.objects.get(upn=upn(2)).status_history.count() == 0  # N for a new pupil is no change
    before = (Pupil.objects.count(), SenStatusChange.objects.count(), AuditEvent.objects.count())
    out = io.StringIO()
    call_command("import_pupils", str(file), "--school", school.urn, stdout=out)
    assert (Pupil.objects.count(), SenStatusChange.objects.count(), AuditEvent.objects.count()) == before
    assert "0 new pupils, 0 changed, 2 unchanged" in out.getvalue()


@pytest.mark.django_db
def test_import_pupils_xlsx_with_one_bad_row_writes_nothing(school, tmp_path):
    file = tmp_path / "pupils.xlsx"
    file.write_bytes(
        xlsx_bytes(
            [
                ["UPN", "Surname", "Forename", "DOB", "Sex", "YearGroup"],
                [upn(1), "Rabbit", "Peter", "2016-05-04", "F", "4"],
                [upn(2), "Rabbit", "Flopsy", "2016-05-04", "F", "Year Four"],
            ]
        )
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_pupils", str(file), "--school", school.urn, stdout=out)
    assert "row 3, column YearGroup: 'Year Four' is not a year group" in out.getvalue()
    assert Pupil.objects.count() == 0


@pytest.mark.django_db
def test_formula_text_is_stored_verbatim_as_data(school, tmp_path):
    formula = '=HYPERLINK("http://evil.example","click")'
    file = tmp_path / "pupils.csv"
    file.write_bytes(csv_bytes(f'{upn(1)},"{formula.replace(chr(34), chr(34) * 2)}",@SUM(1+1),2016-05-04,F,4,,,'))
    call_command("import_pupils", str(file), "--school", school.urn, stdout=io.StringIO())
    pupil = Pupil.objects.get(upn=upn(1))
    assert (pupil.surname, pupil.forename) == (formula, "@SUM(1+1)")


@pytest.mark.django_db
def test_import_pupils_needs_a_known_school(db, tmp_path):
    file = tmp_path / "pupils.csv"
    file.write_bytes(csv_bytes())
    with pytest.raises(CommandError, match="No school with URN 123456"):
        call_command("import_pupils", str(file), "--school", "123456")
