"""Reading an import file and finding the school it is for."""

from __future__ import annotations

from dataclasses import dataclass

from sensupport.organisations.models import School
from sensupport.pupils.models import SenStatusChange

from ..ctf import CtfHeader, ctf_parse
from ..records import ImportProblem, ParsedFile
from ..spreadsheet import spreadsheet_parse


def import_kind(content: bytes, filename: str = "") -> str:
    """ "ctf" for XML, "spreadsheet" for CSV or .xlsx (by the name's ending, else by the bytes)."""
    name = filename.lower()
    if name.endswith(".xml"):
        return "ctf"
    if name.endswith((".csv", ".xlsx", ".txt")):
        return "spreadsheet"
    return "ctf" if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else "spreadsheet"


def import_file_read(content: bytes, filename: str = "") -> ParsedFile:
    return ctf_parse(content) if import_kind(content, filename) == "ctf" else spreadsheet_parse(content, filename)


def school_for_ctf_header(header: CtfHeader) -> tuple[School | None, ImportProblem | None]:
    """The school a CTF is addressed to: DestSchool LEA + Estab, or its URN."""
    dest = header.dest
    school = None
    if dest.lea and dest.estab:
        school = School.objects.filter(local_authority__code=dest.lea, establishment_number=dest.estab).first()
    if school is None and dest.urn:
        school = School.objects.filter(urn=dest.urn).first()
    if school is None:
        return None, ImportProblem(
            "the file", f"destination school {dest.describe()} is not in sensupport", "DestSchool"
        )
    return school, None


@dataclass
class PreparedImport:
    """A file read and addressed: the school to import into (if known) and file-level problems."""

    parsed: ParsedFile
    school: School | None
    problems: list[ImportProblem]

    @property
    def source(self) -> str:
        return SenStatusChange.Source.CTF if self.parsed.kind == "ctf" else SenStatusChange.Source.SPREADSHEET


def import_prepare(content: bytes, filename: str = "", *, school: School | None = None) -> PreparedImport:
    """Read the file. A CTF must be addressed to `school` when one is given (the signed-in user's),
    else the school is found from its DestSchool. A spreadsheet needs `school`."""
    parsed = import_file_read(content, filename)
    problems = list(parsed.problems)
    target = school
    if parsed.kind == "ctf" and parsed.header is not None:
        dest, problem = school_for_ctf_header(parsed.header)
        if problem:
            problems.append(problem)
        elif school is None:
            target = dest
        elif dest.pk != school.pk:
            problems.append(
                ImportProblem(
                    "the file",
                    f"this file is addressed to {dest.name} ({parsed.header.dest.describe()}), not to {school.name}: "
                    "ask the sending school for a file addressed to your school",
                    "DestSchool",
                )
            )
    return PreparedImport(parsed=parsed, school=target, problems=problems)
