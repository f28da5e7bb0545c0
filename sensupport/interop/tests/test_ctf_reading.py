"""Reading a Common Transfer File: liberal about shape, strict about codes, safe against hostile XML."""

from __future__ import annotations

import datetime as dt

from sensupport.core.factories import make_upn
from sensupport.interop.ctf import ctf_parse
from sensupport.pupils.census import RankedNeed

from .ctf_builder import CtfPupil, ctf_bytes

UPN = make_upn("201", "2001", "20", 1)
BAD_UPN = "A801200005001"


def test_reads_identity_with_sex_element():
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, sex="M", middle_names="James", preferred_forename="Pete")]))
    assert parsed.all_problems == []
    record = parsed.records[0]
    assert (record.upn, record.surname, record.forename, record.middle_names) == (UPN, "Rabbit", "Peter", "James")
    assert record.preferred_forename == "Pete"
    assert record.date_of_birth == dt.date(2016, 5, 4)
    assert (record.sex, record.year_group) == ("M", "4")


def test_reads_older_gender_element_and_unknown_sex():
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, sex="Unknown", sex_tag="Gender")], version="19.0"))
    assert parsed.all_problems == []
    assert parsed.records[0].sex == "U"


def test_rejects_a_sex_code_it_does_not_know():
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, sex="Q", sex_tag="Gender")]))
    assert [str(p) for p in parsed.all_problems] == [
        f"pupil 1 (UPN {UPN}), element Gender: 'Q' is not a sex code: use F, M or U (unknown)"
    ]


def test_ignores_unknown_elements_and_reads_year_directly_under_pupil():
    pupil = CtfPupil(upn=UPN, year="04", year_in_basic_details=False, extra={"FSMhistory": "x", "Attendance": "97"})
    parsed = ctf_parse(ctf_bytes([pupil]))
    assert parsed.all_problems == []
    assert parsed.records[0].year_group == "4"


def test_strips_namespaces():
    parsed = ctf_parse(
        ctf_bytes(
            [CtfPupil(upn=UPN, sen=[("2023-09-01", "K")], needs=[("1", "SLCN")])], namespace="http://example.org/ctf"
        )
    )
    assert parsed.all_problems == []
    assert parsed.header.dest.lea == "201"
    assert parsed.records[0].needs == [RankedNeed("SLCN", 1)]


def test_maps_historic_codes_and_notes_each_mapping():
    pupil = CtfPupil(
        upn=UPN, sen=[("2013-09-01", "A"), ("2014-09-01", "P"), ("2016-01-10", "S")], needs=[("1", "BESD")]
    )
    parsed = ctf_parse(ctf_bytes([pupil]))
    assert parsed.all_problems == []
    record = parsed.records[0]
    assert [(e.status, e.original_code) for e in record.sen_history] == [("K", "A"), ("K", "P"), ("E", "S")]
    assert record.needs == [RankedNeed("SEMH", 1)]
    notes = [str(n) for n in parsed.all_notes]
    assert len(notes) == 4
    assert any("historic provision code A" in n for n in notes)
    assert any("historic provision code P" in n for n in notes)
    assert any("historic provision code S" in n for n in notes)
    assert f"pupil 1 (UPN {UPN}), element SENneed/SENtype: historic need type BESD recorded as SEMH" in notes


def test_sen_history_is_ordered_by_date_whatever_the_file_order():
    parsed = ctf_parse(
        ctf_bytes([CtfPupil(upn=UPN, sen=[("2024-01-01", "K"), ("2020-01-01", "N")], needs=[("1", "MLD")])])
    )
    assert [e.status for e in parsed.records[0].sen_history] == ["N", "K"]


def test_needs_nested_inside_sen_are_read():
    parsed = ctf_parse(
        ctf_bytes(
            [CtfPupil(upn=UPN, sen=[("2023-09-01", "K")], needs=[("1", "ASD"), ("2", "SLCN")], needs_inside_sen=True)]
        )
    )
    assert parsed.all_problems == []
    assert parsed.records[0].needs == [RankedNeed("ASD", 1), RankedNeed("SLCN", 2)]


def test_bad_upn_names_pupil_position_upn_and_element():
    parsed = ctf_parse(
        ctf_bytes([CtfPupil(upn=UPN), CtfPupil(upn=make_upn("201", "2001", "20", 2)), CtfPupil(upn=BAD_UPN)])
    )
    messages = [str(p) for p in parsed.all_problems]
    assert len(messages) == 1
    assert messages[0].startswith(
        f"pupil 3 (UPN {BAD_UPN}), element UPN: UPN '{BAD_UPN}' has check letter A but its digits need B"
    )


