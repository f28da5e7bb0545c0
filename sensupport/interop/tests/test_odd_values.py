"""Odd values in an import: each is a problem naming the row (or pupil) and the column (or
element), never a crash; and what the database would refuse is found before anything is written."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.core.factories import make_upn
from sensupport.interop.ctf import ctf_parse
from sensupport.interop.register_import.plan import register_import_plan
from sensupport.interop.spreadsheet import spreadsheet_parse

from .ctf_builder import CtfPupil, ctf_bytes
from .test_ctf_import import make_uln

HEADER = "UPN,Surname,Forename,DOB,Sex,YearGroup,ULN"
UPN = make_upn("201", "2001", "21", 1)
ULN = make_uln("123456789")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
TODAY = dt.date(2026, 12, 3)


def sheet_problems(*rows: str) -> list[str]:
    content = ("\r\n".join([HEADER, *rows]) + "\r\n").encode()
    return [str(p) for p in spreadsheet_parse(content, "pupils.csv").all_problems]


def row(
    upn: str = UPN,
    surname: str = "Rabbit",
    forename: str = "Peter",
    dob: str = "2016-05-04",
    year: str = "4",
    uln: str = "",
) -> str:
    return ",".join([upn, surname, forename, dob, "F", year, uln])


@pytest.mark.parametrize("digits", [SUPERSCRIPT, ARABIC_INDIC], ids=["superscript", "arabic-indic"])
def test_a_upn_in_other_digits_is_a_problem(digits):
    odd = UPN[0] + UPN[1:].translate(digits)
    assert sheet_problems(row(upn=odd)) == [
        f"row 2, column UPN: UPN {odd!r}: characters 2 to 12 must be the digits 0 to 9"
    ]


def test_a_upn_ending_in_a_superscript_is_a_problem():
    odd = UPN[:12] + "²"
    assert sheet_problems(row(upn=odd)) == [
        f"row 2, column UPN: UPN {odd!r}: character 13 must be a digit 0 to 9 or, for a temporary UPN, a letter other "
        "than I, O or S"
    ]


@pytest.mark.parametrize("digits", [SUPERSCRIPT, ARABIC_INDIC], ids=["superscript", "arabic-indic"])
def test_a_uln_in_other_digits_is_a_problem(digits):
    odd = ULN.translate(digits)
    assert sheet_problems(row(uln=odd)) == [f"row 2, column ULN: ULN {odd!r} must be 10 digits, 0 to 9"]


@pytest.mark.parametrize("year", ["²", "Y²", "٤", "Y٤"])
def test_a_year_group_in_other_digits_is_a_problem(year):
    assert sheet_problems(row(year=year)) == [
        f"row 2, column YearGroup: {year!r} is not a year group: use N1, N2, R, 1 to 14 or X"
    ]


def test_a_date_in_other_digits_is_a_problem():
    odd = "2016-05-04".translate(ARABIC_INDIC)
    assert sheet_problems(row(dob=odd)) == [
        f"row 2, column DOB: date of birth: {odd!r} is not a date: write it as yyyy-mm-dd or dd/mm/yyyy with the "
        "digits 0 to 9"
    ]


def test_a_long_wrong_value_is_quoted_short():
    [message] = sheet_problems(row(upn="A" * 5000))
    assert message == f"row 2, column UPN: UPN {'A' * 40 + '…'!r} has 5000 characters; a UPN has 13"


@pytest.mark.parametrize("rank", ["²", "١"])
def test_a_ctf_need_rank_in_other_digits_is_a_problem(rank):
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, sen=[("2024-09-01", "K")], needs=[(rank, "SLCN")])]))
    assert (
        f"pupil 1 (UPN {UPN}), element SENneed/SENtypeRank: need rank {rank!r} is not a number: use 1 (primary) or 2 "
        "(secondary)" in [str(p) for p in parsed.all_problems]
    )


@pytest.mark.parametrize("version", ["inf", "-inf", "nan", "1e999", "²⁵", "99999999999999999999", "25.0.1"])
def test_a_ctf_version_that_is_not_a_version_number_is_a_note(version):
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN)], version=version))
    assert parsed.all_problems == []
    assert [str(n) for n in parsed.notes] == [
        f"the file, element CTFversion: CTF version {version!r} is not a version number; read as a version 25 file"
    ]
    assert parsed.records[0].upn == UPN


def test_a_ctf_in_an_encoding_we_do_not_know_is_a_problem():
    content = ctf_bytes([CtfPupil(upn=UPN)]).replace(b"encoding='utf-8'", b"encoding='x-klingon'", 1)
    assert content.startswith(b"<?xml version='1.0' encoding='x-klingon'?>")
    assert [str(p) for p in ctf_parse(content).problems] == [
        "the file: the file says it is in a character encoding we cannot read (unknown encoding: x-klingon): save it "
        "as UTF-8 and try again"
    ]


def test_a_ctf_with_more_pupils_than_an_import_takes_is_refused(monkeypatch):
    monkeypatch.setattr("sensupport.interop.ctf.MAX_PUPILS", 2)
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=make_upn("201", "2001", "21", n)) for n in range(1, 4)]))
    assert [str(p) for p in parsed.problems] == [
        "the file, element CTFpupilData: the file has more than 50,000 pupils; an import takes at most 50,000: split "
        "the file and import each part"
    ]
    assert parsed.records == []


# What the register cannot hold: found when the import is planned (the preview), so confirming never meets it.


def plan_problems(school, content: bytes, name: str = "pupils.csv") -> list[str]:
    parsed = spreadsheet_parse(content, name) if name.endswith(".csv") else ctf_parse(content)
    plan = register_import_plan(school=school, records=parsed.records, file_problems=parsed.problems, on=TODAY)
    return [str(p) for p in plan.problems]


def csv(*rows: str) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode()


@pytest.mark.django_db
def test_names_longer_than_the_register_holds_are_problems(school):
    assert plan_problems(
        school, csv(row(surname="R" * 101), row(upn=make_upn("201", "2001", "21", 2), forename="P" * 100))
    ) == ["row 2, column Surname: surname is 101 characters long; the register holds at most 100: shorten it"]


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\u2028"])
def test_names_with_control_characters_are_problems(school, char):
    assert plan_problems(school, csv(row(forename=f"Pe{char}ter"))) == [
        f"row 2, column Forename: forename contains a control character ({char!r}), such as a line break or NUL: "
        "remove it"
    ]


@pytest.mark.django_db
def test_middle_and_preferred_names_are_checked_too(school):
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, middle_names="M" * 101, preferred_forename="Pe\tte")]))
    plan = register_import_plan(school=school, records=parsed.records, on=TODAY)
    assert [str(p) for p in plan.problems] == [
        f"pupil 1 (UPN {UPN}), element MiddleNames: middle names is 101 characters long; the register holds at most "
        "100: shorten it",
        f"pupil 1 (UPN {UPN}), element PreferredForename: preferred forename contains a control character ('\\t'), "
        "such as a line break or NUL: remove it",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dob", "message"),
    [
        ("2999-01-01", "date of birth 01/01/2999 is in the future: check the year"),
        ("2026-12-04", "date of birth 04/12/2026 is in the future: check the year"),
        ("2025-06-01", "date of birth 01/06/2025 makes the pupil 1 year old, younger than 2: check the year"),
        ("1999-05-04", "date of birth 04/05/1999 makes the pupil 27 years old, older than 25: check the year"),
        ("1900-01-01", "date of birth 01/01/1900 makes the pupil 126 years old, older than 25: check the year"),
    ],
)
def test_implausible_dates_of_birth_are_problems(school, dob, message):
    assert plan_problems(school, csv(row(dob=dob))) == [f"row 2, column DOB: {message}"]


@pytest.mark.django_db
@pytest.mark.parametrize("dob", ["2024-12-03", "2001-12-04"])
def test_pupils_from_2_to_25_are_plausible(school, dob):
    assert plan_problems(school, csv(row(dob=dob))) == []


@pytest.mark.django_db
def test_sen_dates_in_the_future_or_before_birth_are_problems(school):
    content = ctf_bytes(
        [
            CtfPupil(upn=UPN, sen=[("2999-09-01", "K")], needs=[("1", "SLCN")]),
            CtfPupil(upn=make_upn("201", "2001", "21", 2), sen=[("2010-09-01", "K")], needs=[("1", "SLCN")]),
        ]
    )
    assert plan_problems(school, content, "transfer.xml") == [
        f"pupil 1 (UPN {UPN}), element SEN/StartDate: SEN start date 01/09/2999 is in the future: check the year",
        f"pupil 2 (UPN {make_upn('201', '2001', '21', 2)}), element SEN/StartDate: SEN start date 01/09/2010 is "
        "before the pupil's date of birth: check the year",
    ]
