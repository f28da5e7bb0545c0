"""Staff, groups and contacts from what a school's MIS exports (CSV or .xlsx). Pure: bytes in, rows out.

Read as the pupil spreadsheet is (spreadsheet.py): row 1 is the header, matched ignoring case,
spaces, underscores and hyphens; extra columns are ignored; rows are numbered as Excel shows them;
every problem names its row and column. Nothing here touches the database: people_services.py
compares the rows with the school and applies them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sensupport.pupils.census import normalise_upn, shown, upn_problem

from .records import MAX_PUPILS, MAX_ROWS, ImportProblem, parse_year_group
from .spreadsheet import FILE, XLSX_MAGIC, _csv_rows, _key, _xlsx_rows
from .xlsx import WorkbookUnreadable

STAFF, GROUPS, CONTACTS = "staff", "groups", "contacts"
COLUMNS = {
    STAFF: ("Email", "Forename", "Surname", "Role"),
    GROUPS: ("Group", "YearGroup", "StaffEmail", "UPN"),
    CONTACTS: ("UPN", "Email", "Forename", "Surname", "Relationship", "ParentalResponsibility"),
}
ALIASES = {
    "firstname": "Forename",
    "lastname": "Surname",
    "emailaddress": "Email",
    "year": "YearGroup",
    "class": "Group",
    "staff": "StaffEmail",
    "pr": "ParentalResponsibility",
}
# A school's staff and memberships fit well inside this; a larger file is not one school's export.
MAX_ROWS_OF_DATA = 5 * MAX_PUPILS
ROLE_WORDS = {
    "senco": "senco",
    "headteacher": "head",
    "head": "head",
    "headteacher/principal": "head",
    "teacher": "teacher",
    "classteacher": "teacher",
    "teachingassistant": "ta",
    "ta": "ta",
    "schooladministrator": "school_admin",
    "schooladmin": "school_admin",
}
ROLE_HELP = "use SENCO, head teacher, teacher, teaching assistant or school administrator"
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


@dataclass
class Row:
    """One data row: its number as Excel shows it, and its cells by column name (stripped)."""

    number: int
    cells: dict[str, str]

    @property
    def where(self) -> str:
        return f"row {self.number}"


@dataclass
class StaffRow:
    number: int
    email: str
    first_name: str
    last_name: str
    role: str


@dataclass
class GroupRow:
    number: int
    group: str
    year_group: str
    staff_email: str
    upn: str


@dataclass
class ContactRow:
    number: int
    upn: str
    email: str
    first_name: str
    last_name: str
    relationship: str
    has_parental_responsibility: bool


@dataclass
class PeopleFile:
    kind: str
    rows: list = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def problem(row: int | Row, column: str, message: str) -> ImportProblem:
    number = row.number if isinstance(row, Row) else row
    return ImportProblem(f"row {number}", message, column, "column")


def table_read(
    content: bytes,
    filename: str,
    required: Sequence[str],
    *,
    optional: Sequence[str] = (),
    max_rows: int = MAX_ROWS_OF_DATA,
) -> tuple[list[Row], list[ImportProblem]]:
    """The data rows of a CSV or .xlsx with these columns (and the optional ones, "" when absent),
    or the problems that stop it being read."""
    is_xlsx = content.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx")
    rows, reason = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    if rows is None:
        return [], [ImportProblem(FILE, reason or "the file could not be read")]
    known = {_key(name): name for name in (*required, *optional)} | {k: v for k, v in ALIASES.items() if v in required}
    try:
        header = next(rows, None)
    except (csv.Error, WorkbookUnreadable) as error:
        return [], [ImportProblem("row 1", f"the header row could not be read: {error}")]
    if not header or not any(str(cell).strip() for cell in header):
        return [], [
            ImportProblem("row 1", "the file is empty: row 1 must hold the column headers " + ", ".join(required))
        ]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = known.get(_key(cell))
        if name and name not in columns:
            columns[name] = index
    if missing := [name for name in required if name not in columns]:
        return [], [
            ImportProblem(
                "row 1",
                f"the header row has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}; "
                f"the columns needed are {', '.join(required)}",
            )
        ]
    found: list[Row] = []
    number = 1
    try:
        for number, raw in enumerate(rows, start=2):
            cells = {
                name: (str(raw[index]).strip() if index < len(raw) and raw[index] is not None else "")
                for name, index in columns.items()
            }
            if not any(cells.values()):
                if number > MAX_ROWS:
                    return [], [
                        ImportProblem(
                            f"row {number}",
                            f"the file has more than {MAX_ROWS:,} rows, most of them blank: delete the blank rows",
                        )
                    ]
                continue
            if len(found) == max_rows:
                return [], [
                    ImportProblem(
                        f"row {number}",
                        f"the file has more than {max_rows:,} rows: split it and import each part",
                    )
                ]
            found.append(Row(number, cells | {name: "" for name in optional if name not in cells}))
    except (csv.Error, WorkbookUnreadable) as error:
        return [], [ImportProblem(f"row {number + 1}", f"the file could not be read from this row on: {error}")]
    return found, []


def role_parse(raw: str) -> str | None:
    """A role in words ("Head Teacher", "TA", "class  teacher") as our code; None if not a school role."""
    return ROLE_WORDS.get(re.sub(r"[\s_\-.]+", "", (raw or "").lower()))


def yes_no_parse(raw: str) -> bool | None:
    text = (raw or "").strip().lower()
    return True if text in YES else False if text in NO else None


def _email(row: Row, column: str, problems: list[ImportProblem], *, required: bool = True) -> str:
    email = row.cells[column].strip().lower()
    if not email:
        if required:
            problems.append(problem(row, column, "email address is missing"))
        return ""
    if " " in email or email.count("@") != 1 or "." not in email.split("@")[1]:
        problems.append(problem(row, column, f"{shown(row.cells[column])} is not an email address"))
    return email


def _names(row: Row, problems: list[ImportProblem]) -> tuple[str, str]:
    for column in ("Forename", "Surname"):
        if not row.cells[column]:
            problems.append(problem(row, column, f"{column.lower()} is missing"))
        elif len(row.cells[column]) > 150:
            problems.append(problem(row, column, f"{column.lower()} is longer than 150 characters: shorten it"))
    return row.cells["Forename"], row.cells["Surname"]


def _upn(row: Row, problems: list[ImportProblem], *, required: bool = True) -> str:
    raw = row.cells["UPN"]
    if not raw and not required:
        return ""
    if message := upn_problem(raw):
        problems.append(problem(row, "UPN", message))
    return normalise_upn(raw) if raw else ""


def _duplicates(items: Sequence, key: Callable, describe: Callable) -> list[ImportProblem]:
    seen: dict = {}
    problems = []
    for item in items:
        k = key(item)
        if k in seen:
            problems.append(
                problem(item.number, "", f"{describe(item)} is already on row {seen[k]}: each may appear once")
            )
        else:
            seen[k] = item.number
    return problems


def staff_parse(content: bytes, filename: str = "") -> PeopleFile:
    parsed = PeopleFile(STAFF)
    rows, parsed.problems = table_read(content, filename, COLUMNS[STAFF])
    for row in rows:
        email = _email(row, "Email", parsed.problems)
        first, last = _names(row, parsed.problems)
        role = role_parse(row.cells["Role"])
        if role is None:
            said = f"role {shown(row.cells['Role'])} is not one we know" if row.cells["Role"] else "role is missing"
            parsed.problems.append(problem(row, "Role", f"{said}: {ROLE_HELP}"))
        parsed.rows.append(StaffRow(row.number, email, first, last, role or ""))
    parsed.problems += _duplicates(
        [r for r in parsed.rows if r.email], lambda r: r.email, lambda r: f"the email address {r.email}"
    )
    return parsed


def groups_parse(content: bytes, filename: str = "") -> PeopleFile:
    parsed = PeopleFile(GROUPS)
    rows, parsed.problems = table_read(content, filename, COLUMNS[GROUPS])
    years: dict[str, tuple[str, int]] = {}
    for row in rows:
        group = row.cells["Group"]
        if not group:
            parsed.problems.append(problem(row, "Group", "the group's name is missing"))
        elif len(group) > 100:
            parsed.problems.append(problem(row, "Group", "the group's name is longer than 100 characters: shorten it"))
        year = ""
        if row.cells["YearGroup"]:
            year, message = parse_year_group(row.cells["YearGroup"])
            if message:
                parsed.problems.append(problem(row, "YearGroup", message))
            elif group:
                first = years.setdefault(group.lower(), (year, row.number))
                if first[0] != year:
                    parsed.problems.append(
                        problem(
                            row,
                            "YearGroup",
                            f"{group} is year {first[0]} on row {first[1]}: give a group one year group",
                        )
                    )
        email = _email(row, "StaffEmail", parsed.problems, required=False)
        upn = _upn(row, parsed.problems, required=False)
        if not email and not upn:
            parsed.problems.append(
                problem(row, "UPN", "the row has neither a StaffEmail nor a UPN: give one, or delete the row")
            )
        parsed.rows.append(GroupRow(row.number, group, year, email, upn))
    named = [r for r in parsed.rows if r.group]
    parsed.problems += _duplicates(
        [r for r in named if r.staff_email and not r.upn],
        lambda r: (r.group.lower(), r.staff_email),
        lambda r: f"{r.staff_email} in {r.group}",
    )
    parsed.problems += _duplicates(
        [r for r in named if r.upn], lambda r: (r.group.lower(), r.upn), lambda r: f"UPN {r.upn} in {r.group}"
    )
    return parsed


def contacts_parse(content: bytes, filename: str = "") -> PeopleFile:
    parsed = PeopleFile(CONTACTS)
    rows, parsed.problems = table_read(content, filename, COLUMNS[CONTACTS])
    for row in rows:
        upn = _upn(row, parsed.problems)
        email = _email(row, "Email", parsed.problems)
        first, last = _names(row, parsed.problems)
        relationship = row.cells["Relationship"]
        if not relationship:
            parsed.problems.append(
                problem(
                    row,
                    "Relationship",
                    "relationship is missing: say who they are to the pupil, for example mother or carer",
                )
            )
        elif len(relationship) > 50:
            parsed.problems.append(
                problem(row, "Relationship", "relationship is longer than 50 characters: shorten it")
            )
        responsibility = yes_no_parse(row.cells["ParentalResponsibility"])
        if responsibility is None:
            parsed.problems.append(
                problem(row, "ParentalResponsibility", f"{shown(row.cells['ParentalResponsibility'])} is not yes or no")
            )
        parsed.rows.append(ContactRow(row.number, upn, email, first, last, relationship, bool(responsibility)))
    parsed.problems += _duplicates(
        [r for r in parsed.rows if r.upn and r.email],
        lambda r: (r.upn, r.email),
        lambda r: f"{r.email} for UPN {r.upn}",
    )
    return parsed


PARSERS = {STAFF: staff_parse, GROUPS: groups_parse, CONTACTS: contacts_parse}


def people_parse(kind: str, content: bytes, filename: str = "") -> PeopleFile:
    return PARSERS[kind](content, filename)


def relationship_shown(relationship: str) -> str:
    """As the register stores it (pupils.services._relationship): first letter capital."""
    relationship = relationship.strip()
    return relationship[:1].upper() + relationship[1:]
