"""Real-looking GIAS establishments files for tests: the columns GIAS gives, in its order, with
columns we ignore, encoded Windows-1252 as GIAS downloads them."""

from __future__ import annotations

HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "Postcode",
]


def row(urn, la_code, la_name, number, name, type_code, phase, status="Open", postcode="AB1 2CD") -> list[str]:
    return [urn, la_code, la_name, number, name, type_code, "ignored", "ignored", "1", status, "2", phase, postcode]


SOUTHWARK = [
    row("100800", "210", "Southwark", "2001", "Saint Joseph’s Catholic Primary School", "3", "Primary"),
    row("100801", "210", "Southwark", "2002", "École Élysée Montessori", "11", "Not applicable"),
    row("100802", "210", "Southwark", "7001", "Cherry Garden School", "7", "Not applicable"),
    row("100803", "210", "Southwark", "4001", "Harris Academy Peckham", "34", "Secondary"),
    row("100804", "210", "Southwark", "2003", "Old Kent Road Infants", "1", "Primary", status="Closed"),
    row("100805", "210", "Southwark", "2004", "Borough Junior School", "1", "Primary", status="Closed"),
    row("130400", "210", "Southwark", "8600", "Southwark College", "18", "16 plus"),
]


def csv_bytes(rows, header=None, encoding="cp1252", newline="\r\n") -> bytes:
    """A CSV as GIAS writes it: every field quoted, CRLF line ends, Windows-1252."""
    lines = [",".join(f'"{cell}"' for cell in line) for line in [header or HEADER, *rows]]
    return (newline.join(lines) + newline).encode(encoding)
