"""The establishments CSV that Get Information about Schools (GIAS) gives a school or a local
authority: plain bytes in, establishments and row-and-column problems out. No database here.

- The file is Windows-1252 (GIAS's own encoding); UTF-8, with or without a byte-order mark, is read
  too. Anything else, or a file that is not text, is one clear problem.
- Columns are found by their GIAS header (case and surrounding spaces ignored); others are
  ignored. Missing columns are one problem naming every one of them.
- Closed establishments are skipped and counted. Establishments that do not run SEN Support as a
  school (colleges, universities, Welsh schools, online providers and GIAS's "other types") are
  skipped and listed, so the preview says why each was left out.
- The phase comes from "PhaseOfEducation (name)"; special schools and alternative provision take
  their phase from their type (GIAS gives most of them "Not applicable"); any other "Not
  applicable" is an all-through school (an independent school that states no phase).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .models import School

URN, LA_CODE, LA_NAME = "URN", "LA (code)", "LA (name)"
NUMBER, NAME, TYPE = "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (code)"
PHASE, STATUS = "PhaseOfEducation (name)", "EstablishmentStatus (name)"
COLUMNS = (URN, LA_CODE, LA_NAME, NUMBER, NAME, TYPE, PHASE, STATUS)

# England has about 50,000 establishments, open and closed, in GIAS: a bigger file is not GIAS's.
MAX_ROWS = 80_000
MAX_BYTES = 100 * 1024 * 1024
MAX_FIELD = 100_000  # characters in one cell
NAME_MAX = School._meta.get_field("name").max_length
LA_NAME_MAX = 120

TYPES_FILE = Path(__file__).parent / "data" / "establishment_types.csv"
# GIAS establishment type groups that are schools running SEN Support: independent schools, LA
# maintained schools, special schools, academies, free schools.
SERVED_GROUPS = frozenset({3, 4, 5, 10, 11})
SPECIAL_TYPES = frozenset({7, 8, 10, 12, 33, 36, 44})
ALTERNATIVE_TYPES = frozenset({14, 38, 42, 43})
PHASES = {
    "nursery": School.Phase.NURSERY,
    "primary": School.Phase.PRIMARY,
    "middle deemed primary": School.Phase.PRIMARY,
    "secondary": School.Phase.SECONDARY,
    "middle deemed secondary": School.Phase.SECONDARY,
    "all-through": School.Phase.ALL_THROUGH,
    "all through": School.Phase.ALL_THROUGH,
    "16 plus": School.Phase.SIXTEEN_PLUS,
    "not applicable": None,
    "": None,
}


@cache
def establishment_types() -> dict[int, tuple[str, int]]:
    """GIAS type of establishment code -> (name, type group code)."""
    with TYPES_FILE.open(newline="", encoding="utf-8") as handle:
        return {
            int(row["type-of-establishment-code"]): (
                row["type-of-establishment-name"],
                int(row["establishment-type-group-code"]),
            )
            for row in csv.DictReader(handle)
        }


@dataclass(frozen=True)
class GiasProblem:
    """Something wrong with the file (row None) or with one cell of a row (row as Excel numbers it)."""

    message: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        place = f"Row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{place}: {self.message}"


@dataclass(frozen=True)
class Establishment:
    row: int
    urn: str
    name: str
    la_code: str
    la_name: str
    establishment_number: str
    establishment_type: int
    phase: str

    @property
    def dfe_number(self) -> str:
        return f"{self.la_code}{self.establishment_number}"


@dataclass(frozen=True)
class Skipped:
    row: int
    urn: str
    name: str
    reason: str


@dataclass
class GiasFile:
    establishments: list[Establishment] = field(default_factory=list)
    closed: int = 0
    not_served: list[Skipped] = field(default_factory=list)
    problems: list[GiasProblem] = field(default_factory=list)


def gias_decode(content: bytes) -> str | None:
    """The file's text: UTF-8 (with or without BOM) when it is valid UTF-8, else Windows-1252."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _header_map(header: list[str]) -> dict[str, int]:
    wanted = {column.casefold(): column for column in COLUMNS}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = wanted.get(cell.strip().casefold())
        if column and column not in found:
            found[column] = index
    return found


def gias_parse(content: bytes) -> GiasFile:
    result = GiasFile()
    if len(content) > MAX_BYTES:
        result.problems.append(
            GiasProblem(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: this is not a GIAS establishments file"
            )
        )
        return result
    if b"\x00" in content[:4096] or content.startswith(b"PK\x03\x04"):
        result.problems.append(
            GiasProblem("This is not a CSV file. Download the establishments file from GIAS as CSV and upload that")
        )
        return result
    text = gias_decode(content)
    if text is None:
        result.problems.append(
            GiasProblem(
                "The file cannot be read as text (it is neither Windows-1252 nor UTF-8). Upload the CSV exactly as "
                "GIAS gave it"
            )
        )
        return result
    if not text.strip():
        result.problems.append(GiasProblem("The file is empty"))
        return result
    previous_limit = csv.field_size_limit(MAX_FIELD)
    try:
        _read_rows(text, result)
    finally:
        csv.field_size_limit(previous_limit)
    return result


