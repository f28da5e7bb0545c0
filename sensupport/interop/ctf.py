"""The DfE Common Transfer File (CTF): read any version from 19 to 25, write version 25.

Reading is pure (bytes in, records out) and liberal: unknown elements are ignored, XML namespaces
are stripped, both `Gender` and `Sex` are accepted, and historic codes (A, P, S, BESD) are mapped to
today's with a note. Every XML goes through defusedxml: a DTD, an entity (billion laughs) or an
external reference (XXE) rejects the whole file before anything is read.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import defusedxml
import defusedxml.ElementTree as DefusedET

from sensupport.pupils import census, codes
from sensupport.pupils.census import (
    RankedNeed,
    census_need_problems,
    normalise_upn,
    shown,
    uln_problem,
    upn_problem,
)
from sensupport.pupils.codes import is_ascii_digits

from .records import (
    MAX_PUPILS,
    TOO_MANY_PUPILS,
    ContactRecord,
    ImportProblem,
    ParsedFile,
    PupilRecord,
    SenHistoryEntry,
    duplicate_upn_problems,
    parse_date,
    parse_sex,
    parse_year_group,
)

CTF_VERSION = "25.0"
OLDEST_VERSION, NEWEST_VERSION = 19, 25
VERSION_NUMBER = re.compile(r"([0-9]{1,3})(\.[0-9]{1,4})?")  # 25, 25.0, 19.1: ASCII digits only
FILE = "the file"


@dataclass(frozen=True)
class SchoolRef:
    lea: str = ""
    estab: str = ""
    urn: str = ""
    name: str = ""
    academic_year: str = ""

    def describe(self) -> str:
        parts = [
            f"LEA {self.lea}" if self.lea else "",
            f"Estab {self.estab}" if self.estab else "",
            f"URN {self.urn}" if self.urn else "",
        ]
        return " ".join(p for p in parts if p) or "with no LEA, Estab or URN"


@dataclass(frozen=True)
class CtfHeader:
    document_name: str = ""
    version: str = ""
    date_time: str = ""
    qualifier: str = ""
    supplier_id: str = ""
    source: SchoolRef = field(default_factory=SchoolRef)
    dest: SchoolRef = field(default_factory=SchoolRef)


# Reading


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _strip_namespaces(root: ET.Element) -> None:
    for element in root.iter():
        element.tag = _local(element.tag)


def _text(parent: ET.Element | None, path: str) -> str | None:
    """The stripped text of a child element; None when it is absent."""
    if parent is None:
        return None
    child = parent.find(path)
    if child is None:
        return None
    return (child.text or "").strip()


def _first_text(parent: ET.Element, *paths: str) -> str | None:
    for path in paths:
        value = _text(parent, path)
        if value is not None:
            return value
    return None


def _school_ref(element: ET.Element | None) -> SchoolRef:
    return SchoolRef(
        lea=_text(element, "LEA") or "",
        estab=_text(element, "Estab") or "",
        urn=_text(element, "URN") or "",
        name=_text(element, "SchoolName") or "",
        academic_year=_text(element, "AcademicYear") or "",
    )


def ctf_header(root: ET.Element) -> CtfHeader:
    header = root.find("Header")
    return CtfHeader(
        document_name=_text(header, "DocumentName") or "",
        version=_text(header, "CTFversion") or "",
        date_time=_text(header, "DateTime") or "",
        qualifier=_text(header, "DocumentQualifier") or "",
        supplier_id=_text(header, "SupplierID") or "",
        source=_school_ref(header.find("SourceSchool") if header is not None else None),
        dest=_school_ref(header.find("DestSchool") if header is not None else None),
    )


def _xml_root(content: bytes) -> tuple[ET.Element | None, str | None]:
    """The document's root element, or why the file cannot be read safely."""
    content = content.lstrip(b" \t\r\n")
    try:
        root = DefusedET.fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden:
        return (
            None,
            "the file contains a document type declaration (DTD), which a CTF never needs; it was refused for safety",
        )
    except defusedxml.EntitiesForbidden:
        return None, "the file declares XML entities, which a CTF never needs; it was refused for safety"
    except defusedxml.ExternalReferenceForbidden:
        return None, "the file refers to an external resource, which a CTF never needs; it was refused for safety"
    except defusedxml.DefusedXmlException as error:
        return None, f"the file was refused for safety: {error}"
    except ET.ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        return (
            None,
            f"the file is not well-formed XML (it may be cut short or damaged): {_parse_reason(error)} at line "
            f"{line}, column {column}",
        )
    except LookupError as error:  # an encoding Python does not know: <?xml encoding="x-unknown"?>
        return (
            None,
            f"the file says it is in a character encoding we cannot read ({error}): save it as UTF-8 and try again",
        )
    except (ValueError, UnicodeError) as error:
        return None, f"the file could not be read as XML: {error}"
    return root, None


