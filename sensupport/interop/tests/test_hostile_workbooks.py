"""Hostile and damaged .xlsx files: every row read or a clear refusal, within bounded memory.

The files are built here part by part (xlsx_builder), so nothing binary is committed.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
import zlib

from sensupport.core.factories import make_upn
from sensupport.interop import xlsx
from sensupport.interop.spreadsheet import spreadsheet_parse

from .xlsx_builder import (
    MAIN,
    SHEET,
    STYLES,
    deflate_bomb,
    package_parts,
    sheet_xml,
    workbook_bytes,
    zip_parts,
    zip_raw,
)

HEADER = ["UPN", "Surname", "Forename", "DOB", "Sex", "YearGroup"]


def upn(serial: int) -> str:
    return make_upn("201", "2001", "21", serial)


def pupil_rows(count: int) -> list[list[str]]:
    return [[upn(n), "Rabbit", f"Pupil{n}", "2016-05-04", "F", "4"] for n in range(1, count + 1)]


def problems(content: bytes) -> list[str]:
    return [str(p) for p in spreadsheet_parse(content, "pupils.xlsx").all_problems]


def parse_measured(content: bytes) -> tuple[list[str], int]:
    """The problems found, and the most memory (bytes) Python held while finding them."""
    tracemalloc.start()
    try:
        found = problems(content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return found, peak


def test_a_sheet_that_understates_its_dimension_still_imports_every_row():
    content = workbook_bytes([HEADER, *pupil_rows(5)], dimension="A1:F3")  # claims 2 data rows; has 5
    parsed = spreadsheet_parse(content, "pupils.xlsx")
    assert parsed.all_problems == []
    assert [r.forename for r in parsed.records] == ["Pupil1", "Pupil2", "Pupil3", "Pupil4", "Pupil5"]
    assert [r.position for r in parsed.records] == [2, 3, 4, 5, 6]


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_expanded():
    bomb = deflate_bomb(expanded_mb=1024)
    expanded = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert (
        len(bomb) < 2 * xlsx.MB and expanded > 1000 * xlsx.MB
    )  # a real bomb: about a megabyte that opens to a gigabyte
    found, peak = parse_measured(bomb)
    assert found == [
        f"the file: the workbook expands to {expanded / xlsx.MB:,.0f} MB when opened, more than the 25 MB we read (a "
        "pupil list takes a few): "
        "open it in Excel, copy the pupils' rows into a new workbook and save that (or save it as CSV)"
    ]
    assert peak < 3 * len(bomb) + 5 * xlsx.MB


def test_a_part_that_expands_far_more_than_data_does_is_refused_as_a_bomb():
    bomb = deflate_bomb(expanded_mb=16)  # within the size limit, but squeezed a thousand to one
    [found] = problems(bomb)
    assert "the workbook's part 'xl/worksheets/sheet1.xml' expands" in found
    assert "we refuse parts that expand more than 100 times, as zip bombs do" in found


def test_a_bomb_whose_directory_lies_about_its_size_is_stopped_at_the_declared_size():
    bomb = deflate_bomb(expanded_mb=1024, declared_size=2 * 1024 * 1024)
    # Declared: 2 MB from 1 MB, so it passes the directory checks; unpacking stops at 2 MB.
    found, peak = parse_measured(bomb)
    assert found == [
        "the file: the workbook is damaged: its part 'xl/worksheets/sheet1.xml' could not be unpacked (Bad CRC-32 for "
        "file "
        "'xl/worksheets/sheet1.xml'): save it again from Excel"
    ]
    assert peak < 3 * len(bomb) + 5 * xlsx.MB


def test_a_sheet_cut_short_inside_the_zip_is_a_problem_not_a_crash():
    sheet = sheet_xml([HEADER, *pupil_rows(200)]).encode()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = compressor.compress(sheet) + compressor.flush()
    members = []
    for name, data in package_parts(sheet).items():
        if name == SHEET:  # the part's bytes end half way; its directory entry still gives the full sizes
            members.append((name, payload[: len(payload) // 2], zlib.crc32(sheet), len(sheet), zipfile.ZIP_DEFLATED))
        else:
            members.append((name, data, zlib.crc32(data), len(data), zipfile.ZIP_STORED))
    [found] = problems(zip_raw(members))
    assert found.startswith(
        "the file: the workbook is damaged: its part 'xl/worksheets/sheet1.xml' could not be unpacked ("
    )
    assert found.endswith("): save it again from Excel")


def test_a_sheet_whose_xml_stops_half_way_is_a_problem_not_a_crash():
    sheet = sheet_xml([HEADER, *pupil_rows(20)])
    [found] = problems(zip_parts(package_parts(sheet[: len(sheet) // 2])))
    assert found.startswith(
        "the file: the workbook is damaged: its part 'xl/worksheets/sheet1.xml' is not well-formed XML (it may be cut "
        "short): "
    )


def test_a_workbook_part_with_a_dtd_is_refused():
    sheet = sheet_xml([HEADER, *pupil_rows(1)]).replace(
        "<worksheet", '<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet', 1
    )
    [found] = problems(zip_parts(package_parts(sheet)))
    assert "it contains a document type declaration (DTD), which a workbook never needs; refused for safety" in found


def test_rows_out_of_order_are_refused_not_skipped():
    # openpyxl would read row 3 and silently drop the second row 3 and the row 2 after it.
    content = workbook_bytes([HEADER, *pupil_rows(3)], numbers=[1, 3, 3, 2])
    [found] = problems(content)
    assert "the workbook was refused: row 3 comes after row 3: rows out of order would be skipped" in found


def test_a_row_beyond_excel_last_row_is_refused():
    content = workbook_bytes([HEADER, *pupil_rows(1)], numbers=[1, 2_000_000_000])
    [found] = problems(content)
    assert "it has a row 2,000,000,000, beyond Excel's last row (1,048,576)" in found


def test_thousands_of_styles_are_refused_before_openpyxl_builds_them():
    # 3 MB of fonts, squeezed under 100 to one: openpyxl would build an object for each.
    fonts = "".join(f'<font><sz val="{n % 400}"/></font>' for n in range(100_000))
    styles = STYLES.replace(
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>', f"<fonts>{fonts}</fonts>"
    )
    [found] = problems(zip_parts(package_parts(sheet_xml([HEADER, *pupil_rows(1)]), styles=styles)))
    assert "the workbook has more than 100,000 styles, formats and other entries besides its cells" in found
    assert "(in its part 'xl/styles.xml')" in found


def test_more_cell_formats_than_excel_allows_are_refused():
    # 200,000 formats from 130 KB would cost openpyxl 300 MB.
    xfs = "".join(
        f'<xf numFmtId="{n % 160}" fontId="0" fillId="0" borderId="0"/>' for n in range(xlsx.EXCEL_CELL_FORMATS + 1)
    )
    styles = STYLES.replace(
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>',
        f"<cellXfs>{xfs}</cellXfs>",
    )
    [found] = problems(zip_parts(package_parts(sheet_xml([HEADER, *pupil_rows(1)]), styles=styles)))
    assert (
        "the workbook has more than 65,490 cell formats, more than Excel allows (in its part 'xl/styles.xml')" in found
    )


def test_a_row_wider_than_excel_allows_is_refused():
    row = "<row>" + "".join(f"<c><v>{n * 7919 % 10007}</v></c>" for n in range(xlsx.EXCEL_COLUMNS + 1)) + "</row>"
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{row}</sheetData></worksheet>'
    [found] = problems(zip_parts(package_parts(sheet)))
    assert "row 1 has more than 16,384 cells, more than Excel allows" in found


def test_a_workbook_with_more_pupils_than_an_import_takes_is_refused(monkeypatch):
    monkeypatch.setattr("sensupport.interop.spreadsheet.MAX_PUPILS", 3)
    parsed = spreadsheet_parse(workbook_bytes([HEADER, *pupil_rows(4)]), "pupils.xlsx")
    assert [str(p) for p in parsed.problems] == [
        "row 5: the file has more than 50,000 pupils; an import takes at most 50,000: split the file and import each "
        "part"
    ]
    assert parsed.records == []


def test_a_csv_with_more_pupils_than_an_import_takes_is_refused():
    rows = "".join(f"{upn(n % 900)},Rabbit,Peter,2016-05-04,F,4\r\n" for n in range(50_001))
    parsed = spreadsheet_parse(("UPN,Surname,Forename,DOB,Sex,YearGroup\r\n" + rows).encode(), "pupils.csv")
    assert [str(p) for p in parsed.problems] == [
        "row 50002: the file has more than 50,000 pupils; an import takes at most 50,000: split the file and import "
        "each part"
    ]


def test_a_csv_of_endless_blank_rows_stops_at_the_row_limit():
    content = b"UPN,Surname,Forename,DOB,Sex,YearGroup\r\n" + b",,,,,\r\n" * 100_001
    assert [str(p) for p in spreadsheet_parse(content, "pupils.csv").problems] == [
        "row 100001: the file has more than 100,000 rows, most of them blank: delete the blank rows"
    ]


def test_columns_beyond_the_first_256_are_not_read():
    header = HEADER + [f"Extra{n}" for n in range(300)]
    parsed = spreadsheet_parse(workbook_bytes([header, pupil_rows(1)[0] + ["x"] * 300]), "pupils.xlsx")
    assert parsed.all_problems == [] and parsed.records[0].forename == "Pupil1"


def test_a_cell_openpyxl_cannot_read_is_a_problem_naming_the_row():
    sheet = sheet_xml([HEADER, *pupil_rows(2)]).replace(
        '<c r="A3" t="inlineStr"><is><t>', '<c r="A3" t="s"><v>99</v><is><t>', 1
    )
    found = problems(zip_parts(package_parts(sheet)))
    assert found and found[0].startswith("row 3: the workbook's first sheet is damaged from this row on (")