def _read_rows(text: str, result: GiasFile) -> None:
    reader = csv.reader(io.StringIO(text, newline=""))
    row_number = 1
    try:
        header = next(reader)
        columns = _header_map(header)
        missing = [column for column in COLUMNS if column not in columns]
        if missing:
            result.problems.append(
                GiasProblem(
                    f"The file is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
                    "Download the establishments file from GIAS with these fields"
                )
            )
            return
        seen_urns: dict[str, int] = {}
        seen_numbers: dict[str, int] = {}
        la_names: dict[str, tuple[str, int]] = {}
        for row_number, cells in enumerate(reader, start=2):
            if row_number - 1 > MAX_ROWS:
                result.problems.append(
                    GiasProblem(f"The file has more than {MAX_ROWS:,} rows: this is not a GIAS establishments file")
                )
                return
            if not any(cell.strip() for cell in cells):
                continue
            values = {column: (cells[index].strip() if index < len(cells) else "") for column, index in columns.items()}
            _read_row(row_number, values, result, seen_urns, seen_numbers, la_names)
    except csv.Error as error:
        result.problems.append(GiasProblem(f"the file cannot be read as CSV here ({error})", row=row_number + 1))


def _read_row(row: int, values: dict[str, str], result: GiasFile, seen_urns, seen_numbers, la_names) -> None:
    if values[STATUS].casefold() == "closed":
        result.closed += 1
        return
    problems: list[GiasProblem] = []

    def problem(column: str, message: str) -> None:
        problems.append(GiasProblem(message, row=row, column=column))

    urn = values[URN]
    if not urn:
        problem(URN, "the URN is missing")
    elif not urn.isascii() or not urn.isdigit():
        problem(URN, f"the URN must be digits only, for example 100000, not {urn[:20]!r}")
    elif len(urn) != 6:
        problem(URN, f"a URN is six digits, for example 100000, not {urn}")
    elif urn in seen_urns:
        problem(URN, f"URN {urn} is also on row {seen_urns[urn]}")

    type_text = values[TYPE]
    type_code = None
    if not type_text.isascii() or not type_text.isdigit():
        problem(
            TYPE,
            f"the type of establishment code must be a number, for example 1, not {type_text[:20]!r}"
            if type_text
            else "the type of establishment code is missing",
        )
    elif int(type_text) not in establishment_types():
        problem(TYPE, f"{type_text} is not a GIAS type of establishment code")
    else:
        type_code = int(type_text)
        type_name, group = establishment_types()[type_code]
        if group not in SERVED_GROUPS and not problems:
            result.not_served.append(
                Skipped(row, urn, values[NAME][:NAME_MAX], f"{type_name}: not a school that runs SEN Support")
            )
            return

    la_code, la_name = values[LA_CODE], values[LA_NAME]
    if not la_code:
        problem(LA_CODE, "the local authority code is missing")
    elif not la_code.isascii() or not la_code.isdigit() or len(la_code) != 3:
        problem(LA_CODE, f"the local authority code must be three digits, for example 201, not {la_code[:20]!r}")
    if not la_name:
        problem(LA_NAME, "the local authority name is missing")
    elif len(la_name) > LA_NAME_MAX:
        problem(LA_NAME, f"the local authority name is longer than {LA_NAME_MAX} characters")
    elif la_code in la_names and la_names[la_code][0] != la_name:
        problem(LA_NAME, f"local authority {la_code} is called {la_names[la_code][0]!r} on row {la_names[la_code][1]}")

    number = values[NUMBER]
    if not number:
        problem(NUMBER, "the establishment number is missing")
    elif not number.isascii() or not number.isdigit() or len(number) != 4:
        problem(NUMBER, f"the establishment number must be four digits, for example 3614, not {number[:20]!r}")
    elif f"{la_code}{number}" in seen_numbers:
        problem(NUMBER, f"establishment {la_code}/{number} is also on row {seen_numbers[la_code + number]}")

    name = values[NAME]
    if not name:
        problem(NAME, "the establishment name is missing")
    elif len(name) > NAME_MAX:
        problem(NAME, f"the establishment name is longer than {NAME_MAX} characters")

    phase_text = values[PHASE]
    if phase_text.casefold() not in PHASES:
        problem(PHASE, f"{phase_text[:40]!r} is not a GIAS phase of education")

    if problems:
        result.problems.extend(problems)
        return
    seen_urns[urn] = row
    seen_numbers[la_code + number] = row
    la_names.setdefault(la_code, (la_name, row))
    result.establishments.append(
        Establishment(
            row=row,
            urn=urn,
            name=name,
            la_code=la_code,
            la_name=la_name,
            establishment_number=number,
            establishment_type=type_code,
            phase=school_phase(type_code, phase_text),
        )
    )


def school_phase(type_code: int, phase_name: str) -> str:
    if type_code in SPECIAL_TYPES:
        return School.Phase.SPECIAL
    if type_code in ALTERNATIVE_TYPES:
        return School.Phase.ALTERNATIVE
    phase = PHASES.get(phase_name.strip().casefold())
    if phase is not None:
        return phase
    if type_code == 15:
        return School.Phase.NURSERY
    return School.Phase.ALL_THROUGH