def _parse_reason(error: ET.ParseError) -> str:
    return str(error).split(":", 1)[0]


def ctf_parse(content: bytes) -> ParsedFile:
    """Read a Common Transfer File. Never raises on bad input: problems say what and where."""
    parsed = ParsedFile(kind="ctf")
    root, reason = _xml_root(content)
    if root is None:
        parsed.problems.append(ImportProblem(FILE, reason or "the file could not be read"))
        return parsed
    _strip_namespaces(root)
    if root.tag != "CTfile":
        parsed.problems.append(
            ImportProblem(FILE, f"this is not a Common Transfer File: its root element is {root.tag}, not CTfile")
        )
        return parsed
    header = ctf_header(root)
    parsed.header = header
    _check_version(header, parsed)
    pupils = root.findall("CTFpupilData/Pupil")
    if len(pupils) > MAX_PUPILS:
        parsed.problems.append(ImportProblem(FILE, TOO_MANY_PUPILS, "CTFpupilData"))
        return parsed
    academic_year = _file_academic_year(header)
    for position, element in enumerate(pupils, start=1):
        parsed.records.append(ctf_pupil(element, position, academic_year=academic_year))
    parsed.problems.extend(duplicate_upn_problems(parsed.records, noun="pupils"))
    if not pupils:
        parsed.notes.append(ImportProblem(FILE, "the file carries no pupils (CTFpupilData/Pupil)"))
    return parsed


def _check_version(header: CtfHeader, parsed: ParsedFile) -> None:
    if header.document_name == "" and header.version == "":
        parsed.problems.append(ImportProblem(FILE, "the file has no CTF Header (DocumentName, CTFversion)", "Header"))
        return
    match = VERSION_NUMBER.fullmatch(header.version)
    if match is None:  # also "inf", "nan", "1e999" and "²⁵", which float() or int() would choke on or accept
        parsed.notes.append(
            ImportProblem(
                FILE,
                f"CTF version {shown(header.version)} is not a version number; read as a version 25 file",
                "CTFversion",
            )
        )
        return
    major = int(match.group(1))
    if not OLDEST_VERSION <= major <= NEWEST_VERSION:
        parsed.notes.append(
            ImportProblem(
                FILE,
                f"CTF version {header.version} is outside the versions we know ({OLDEST_VERSION} to "
                f"{NEWEST_VERSION}); read with the same rules",
                "CTFversion",
            )
        )


def _where(position: int, upn: str) -> str:
    # A UPN too long to be one is quoted (shortened) in its own problem, not in every message.
    return f"pupil {position} (UPN {upn})" if upn and len(upn) <= 13 else f"pupil {position}"


def _file_academic_year(header: CtfHeader) -> int | None:
    """The academic year the file was written in: the source school's AcademicYear ("2026/2027",
    "2026/27" or "2026"), else the year of the header's DateTime; None if neither says."""
    match = re.match(r"\s*([0-9]{4})", header.source.academic_year or "")
    if match:
        return int(match.group(1))
    written, _problem = parse_date((header.date_time or "")[:10])
    return census.academic_year_of(written) if written else None