def test_bad_sen_provision_code():
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, sen=[("2023-09-01", "Z")])]))
    [problem] = parsed.all_problems
    assert problem.element == "SEN/SENprovision"
    assert "'Z' is not a census code" in problem.message


def test_bad_need_code():
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, sen=[("2023-09-01", "K")], needs=[("1", "XYZ")])]))
    messages = [str(p) for p in parsed.all_problems]
    assert f"pupil 1 (UPN {UPN}), element SENneed/SENtype: need type 'XYZ' is not a DfE need type" in messages


def test_nsa_with_ehc_plan_is_rejected():
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, sen=[("2023-09-01", "E")], needs=[("1", "NSA")])]))
    assert any(
        "NSA (no specialist assessment) is only valid with SEN Support (K)" in str(p) for p in parsed.all_problems
    )


def test_sen_support_without_a_need_is_rejected():
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, sen=[("2023-09-01", "K")])]))
    [problem] = parsed.all_problems
    assert problem.element == "SENneeds"
    assert "needs a primary need type (rank 1)" in problem.message


def test_duplicate_upns_in_one_file_are_rejected():
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN), CtfPupil(upn=UPN)]))
    assert [p.message for p in parsed.problems] == [
        f"UPN {UPN} appears 2 times in the file (pupils 1, 2): each pupil may appear once"
    ]


def test_external_entity_is_refused_and_nothing_leaks():
    xxe = (
        b'<?xml version="1.0"?>\n<!DOCTYPE CTfile [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        b"<CTfile><CTFpupilData><Pupil><UPN>&secret;</UPN><Surname>&secret;</Surname></Pupil></CTFpupilData></CTfile>"
    )
    parsed = ctf_parse(xxe)
    assert parsed.records == []
    [problem] = parsed.problems
    assert "refused for safety" in problem.message
    assert "root:" not in str(problem)


def test_billion_laughs_is_refused():
    lol = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    for level in range(1, 10):
        lol += f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">\n'.encode()
    lol += b"]>\n<CTfile>&lol9;</CTfile>"
    parsed = ctf_parse(lol)
    assert parsed.records == []
    assert "refused for safety" in parsed.problems[0].message


def test_entities_without_a_dtd_keyword_in_the_body_are_still_refused():
    parsed = ctf_parse(b'<!DOCTYPE x [<!ENTITY e "boom">]><CTfile>&e;</CTfile>')
    assert parsed.records == [] and parsed.problems


def test_truncated_file_is_rejected_with_a_clear_message():
    content = ctf_bytes([CtfPupil(upn=UPN)])
    parsed = ctf_parse(content[: len(content) // 2])
    [problem] = parsed.problems
    assert problem.message.startswith("the file is not well-formed XML (it may be cut short or damaged)")
    assert "line" in problem.message


def test_empty_and_non_ctf_files_are_rejected():
    assert "not well-formed" in ctf_parse(b"").problems[0].message
    assert "root element is html" in ctf_parse(b"<html><body/></html>").problems[0].message


def test_unusual_version_is_a_note_not_a_problem():
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN)], version="17.0"))
    assert parsed.all_problems == []
    assert "outside the versions we know" in parsed.notes[0].message


def test_bad_uln_and_dates_are_problems():
    parsed = ctf_parse(
        ctf_bytes(
            [CtfPupil(upn=UPN, uln="1234567890", dob="04/31/2016", sen=[("someday", "K")], needs=[("1", "SLCN")])]
        )
    )
    elements = sorted(p.element for p in parsed.all_problems)
    assert elements == ["DOB", "SEN/StartDate", "UniqueLearnerNumber"]


def test_a_file_without_year_groups_takes_them_from_the_date_of_birth_with_a_note():
    """The DfE's multiplication tables check writes CTFs with no NCyearActual (issue 8). The file's
    academic year is 2024/2025: a child born 4 May 2016 was then in Year 4."""
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, year="")]))
    assert parsed.all_problems == []
    assert parsed.records[0].year_group == "4"
    assert [str(n) for n in parsed.all_notes] == [
        f"pupil 1 (UPN {UPN}), element NCyearActual: no year group in the file: Year 4, worked out from the date of "
        "birth for the academic year 2024 to 2025"
    ]


def test_a_year_group_in_the_file_is_kept_even_if_it_is_not_the_one_for_the_age():
    parsed = ctf_parse(ctf_bytes([CtfPupil(upn=UPN, year="2")]))  # held back a year: the school says so
    assert parsed.records[0].year_group == "2" and parsed.all_notes == []
