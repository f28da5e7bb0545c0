"""Pupils from a spreadsheet: CSV (UTF-8, with or without BOM, or Windows-1252) or Excel .xlsx.

Pure: bytes in, records out. Row 1 is the header; rows are numbered as Excel shows them. Headers
are matched ignoring case, spaces, underscores and hyphens; extra columns are ignored. Cell text
is kept verbatim (a surname beginning with "=" is stored as text, never evaluated). A workbook is
checked before it is read and read within bounds (see xlsx.py); a file with more than MAX_PUPILS
rows of data is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from sensupport.pupils import codes
from sensupport.pupils.census import (
    RankedNeed,
    census_need_problems,
    normalise_upn,
    shown,
    uln_problem,
    upn_problem,
)

from .records import (
    MAX_PUPILS,
    MAX_ROWS,
    SHEET_SOURCES,
    TOO_MANY_PUPILS,
    ImportProblem,
    ParsedFile,
    PupilRecord,
    SenHistoryEntry,
    duplicate_upn_problems,
    parse_date,
    parse_sex,
    parse_year_group,
)
from .xlsx import WorkbookUnreadable, workbook_problem, workbook_rows

REQUIRED = ("UPN", "Surname", "Forename", "DOB", "Sex", "YearGroup")
OPTIONAL = (
    "SENProvision",
    "PrimaryNeed",
    "SecondaryNeed",
    "ULN",
    "MiddleNames",
    "PreferredSurname",
    "PreferredForename",
)
ALIASES = {
    "dateofbirth": "DOB",
    "gender": "Sex",
    "year": "YearGroup",
    "ncyear": "YearGroup",
    "ncyearactual": "YearGroup",
    "senstatus": "SENProvision",
    "sen": "SENProvision",
    "preferredname": "PreferredForename",
    "uniquelearnernumber": "ULN",
}
FILE = "the file"
XLSX_MAGIC = b"PK\x03\x04"


def _key(header: str) -> str:
    return "".join(ch for ch in str(header or "").lower() if ch not in " _-\t\ufeff")


KNOWN = {_key(name): name for name in REQUIRED + OPTIONAL} | ALIASES


def _csv_rows(content: bytes) -> tuple[Iterator[list[str]] | None, str | None]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return csv.reader(io.StringIO(text, newline="")), None
    return None, "the file is neither UTF-8 nor Windows-1252 text: save it from Excel as CSV UTF-8"


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(content: bytes) -> tuple[Iterator[list[str]] | None, str | None]:
    if problem := workbook_problem(content):
        return None, problem
    try:
        rows = workbook_rows(content)
    except WorkbookUnreadable as unreadable:
        return None, str(unreadable)
    return ([_cell_text(value) for value in row] for row in rows), None


def spreadsheet_parse(content: bytes, filename: str = "") -> ParsedFile:
    """Read pupils from a CSV or .xlsx file. Never raises on bad input: problems name row and column."""
    parsed = ParsedFile(kind="spreadsheet")
    is_xlsx = content.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx")
    rows, reason = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    if rows is None:
        parsed.problems.append(ImportProblem(FILE, reason or "the file could not be read"))
        return parsed
    try:
        header = next(rows, None)
    except (csv.Error, WorkbookUnreadable) as error:
        parsed.problems.append(ImportProblem("row 1", f"the header row could not be read: {error}"))
        return parsed
    if not header or not any(str(cell).strip() for cell in header):
        parsed.problems.append(
            ImportProblem("row 1", "the file is empty: row 1 must hold the column headers " + ", ".join(REQUIRED))
        )
        return parsed
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = KNOWN.get(_key(cell))
        if name and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        parsed.problems.append(
            ImportProblem(
                "row 1",
                f"the header row has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}; "
                f"the columns needed are {', '.join(REQUIRED)} (and optionally SENProvision, PrimaryNeed, "
                "SecondaryNeed)",
            )
        )
        return parsed
    number = 1
    try:
        for number, row in enumerate(rows, start=2):
            cells = {
                name: (row[index].strip() if index < len(row) and row[index] is not None else "")
                for name, index in columns.items()
            }
            if not any(cells.values()):
                if number > MAX_ROWS:
                    return _refused(
                        parsed,
                        number,
                        f"the file has more than {MAX_ROWS:,} rows, most of them blank: delete the blank rows",
                    )
                continue
            if len(parsed.records) == MAX_PUPILS:
                return _refused(parsed, number, TOO_MANY_PUPILS)
            parsed.records.append(spreadsheet_row(cells, number))
    except csv.Error as error:
        parsed.problems.append(
            ImportProblem(f"row {number + 1}", f"the CSV could not be read from this row on: {error}")
        )
    except WorkbookUnreadable as error:
        parsed.problems.append(
            ImportProblem(
                f"row {number + 1}",
                f"the workbook's first sheet is damaged from this row on ({error}): save it again from Excel",
            )
        )
    parsed.problems.extend(duplicate_upn_problems(parsed.records, noun="rows"))
    return parsed


def _refused(parsed: ParsedFile, number: int, message: str) -> ParsedFile:
    parsed.problems.append(ImportProblem(f"row {number}", message))
    parsed.records.clear()  # the file is refused: keep no half of it
    return parsed


def spreadsheet_row(cells: dict[str, str], number: int) -> PupilRecord:
    """One data row. A SENProvision gives one undated status entry: the import dates it (register_import.plan)."""
    raw_upn = cells["UPN"]
    upn = normalise_upn(raw_upn) if raw_upn else ""
    record = PupilRecord(position=number, where=f"row {number}", upn=upn, element_kind="column", sources=SHEET_SOURCES)

    def problem(column: str, message: str) -> None:
        record.problem(column, message, kind="column")

    if message := upn_problem(raw_upn):
        problem("UPN", message)
    record.surname = cells["Surname"]
    record.forename = cells["Forename"]
    for column in ("Surname", "Forename"):
        if not cells[column]:
            problem(column, f"{column.lower()} is missing")
    record.date_of_birth, message = parse_date(cells["DOB"])
    if message:
        problem("DOB", f"date of birth: {message}")
    record.sex, message = parse_sex(cells["Sex"])
    if message:
        problem("Sex", message)
    record.year_group, message = parse_year_group(cells["YearGroup"])
    if message:
        problem("YearGroup", message)
    for column, attribute in (
        ("MiddleNames", "middle_names"),
        ("PreferredSurname", "preferred_surname"),
        ("PreferredForename", "preferred_forename"),
    ):
        if column in cells:
            setattr(record, attribute, cells[column])
    if cells.get("ULN"):
        record.uln = cells["ULN"]
        if message := uln_problem(cells["ULN"]):
            problem("ULN", message)

    status = None
    raw_status = cells.get("SENProvision", "")
    if raw_status:
        status, note = codes.normalise_provision_code(raw_status)
        if status is None:
            problem(
                "SENProvision",
                f"SEN provision code {shown(raw_status)} is not a census code: use N, K or E (historic A, P and S are "
                "accepted)",
            )
        else:
            if note:
                record.note("SENProvision", note, kind="column")
            original = raw_status.strip().upper()
            record.sen_history = [SenHistoryEntry(None, status, original if original != status else "")]
    for column, rank in (("PrimaryNeed", 1), ("SecondaryNeed", 2)):
        raw = cells.get(column, "")
        if not raw:
            continue
        code, note = codes.normalise_need_code(raw)
        if code is None:
            problem(column, f"need type {shown(raw)} is not a DfE need type")
            continue
        if note:
            record.note(column, note, kind="column")
        record.needs.append(RankedNeed(code, rank))
    if status is not None:
        for message in census_need_problems(status, record.needs):
            problem("PrimaryNeed", f"{message} (SENProvision {raw_status.strip().upper()})")
    return record
