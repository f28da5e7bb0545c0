"""What an import file says about a pupil, in plain values, and the field rules both readers share.

No database here. A reader (CTF or spreadsheet) turns a file into `PupilRecord`s, each carrying the
problems and mapping notes found in it; the import service compares them with the register.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sensupport.pupils.census import RankedNeed, date_of_birth_problem, shown
from sensupport.pupils.codes import is_ascii_digits

YEAR_GROUPS = ("N1", "N2", "R", *(str(n) for n in range(1, 15)), "X")
SEXES = {"F": "F", "FEMALE": "F", "M": "M", "MALE": "M", "U": "U", "UNKNOWN": "U", "NOT KNOWN": "U"}
# The largest school in England has about 4,000 pupils, but a trust's or an LA's MIS export, or a
# test file, can hold many schools' pupils (issue 14: a 30,000-pupil CTF, 6 MB, imports on the
# web). Under the 10 MB upload limit a CTF holds about 50,000: the bound keeps a hostile file from
# holding more records than the preview and the background import should carry.
MAX_PUPILS = 50_000
MAX_ROWS = 2 * MAX_PUPILS  # rows in a spreadsheet, blank or not
TOO_MANY_PUPILS = (
    f"the file has more than {MAX_PUPILS:,} pupils; an import takes at most {MAX_PUPILS:,}: split the file and import "
    "each part"
)
NAME_FIELDS = (
    ("surname", "surname"),
    ("forename", "forename"),
    ("middle_names", "middle names"),
    ("preferred_surname", "preferred surname"),
    ("preferred_forename", "preferred forename"),
)
# Where a value came from, for messages found after reading: record attribute to element or column.
CTF_SOURCES = {
    "surname": "Surname",
    "forename": "Forename",
    "middle_names": "MiddleNames",
    "preferred_surname": "PreferredSurname",
    "preferred_forename": "PreferredForename",
    "date_of_birth": "DOB",
    "sen_history": "SEN/StartDate",
    "need_start_dates": "SENneed/StartDate",
}
SHEET_SOURCES = {
    "surname": "Surname",
    "forename": "Forename",
    "middle_names": "MiddleNames",
    "preferred_surname": "PreferredSurname",
    "preferred_forename": "PreferredForename",
    "date_of_birth": "DOB",
}


@dataclass(frozen=True)
class ImportProblem:
    """Something wrong in an import file (or, as a note, something we changed on the way in).

    `where` names the pupil or row ("pupil 3 (UPN A801200005001)", "row 7"); `element` the CTF
    element or spreadsheet column; `element_kind` says which of the two it is.
    """

    where: str
    message: str
    element: str = ""
    element_kind: str = "element"

    def __str__(self) -> str:
        place = f"{self.where}, {self.element_kind} {self.element}" if self.element else self.where
        return f"{place}: {self.message}" if place else self.message


class SenHistoryEntry(NamedTuple):
    """One dated SEN provision entry. `start_date` None: a spreadsheet's "as of the import" status."""

    start_date: dt.date | None
    status: str
    original_code: str = ""


@dataclass(frozen=True)
class ContactRecord:
    """A contact of the pupil as a CTF carries it (`Contacts/Contact`), with an email address."""

    order: int | None
    surname: str
    forename: str
    relationship: str  # in words, as the register stores it ("Parent", "Carer", ...)
    has_parental_responsibility: bool
    email: str


@dataclass
class PupilRecord:
    """One pupil as an import file describes them.

    Optional text fields are None when the file does not carry them (the register keeps what it
    has) and "" when the file carries them empty.
    """

    position: int
    where: str
    upn: str
    surname: str = ""
    forename: str = ""
    date_of_birth: dt.date | None = None
    sex: str = ""
    year_group: str = ""
    middle_names: str | None = None
    preferred_surname: str | None = None
    preferred_forename: str | None = None
    uln: str | None = None
    sen_history: list[SenHistoryEntry] = field(default_factory=list)
    needs: list[RankedNeed] = field(default_factory=list)
    need_start_dates: dict[str, dt.date] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[ImportProblem] = field(default_factory=list)
    element_kind: str = "element"  # "column" for a spreadsheet row
    sources: Mapping[str, str] = field(default_factory=lambda: CTF_SOURCES)
    contacts: list[ContactRecord] = field(default_factory=list)  # CTF contacts with an email address
    contacts_without_email: int = 0  # CTF contacts skipped: no address to add them by

    @property
    def has_sen_data(self) -> bool:
        """False when the file says nothing about SEN: the register's status and needs stay as they are."""
        return bool(self.sen_history or self.needs)

    def problem(self, element: str, message: str, *, kind: str = "element") -> None:
        self.problems.append(ImportProblem(self.where, message, element, kind))

    def note(self, element: str, message: str, *, kind: str = "element") -> None:
        self.notes.append(ImportProblem(self.where, message, element, kind))