def ctf_pupil(element: ET.Element, position: int, *, academic_year: int | None = None) -> PupilRecord:
    raw_upn = _text(element, "UPN") or ""
    upn = normalise_upn(raw_upn) if raw_upn else ""
    record = PupilRecord(position=position, where=_where(position, upn), upn=upn)
    problem = upn_problem(raw_upn)
    if problem:
        record.problem("UPN", problem)
    basic = element.find("BasicDetails")

    for tag, attribute in (("Surname", "surname"), ("Forename", "forename")):
        value = _text(element, tag) or ""
        if not value:
            record.problem(tag, f"{tag.lower()} is missing")
        setattr(record, attribute, value)
    record.preferred_surname = _text(basic, "PreferredSurname")
    record.preferred_forename = _text(basic, "PreferredForename")
    record.middle_names = _first_text(element, "BasicDetails/MiddleNames", "MiddleNames")

    record.date_of_birth, problem = parse_date(_text(element, "DOB") or "")
    if problem:
        record.problem("DOB", f"date of birth: {problem}")

    sex_tag = "Sex" if element.find("Sex") is not None else "Gender"
    record.sex, problem = parse_sex(_first_text(element, "Sex", "Gender") or "")
    if problem:
        record.problem(sex_tag, problem)

    year = _first_text(element, "NCyearActual", "BasicDetails/NCyearActual")
    derived = (
        census.year_group_for(record.date_of_birth, academic_year) if (record.date_of_birth and academic_year) else None
    )
    if not (year or "").strip() and derived:
        # Some senders (the DfE's multiplication tables check among them) leave the year out: the
        # year for the pupil's age in the file's academic year, said in the preview.
        record.year_group = derived
        named = (
            f"Year {derived}"
            if derived.isdigit()
            else {"R": "Reception", "N1": "Nursery 1", "N2": "Nursery 2"}[derived]
        )
        record.note(
            "NCyearActual",
            f"no year group in the file: {named}, worked out from the date of birth "
            f"for the academic year {academic_year} to {academic_year + 1}",
        )
    else:
        record.year_group, problem = parse_year_group(year or "")
        if problem:
            record.problem("NCyearActual", problem)

    uln = _first_text(element, "UniqueLearnerNumber", "BasicDetails/UniqueLearnerNumber")
    if uln:
        problem = uln_problem(uln)
        if problem:
            record.problem("UniqueLearnerNumber", problem)
    record.uln = uln or None

    history = element.find("SENhistory")
    if history is not None:
        _read_sen_history(history, record)
    _read_contacts(element.findall("Contacts/Contact"), record)
    return record


# CBDS code set for a contact's relationship to the pupil (CTF Contact/Relationship), in words.
CONTACT_RELATIONSHIPS = {
    "PAR": "Parent",
    "CAR": "Carer",
    "FOS": "Foster carer",
    "STP": "Step-parent",
    "GRP": "Grandparent",
    "FAM": "Other family member",
    "REL": "Other relative",
    "CHM": "Childminder",
    "SWR": "Social worker",
    "DOC": "Doctor",
    "HTR": "Head teacher",
    "OTH": "Other contact",
}
TRUE_WORDS = frozenset({"true", "1", "yes", "y"})


def _contact_email(contact: ET.Element) -> str:
    """The first address among the contact's Email elements (as text, or as EmailAddress inside)."""
    for email in contact.iter("Email"):
        text = (_text(email, "EmailAddress") or email.text or "").strip()
        if "@" in text:
            return text.lower()
    return ""


def _read_contacts(contacts: Sequence[ET.Element], record: PupilRecord) -> None:
    """Contacts with an email address, in the file's order; those without one are counted."""
    for contact in contacts:
        email = _contact_email(contact)
        if not email:
            record.contacts_without_email += 1
            continue
        code = (_text(contact, "Relationship") or "").strip().upper()
        relationship = CONTACT_RELATIONSHIPS.get(code)
        if relationship is None:
            relationship = "Other contact"
            record.note(
                "Contact/Relationship",
                f"relationship code {shown(code) if code else '(none)'} for {email} is not a CTF code: "
                "added as other contact",
            )
        order = (_text(contact, "Order") or "").strip()
        record.contacts.append(
            ContactRecord(
                order=int(order) if is_ascii_digits(order) and len(order) <= 4 else None,
                surname=_text(contact, "Surname") or "",
                forename=_text(contact, "Forename") or "",
                relationship=relationship,
                has_parental_responsibility=(_text(contact, "Responsibility") or "").strip().lower() in TRUE_WORDS,
                email=email,
            )
        )
    record.contacts.sort(key=lambda c: (c.order is None, c.order or 0))


