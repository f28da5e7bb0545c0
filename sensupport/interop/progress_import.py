"""Assessment scores, attendance and behaviour from what a school's MIS exports (CSV or .xlsx).
Pure: bytes in, rows out, every problem naming its row and column (read as the people imports
are: people.table_read). progress_import_services.py matches the rows to the school's pupils and
hands them to sensupport.progress.services.

- assessments: UPN, Subject, Date, Score, and optional Assessment (its name) and Scale
  (standardised, the default; scaled; raw; reading_age_months; steps). One row per score.
- attendance: UPN, From, To, PossibleSessions, AttendedSessions.
- behaviour: UPN, Date, Kind (incident, suspension, exclusion), optional Detail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sensupport.progress.models import BehaviourEvent, Scale
from sensupport.pupils.census import normalise_upn, shown, upn_problem

from .people import Row, _duplicates, problem, table_read
from .records import MAX_PUPILS, ImportProblem, parse_date

ASSESSMENTS, ATTENDANCE, BEHAVIOUR = "assessments", "attendance", "behaviour"
KINDS = (ASSESSMENTS, ATTENDANCE, BEHAVIOUR)
COLUMNS = {
    ASSESSMENTS: ("UPN", "Subject", "Date", "Score"),
    ATTENDANCE: ("UPN", "From", "To", "PossibleSessions", "AttendedSessions"),
    BEHAVIOUR: ("UPN", "Date", "Kind"),
}
OPTIONAL = {ASSESSMENTS: ("Assessment", "Scale"), ATTENDANCE: (), BEHAVIOUR: ("Detail",)}
NOUNS = {ASSESSMENTS: "assessment scores", ATTENDANCE: "attendance", BEHAVIOUR: "behaviour events"}
# Three years of termly scores in a handful of subjects for the largest school.
MAX_ROWS = 30 * MAX_PUPILS
SCALE_WORDS = {s.replace("_", ""): s for s in Scale.values} | {
    "": Scale.STANDARDISED,
    "readingage": "reading_age_months",
}
EARLIEST = dt.date(2000, 1, 1)


@dataclass
class ScoreRow:
    number: int
    upn: str
    subject: str
    taken_on: dt.date | None
    value: Decimal | None
    scale: str
    assessment: str


@dataclass
class AttendanceRow:
    number: int
    upn: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    possible: int | None
    attended: int | None


@dataclass
class BehaviourRow:
    number: int
    upn: str
    occurred_on: dt.date | None
    kind: str
    detail: str


@dataclass
class ProgressFile:
    kind: str
    rows: list = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def _date(row: Row, column: str, problems: list[ImportProblem], *, today: dt.date, seen: dict) -> dt.date | None:
    text = row.cells[column]
    if text not in seen:  # a school's file repeats a handful of dates tens of thousands of times
        seen[text] = parse_date(text)
    day, message = seen[text]
    if message:
        problems.append(problem(row, column, message))
        return None
    if day > today:
        problems.append(problem(row, column, f"{day:%d/%m/%Y} is in the future"))
        return None
    if day < EARLIEST:
        problems.append(problem(row, column, f"{day:%d/%m/%Y} is before {EARLIEST:%Y}: check the date"))
        return None
    return day


def _pupil(row: Row, problems: list[ImportProblem], seen: dict) -> str:
    """The row's UPN checked (once per UPN: each pupil has many rows)."""
    raw = row.cells["UPN"]
    if raw not in seen:
        seen[raw] = (normalise_upn(raw) if raw else "", upn_problem(raw))
    upn, message = seen[raw]
    if message:
        problems.append(problem(row, "UPN", message))
    return upn


def _whole(row: Row, column: str, problems: list[ImportProblem]) -> int | None:
    text = row.cells[column].strip()
    if text.endswith(".0"):  # a spreadsheet's number cell: 140.0
        text = text[:-2]
    if not text.isascii() or not text.isdigit():
        said = f"{shown(row.cells[column])} is not" if row.cells[column] else "it is missing: give"
        problems.append(problem(row, column, f"{said} a whole number of sessions"))
        return None
    return int(text)


