"""A read file in a form the database keeps (JSON, no pickles): an upload is parsed once, when it
is first previewed, and every later preview and the confirmation read the stored records
(issue 14). Pure: no database here."""

from __future__ import annotations

import datetime as dt
import json

from sensupport.pupils.census import RankedNeed

from ..records import CTF_SOURCES, SHEET_SOURCES, ContactRecord, ImportProblem, ParsedFile, PupilRecord, SenHistoryEntry

FORMAT = 1  # bumped if the shape below changes: an older stored form is parsed again from the bytes
_SOURCES = {"ctf": CTF_SOURCES, "sheet": SHEET_SOURCES}


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value is not None else None


def _problems(problems) -> list[list[str]]:
    return [[p.where, p.message, p.element, p.element_kind] for p in problems]


def _from_problems(rows) -> list[ImportProblem]:
    return [ImportProblem(*row) for row in rows]


def _sources(sources) -> str | dict:
    return next((name for name, known in _SOURCES.items() if dict(sources) == known), dict(sources))


def _record(record: PupilRecord) -> dict:
    return {
        "position": record.position,
        "where": record.where,
        "upn": record.upn,
        "surname": record.surname,
        "forename": record.forename,
        "date_of_birth": _day(record.date_of_birth),
        "sex": record.sex,
        "year_group": record.year_group,
        "middle_names": record.middle_names,
        "preferred_surname": record.preferred_surname,
        "preferred_forename": record.preferred_forename,
        "uln": record.uln,
        "sen_history": [[_day(e.start_date), e.status, e.original_code] for e in record.sen_history],
        "needs": [[n.code, n.rank] for n in record.needs],
        "need_start_dates": {code: _day(day) for code, day in record.need_start_dates.items()},
        "problems": _problems(record.problems),
        "notes": _problems(record.notes),
        "element_kind": record.element_kind,
        "sources": _sources(record.sources),
        "contacts": [
            [c.order, c.surname, c.forename, c.relationship, c.has_parental_responsibility, c.email]
            for c in record.contacts
        ],
        "contacts_without_email": record.contacts_without_email,
    }


def _from_record(data: dict) -> PupilRecord:
    sources = data["sources"]
    return PupilRecord(
        position=data["position"],
        where=data["where"],
        upn=data["upn"],
        surname=data["surname"],
        forename=data["forename"],
        date_of_birth=_from_day(data["date_of_birth"]),
        sex=data["sex"],
        year_group=data["year_group"],
        middle_names=data["middle_names"],
        preferred_surname=data["preferred_surname"],
        preferred_forename=data["preferred_forename"],
        uln=data["uln"],
        sen_history=[SenHistoryEntry(_from_day(start), status, code) for start, status, code in data["sen_history"]],
        needs=[RankedNeed(code, rank) for code, rank in data["needs"]],
        need_start_dates={code: _from_day(day) for code, day in data["need_start_dates"].items()},
        problems=_from_problems(data["problems"]),
        notes=_from_problems(data["notes"]),
        element_kind=data["element_kind"],
        sources=_SOURCES[sources] if isinstance(sources, str) else sources,
        contacts=[ContactRecord(*row) for row in data["contacts"]],
        contacts_without_email=data["contacts_without_email"],
    )


def parsed_to_text(parsed: ParsedFile, problems, *, sha256: str) -> str:
    """The file as read (its records, notes and the problems found reading and addressing it),
    with the fingerprint of the bytes it was read from, as JSON text. The CTF header is not kept:
    what the import needs of it (the school it is for) is already in the problems. Text, not a
    JSONField: PostgreSQL's jsonb refuses a NUL, which a file may carry (and the plan refuses)."""
    return json.dumps(parsed_to_json(parsed, problems, sha256=sha256), separators=(",", ":"))


def parsed_from_text(text: str, *, sha256: str) -> tuple[ParsedFile, list[ImportProblem]] | None:
    """The file and its problems back from `parsed_to_text`, or None if `text` is not a stored
    form this code reads of the bytes with this sha256 (then the bytes are read again)."""
    try:
        data = json.loads(text) if text else None
    except ValueError:
        return None
    return parsed_from_json(data) if is_current(data, sha256=sha256) else None


def parsed_to_json(parsed: ParsedFile, problems, *, sha256: str) -> dict:
    return {
        "format": FORMAT,
        "sha256": sha256,
        "kind": parsed.kind,
        "problems": _problems(problems),
        "notes": _problems(parsed.notes),
        "records": [_record(r) for r in parsed.records],
    }


def parsed_from_json(data: dict) -> tuple[ParsedFile, list[ImportProblem]]:
    """The file and its problems back from `parsed_to_json`."""
    parsed = ParsedFile(
        kind=data["kind"],
        records=[_from_record(r) for r in data["records"]],
        notes=_from_problems(data["notes"]),
    )
    return parsed, _from_problems(data["problems"])


def is_current(data, *, sha256: str) -> bool:
    """A stored form this code reads, of these bytes."""
    return isinstance(data, dict) and data.get("format") == FORMAT and data.get("sha256") == sha256
