"""The GIAS establishments reader: pure, bytes in, establishments and messages out."""

from __future__ import annotations

from sensupport.organisations.gias import MAX_ROWS, gias_parse
from sensupport.organisations.models import School

from .gias_files import HEADER, SOUTHWARK, csv_bytes, row


def test_it_reads_a_windows_1252_file_with_accents_and_curly_apostrophes():
    content = csv_bytes(SOUTHWARK)
    assert b"\xe9" in content and b"\x92" in content  # é and ’ as Windows-1252 bytes
    parsed = gias_parse(content)
    assert parsed.problems == []
    names = [e.name for e in parsed.establishments]
    assert names == [
        "Saint Joseph’s Catholic Primary School",
        "École Élysée Montessori",
        "Cherry Garden School",
        "Harris Academy Peckham",
    ]
    first = parsed.establishments[0]
    assert (
        first.urn,
        first.la_code,
        first.la_name,
        first.establishment_number,
        first.establishment_type,
        first.phase,
    ) == ("100800", "210", "Southwark", "2001", 3, School.Phase.PRIMARY)


def test_closed_establishments_are_skipped_and_counted():
    parsed = gias_parse(csv_bytes(SOUTHWARK))
    assert parsed.closed == 2
    assert "100804" not in {e.urn for e in parsed.establishments}


def test_a_college_is_skipped_with_its_reason():
    parsed = gias_parse(csv_bytes(SOUTHWARK))
    assert [(s.urn, s.reason) for s in parsed.not_served] == [
        ("130400", "Further education: not a school that runs SEN Support")
    ]


def test_special_schools_and_phaseless_independent_schools_get_a_phase():
    by_urn = {e.urn: e.phase for e in gias_parse(csv_bytes(SOUTHWARK)).establishments}
    assert by_urn["100802"] == School.Phase.SPECIAL
    assert by_urn["100801"] == School.Phase.ALL_THROUGH
    assert by_urn["100803"] == School.Phase.SECONDARY


def test_utf8_with_a_byte_order_mark_is_read_too():
    parsed = gias_parse(b"\xef\xbb\xbf" + csv_bytes(SOUTHWARK, encoding="utf-8"))
    assert parsed.problems == []
    assert parsed.establishments[1].name == "École Élysée Montessori"


def test_missing_columns_are_one_message_naming_them_all():
    header = [h for h in HEADER if h not in ("URN", "PhaseOfEducation (name)")]
    parsed = gias_parse(csv_bytes([], header=header))
    assert [str(p) for p in parsed.problems] == [
        "The file is missing the columns URN, PhaseOfEducation (name). Download the establishments file from GIAS "
        "with these fields"
    ]


def test_bad_rows_are_named_by_row_and_column():
    rows = [
        row("", "210", "Southwark", "2001", "No URN School", "1", "Primary"),
        row("10O800", "210", "Southwark", "2002", "Letter O School", "1", "Primary"),
        row("100810", "2I0", "Southwark", "2003", "Bad LA School", "1", "Primary"),
        row("100811", "210", "Southwark", "2004", "Unknown Type School", "99", "Primary"),
    ]
    messages = [str(p) for p in gias_parse(csv_bytes(rows)).problems]
    assert messages == [
        "Row 2, column URN: the URN is missing",
        "Row 3, column URN: the URN must be digits only, for example 100000, not '10O800'",
        "Row 4, column LA (code): the local authority code must be three digits, for example 201, not '2I0'",
        "Row 5, column TypeOfEstablishment (code): 99 is not a GIAS type of establishment code",
    ]


def test_a_urn_twice_in_the_file_is_a_problem():
    rows = [
        row("100800", "210", "Southwark", "2001", "A", "1", "Primary"),
        row("100800", "210", "Southwark", "2002", "B", "1", "Primary"),
    ]
    assert [str(p) for p in gias_parse(csv_bytes(rows)).problems] == ["Row 3, column URN: URN 100800 is also on row 2"]


def test_hostile_files_get_a_message_not_an_exception():
    assert "not a CSV" in str(gias_parse(b"PK\x03\x04 a workbook").problems[0])
    assert "not a CSV" in str(gias_parse(b"\x00\x01\x02binary").problems[0])
    assert "neither Windows-1252 nor UTF-8" in str(gias_parse(b"URN,\x81\x8d\x8f\x90\x9d").problems[0])
    assert str(gias_parse(b"").problems[0]) == "The file is empty"
    huge_cell = csv_bytes([row("100800", "210", "Southwark", "2001", "x" * 200_000, "1", "Primary")])
    assert "cannot be read as CSV" in str(gias_parse(huge_cell).problems[0])
    unterminated = csv_bytes([]) + b'"100800,"210'
    assert gias_parse(unterminated).establishments == []


def test_a_file_with_too_many_rows_is_refused():
    line = b'"100800","210","S","2001","A","1","x","x","1","Closed","2","Primary","AB1"\r\n'
    content = csv_bytes([]) + line * (MAX_ROWS + 1)
    assert "more than" in str(gias_parse(content).problems[-1])


def test_a_long_name_is_a_problem_for_its_cell():
    parsed = gias_parse(csv_bytes([row("100800", "210", "Southwark", "2001", "A" * 201, "1", "Primary")]))
    assert [str(p) for p in parsed.problems] == [
        "Row 2, column EstablishmentName: the establishment name is longer than 200 characters"
    ]