def scores_parse(content: bytes, filename: str = "", *, today: dt.date) -> ProgressFile:
    parsed = ProgressFile(ASSESSMENTS)
    rows, parsed.problems = table_read(
        content, filename, COLUMNS[ASSESSMENTS], optional=OPTIONAL[ASSESSMENTS], max_rows=MAX_ROWS
    )
    upns: dict = {}
    dates: dict = {}
    for row in rows:
        upn = _pupil(row, parsed.problems, upns)
        subject = " ".join(row.cells["Subject"].split())
        if not subject:
            parsed.problems.append(problem(row, "Subject", "the subject is missing"))
        elif len(subject) > 50:
            parsed.problems.append(problem(row, "Subject", "the subject is longer than 50 characters: shorten it"))
        subject = subject[:1].upper() + subject[1:]
        taken_on = _date(row, "Date", parsed.problems, today=today, seen=dates)
        value = None
        raw = row.cells["Score"].strip()
        try:
            value = Decimal(raw)
            if not value.is_finite() or abs(value) >= 100_000:
                raise InvalidOperation
            value = value.quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            said = f"{shown(raw)} is not a number" if raw else "the score is missing"
            parsed.problems.append(problem(row, "Score", f"{said}: give the score as a number, for example 104"))
            value = None
        scale = SCALE_WORDS.get(row.cells["Scale"].strip().lower().replace(" ", "").replace("_", "").replace("-", ""))
        if scale is None:
            parsed.problems.append(
                problem(
                    row,
                    "Scale",
                    f"{shown(row.cells['Scale'])} is not a scale we know: use standardised, scaled, raw, "
                    "reading_age_months or steps (empty is standardised)",
                )
            )
        assessment = row.cells["Assessment"][:100]
        parsed.rows.append(ScoreRow(row.number, upn, subject, taken_on, value, scale or "", assessment))
    parsed.problems += _duplicates(
        [r for r in parsed.rows if r.upn and r.taken_on],
        lambda r: (r.upn, r.subject.lower(), r.scale, r.taken_on, r.assessment.lower()),
        lambda r: f"a {r.subject} score for UPN {r.upn} on {r.taken_on:%d/%m/%Y}",
    )
    return parsed


def attendance_parse(content: bytes, filename: str = "", *, today: dt.date) -> ProgressFile:
    parsed = ProgressFile(ATTENDANCE)
    rows, parsed.problems = table_read(content, filename, COLUMNS[ATTENDANCE], max_rows=MAX_ROWS)
    upns: dict = {}
    dates: dict = {}
    for row in rows:
        upn = _pupil(row, parsed.problems, upns)
        starts_on = _date(row, "From", parsed.problems, today=today, seen=dates)
        ends_on = _date(row, "To", parsed.problems, today=today, seen=dates)
        if starts_on and ends_on and ends_on < starts_on:
            parsed.problems.append(
                problem(row, "To", f"{ends_on:%d/%m/%Y} is before the From date {starts_on:%d/%m/%Y}")
            )
        possible = _whole(row, "PossibleSessions", parsed.problems)
        attended = _whole(row, "AttendedSessions", parsed.problems)
        if possible is not None and attended is not None and attended > possible:
            parsed.problems.append(
                problem(
                    row,
                    "AttendedSessions",
                    f"{attended} attended sessions is more than the {possible} possible sessions",
                )
            )
        parsed.rows.append(AttendanceRow(row.number, upn, starts_on, ends_on, possible, attended))
    parsed.problems += _duplicates(
        [r for r in parsed.rows if r.upn and r.starts_on and r.ends_on],
        lambda r: (r.upn, r.starts_on, r.ends_on),
        lambda r: f"attendance for UPN {r.upn} from {r.starts_on:%d/%m/%Y} to {r.ends_on:%d/%m/%Y}",
    )
    return parsed


def behaviour_parse(content: bytes, filename: str = "", *, today: dt.date) -> ProgressFile:
    parsed = ProgressFile(BEHAVIOUR)
    rows, parsed.problems = table_read(
        content, filename, COLUMNS[BEHAVIOUR], optional=OPTIONAL[BEHAVIOUR], max_rows=MAX_ROWS
    )
    upns: dict = {}
    dates: dict = {}
    for row in rows:
        upn = _pupil(row, parsed.problems, upns)
        occurred_on = _date(row, "Date", parsed.problems, today=today, seen=dates)
        kind = row.cells["Kind"].strip().lower()
        if kind not in BehaviourEvent.Kind.values:
            said = f"{shown(row.cells['Kind'])} is not a kind we know" if kind else "the kind is missing"
            parsed.problems.append(problem(row, "Kind", f"{said}: use incident, suspension or exclusion"))
        detail = row.cells["Detail"]
        if len(detail) > 500:
            parsed.problems.append(problem(row, "Detail", "the detail is longer than 500 characters: shorten it"))
        parsed.rows.append(BehaviourRow(row.number, upn, occurred_on, kind, detail))
    return parsed


PARSERS = {ASSESSMENTS: scores_parse, ATTENDANCE: attendance_parse, BEHAVIOUR: behaviour_parse}


def progress_parse(kind: str, content: bytes, filename: str = "", *, today: dt.date) -> ProgressFile:
    return PARSERS[kind](content, filename, today=today)