@dataclass
class ParsedFile:
    """A whole import file: its records, plus problems and notes that belong to no one pupil."""

    kind: str  # "ctf" or "spreadsheet"
    records: list[PupilRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[ImportProblem] = field(default_factory=list)
    header: object | None = None  # ctf.CtfHeader for a CTF

    @property
    def all_problems(self) -> list[ImportProblem]:
        return self.problems + [p for record in self.records for p in record.problems]

    @property
    def all_notes(self) -> list[ImportProblem]:
        return self.notes + [n for record in self.records for n in record.notes]


# Field rules. Each returns (value, problem message or None).


def parse_date(raw: str) -> tuple[dt.date | None, str | None]:
    """yyyy-mm-dd (CTF, ISO) or dd/mm/yyyy (as typed in England), in the digits 0 to 9."""
    text = (raw or "").strip()
    if not text:
        return None, "date is missing"
    if not text.isascii():
        return None, f"{shown(text)} is not a date: write it as yyyy-mm-dd or dd/mm/yyyy with the digits 0 to 9"
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date(), None
        except ValueError:
            continue
    # A CTF DateTime or a spreadsheet cell that kept its time: 2016-05-04T00:00:00.
    if len(text) > 10 and text[10] in "T ":
        try:
            return dt.date.fromisoformat(text[:10]), None
        except ValueError:
            pass
    return None, f"{shown(text)} is not a date: write it as yyyy-mm-dd or dd/mm/yyyy"


def parse_sex(raw: str) -> tuple[str, str | None]:
    text = (raw or "").strip().upper()
    if not text:
        return "", "sex is missing: use F, M or U"
    if text in SEXES:
        return SEXES[text], None
    return "", f"{shown(raw.strip())} is not a sex code: use F, M or U (unknown)"


def parse_year_group(raw: str) -> tuple[str, str | None]:
    """National Curriculum year as our codes: N1, N2, R, 1 to 14, X. Leading zeros are dropped."""
    text = (raw or "").strip().upper()
    if not text:
        return "", "year group is missing"
    if text.startswith("Y") and is_ascii_digits(text[1:]):
        text = text[1:]
    if is_ascii_digits(text):
        text = text.lstrip("0") or "0"
    if text in YEAR_GROUPS:
        return text, None
    return "", f"{shown(raw.strip())} is not a year group: use N1, N2, R, 1 to 14 or X"


def control_character(text: str) -> str | None:
    """The first character in `text` that has no place in a name (a NUL, a line break, a tab or
    another control character, half a surrogate pair), or None."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"):
            return char
    return None


def record_value_problems(record: PupilRecord, *, on: dt.date, max_lengths: Mapping[str, int]) -> list[ImportProblem]:
    """What the register cannot hold, found before anything is written: names longer than its
    fields (`max_lengths`, from the model) or carrying control characters, a date of birth that
    cannot be a pupil's on `on`, SEN dates in the future or before the pupil was born."""
    problems = []

    def problem(attribute: str, message: str) -> None:
        problems.append(
            ImportProblem(record.where, message, record.sources.get(attribute, attribute), record.element_kind)
        )

    for attribute, label in NAME_FIELDS:
        value = getattr(record, attribute)
        if not value:
            continue
        limit = max_lengths[attribute]
        if len(value) > limit:
            problem(
                attribute, f"{label} is {len(value):,} characters long; the register holds at most {limit}: shorten it"
            )
        if (char := control_character(value)) is not None:
            problem(
                attribute, f"{label} contains a control character ({char!r}), such as a line break or NUL: remove it"
            )
    born = record.date_of_birth
    if born is not None and (message := date_of_birth_problem(born, on=on)):
        problem("date_of_birth", message)
    dated = [
        ("sen_history", "SEN start date", entry.start_date)
        for entry in record.sen_history
        if entry.start_date is not None
    ]
    dated += [("need_start_dates", "need start date", start) for start in record.need_start_dates.values()]
    for attribute, label, day in dated:
        if day > on:
            problem(attribute, f"{label} {day:%d/%m/%Y} is in the future: check the year")
        elif born is not None and day < born:
            problem(attribute, f"{label} {day:%d/%m/%Y} is before the pupil's date of birth: check the year")
    return problems


def duplicate_upn_problems(records: Sequence[PupilRecord], *, noun: str = "pupils") -> list[ImportProblem]:
    """A file may describe each pupil once."""
    counts = Counter(r.upn for r in records if r.upn)
    problems = []
    for upn, count in counts.items():
        if count > 1:
            places = ", ".join(str(r.position) for r in records if r.upn == upn)
            problems.append(
                ImportProblem(
                    "", f"UPN {upn} appears {count} times in the file ({noun} {places}): each pupil may appear once"
                )
            )
    return problems