def _read_sen_history(history: ET.Element, record: PupilRecord) -> None:
    entries: list[tuple[SenHistoryEntry, ET.Element]] = []
    for sen in history.findall("SEN"):
        start, problem = parse_date(_text(sen, "StartDate") or "")
        if problem:
            record.problem("SEN/StartDate", f"SEN start date: {problem}")
        raw = _text(sen, "SENprovision") or ""
        status, note = codes.normalise_provision_code(raw)
        if status is None:
            record.problem("SEN/SENprovision", _provision_problem(raw))
            continue
        if note:
            record.note("SEN/SENprovision", note)
        if start is not None:
            original = raw.strip().upper() if raw.strip().upper() != status else ""
            entries.append((SenHistoryEntry(start, status, original), sen))
    entries.sort(key=lambda pair: pair[0].start_date)
    record.sen_history = [entry for entry, _ in entries]

    # Current needs: SENhistory/SENneeds, or else those nested in the latest SEN entry that has any.
    need_elements = history.findall("SENneeds/SENneed") + history.findall("SENneed")
    if not need_elements:
        for _, sen in reversed(entries):
            need_elements = list(sen.iter("SENneed"))
            if need_elements:
                break
    _read_needs(need_elements, record)
    if record.sen_history:
        status = record.sen_history[-1].status
        for message in census_need_problems(status, record.needs):
            record.problem("SENneeds", f"{message} (latest SEN provision: {codes.STATUS_LABELS[status]})")


def _provision_problem(raw: str) -> str:
    if not raw.strip():
        return "SEN provision code is missing"
    return (
        f"SEN provision code {shown(raw.strip())} is not a census code: use N, K or E (historic A, P and S are "
        "accepted)"
    )


def _read_needs(elements: Iterable[ET.Element], record: PupilRecord) -> None:
    today = dt.date.today()
    for need in elements:
        end_text = _text(need, "EndDate")
        if end_text:
            end, problem = parse_date(end_text)
            if problem:
                record.problem("SENneed/EndDate", f"need end date: {problem}")
            elif end <= today:
                continue  # an ended need is history, not a current need
        raw = _text(need, "SENtype") or ""
        code, note = codes.normalise_need_code(raw)
        if code is None:
            record.problem(
                "SENneed/SENtype",
                f"need type {shown(raw)} is not a DfE need type" if raw else "need type (SENtype) is missing",
            )
            continue
        if note:
            record.note("SENneed/SENtype", note)
        rank_text = _text(need, "SENtypeRank") or ""
        rank: int | None = None
        if rank_text:
            if is_ascii_digits(rank_text):
                rank = int(rank_text)
            else:
                record.problem(
                    "SENneed/SENtypeRank",
                    f"need rank {shown(rank_text)} is not a number: use 1 (primary) or 2 (secondary)",
                )
                continue
        record.needs.append(RankedNeed(code, rank))
        start_text = _text(need, "StartDate")
        if start_text:
            start, problem = parse_date(start_text)
            if problem:
                record.problem("SENneed/StartDate", f"need start date: {problem}")
            else:
                record.need_start_dates[code] = start


# Writing


def _academic_year(on: dt.date) -> str:
    first = on.year if on.month >= 9 else on.year - 1
    return f"{first}/{first + 1}"


# Characters XML 1.0 cannot carry at all (a control character in a name would make the whole file
# unreadable to the receiving school): written as U+FFFD instead.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    if text is not None:
        child.text = NOT_IN_XML.sub("\ufffd", text)
    return child


def _add_school(parent: ET.Element, tag: str, school: SchoolRef) -> None:
    element = _add(parent, tag)
    _add(element, "LEA", school.lea)
    _add(element, "Estab", school.estab)
    if school.urn:
        _add(element, "URN", school.urn)
    if school.name:
        _add(element, "SchoolName", school.name)
    if school.academic_year:
        _add(element, "AcademicYear", school.academic_year)


def ctf_write_records(
    *, source: SchoolRef, dest: SchoolRef, records: Sequence[PupilRecord], now: dt.datetime | None = None
) -> bytes:
    """A CTF 25 partial file: identity, SEN history and current ranked needs. Never emits A, P or S."""
    now = now or dt.datetime.now().replace(microsecond=0)
    root = ET.Element("CTfile")
    header = _add(root, "Header")
    _add(header, "DocumentName", "Common Transfer File")
    _add(header, "CTFversion", CTF_VERSION)
    _add(header, "DateTime", now.isoformat(timespec="seconds"))
    _add(header, "DocumentQualifier", "partial")
    _add(header, "SupplierID", "sensupport")
    _add_school(
        header,
        "SourceSchool",
        SchoolRef(
            source.lea, source.estab, source.urn, source.name, source.academic_year or _academic_year(now.date())
        ),
    )
    _add_school(header, "DestSchool", SchoolRef(dest.lea, dest.estab, dest.urn))
    data = _add(root, "CTFpupilData")
    for record in records:
        _write_pupil(data, record)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _write_pupil(data: ET.Element, record: PupilRecord) -> None:
    pupil = _add(data, "Pupil")
    _add(pupil, "UPN", record.upn)
    if record.uln:
        _add(pupil, "UniqueLearnerNumber", record.uln)
    _add(pupil, "Surname", record.surname)
    _add(pupil, "Forename", record.forename)
    _add(pupil, "DOB", record.date_of_birth.isoformat() if record.date_of_birth else "")
    _add(pupil, "Sex", record.sex)
    basic = _add(pupil, "BasicDetails")
    if record.preferred_surname:
        _add(basic, "PreferredSurname", record.preferred_surname)
    if record.preferred_forename:
        _add(basic, "PreferredForename", record.preferred_forename)
    if record.middle_names:
        _add(basic, "MiddleNames", record.middle_names)
    _add(basic, "NCyearActual", record.year_group)
    history = [entry for entry in record.sen_history if entry.start_date is not None]
    ranked = sorted((n for n in record.needs if n.rank in (1, 2)), key=lambda n: n.rank)
    if not history and not ranked:
        return
    sen_history = _add(pupil, "SENhistory")
    for entry in sorted(history, key=lambda e: e.start_date):
        sen = _add(sen_history, "SEN")
        _add(sen, "StartDate", entry.start_date.isoformat())
        _add(sen, "SENprovision", codes.census_provision(entry.status))
    if ranked:
        needs = _add(sen_history, "SENneeds")
        for need in ranked:
            element = _add(needs, "SENneed")
            _add(element, "SENtypeRank", str(need.rank))
            _add(element, "SENtype", need.code)


def pupil_record_from_model(pupil, position: int = 0) -> PupilRecord:
    """A register pupil as a record (for writing a CTF). Uses prefetched history and needs if present."""
    history = [SenHistoryEntry(h.start_date, h.status, h.original_code) for h in pupil.status_history.all()]
    if not history and pupil.sen_status != codes.STATUS_NONE:
        since = pupil.sen_status_since or pupil.created_at.date()
        history = [SenHistoryEntry(since, pupil.sen_status)]
    needs = [RankedNeed(n.need_type, n.rank) for n in pupil.needs.all() if n.end_date is None and n.rank]
    return PupilRecord(
        position=position,
        where=_where(position, pupil.upn),
        upn=pupil.upn,
        surname=pupil.surname,
        forename=pupil.forename,
        date_of_birth=pupil.date_of_birth,
        sex=pupil.sex,
        year_group=pupil.year_group,
        middle_names=pupil.middle_names,
        preferred_surname=pupil.preferred_surname,
        preferred_forename=pupil.preferred_forename,
        uln=pupil.uln,
        sen_history=history,
        needs=needs,
    )


def school_ref(school) -> SchoolRef:
    return SchoolRef(
        lea=school.local_authority.code, estab=school.establishment_number, urn=school.urn, name=school.name
    )


def ctf_write(
    school, pupils: Iterable, dest: tuple[str, str] | None = None, *, now: dt.datetime | None = None
) -> bytes:
    """A CTF 25 partial file from `school` for these register pupils. `dest` is (LA code, Estab);
    by default the file is addressed to the same school (a backup or a move between systems)."""
    source = school_ref(school)
    target = SchoolRef(lea=dest[0], estab=dest[1]) if dest else SchoolRef(source.lea, source.estab, source.urn)
    records = [pupil_record_from_model(pupil, position) for position, pupil in enumerate(pupils, start=1)]
    return ctf_write_records(source=source, dest=target, records=records, now=now)
