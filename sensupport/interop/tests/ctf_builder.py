"""Build Common Transfer Files for tests, from the published shape (no real CTF is public)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field


@dataclass
class CtfPupil:
    upn: str
    surname: str = "Rabbit"
    forename: str = "Peter"
    dob: str = "2016-05-04"
    sex: str = "F"
    sex_tag: str = "Sex"  # "Gender" in older files
    year: str = "4"
    year_in_basic_details: bool = True
    uln: str = ""
    middle_names: str = ""
    preferred_forename: str = ""
    preferred_surname: str = ""
    sen: list[tuple[str, str]] = field(default_factory=list)  # (StartDate, SENprovision)
    needs: list[tuple[str, str]] = field(default_factory=list)  # (SENtypeRank, SENtype)
    needs_inside_sen: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # unknown elements
    # Contacts/Contact, each a dict of element -> text; "Email" may be a list (several Email elements).
    contacts: list[dict] = field(default_factory=list)


def _add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    if text is not None:
        child.text = text
    return child


def ctf_bytes(
    pupils: list[CtfPupil],
    *,
    dest: tuple[str, str] = ("201", "2001"),
    dest_urn: str = "",
    source: tuple[str, str, str] = ("202", "2002", "100002"),
    version: str = "25.0",
    namespace: str = "",
) -> bytes:
    ns = f"{{{namespace}}}" if namespace else ""

    def add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
        return _add(parent, ns + tag, text)

    root = ET.Element(ns + "CTfile")
    header = add(root, "Header")
    add(header, "DocumentName", "Common Transfer File")
    add(header, "CTFversion", version)
    add(header, "DateTime", "2025-07-18T10:00:00")
    add(header, "DocumentQualifier", "partial")
    add(header, "SupplierID", "TestMIS")
    add(header, "UnknownHeaderThing", "ignored")
    src = add(header, "SourceSchool")
    add(src, "LEA", source[0])
    add(src, "Estab", source[1])
    add(src, "URN", source[2])
    add(src, "SchoolName", "Elm Primary")
    add(src, "AcademicYear", "2024/2025")
    dst = add(header, "DestSchool")
    add(dst, "LEA", dest[0])
    add(dst, "Estab", dest[1])
    if dest_urn:
        add(dst, "URN", dest_urn)
    data = add(root, "CTFpupilData")
    for p in pupils:
        pupil = add(data, "Pupil")
        add(pupil, "UPN", p.upn)
        if p.uln:
            add(pupil, "UniqueLearnerNumber", p.uln)
        add(pupil, "Surname", p.surname)
        add(pupil, "Forename", p.forename)
        add(pupil, "DOB", p.dob)
        add(pupil, p.sex_tag, p.sex)
        for tag, text in p.extra.items():
            add(pupil, tag, text)
        basic = add(pupil, "BasicDetails")
        if p.preferred_forename:
            add(basic, "PreferredForename", p.preferred_forename)
        if p.preferred_surname:
            add(basic, "PreferredSurname", p.preferred_surname)
        if p.middle_names:
            add(basic, "MiddleNames", p.middle_names)
        add(basic, "Ethnicity", "WBRI")
        if p.year_in_basic_details:
            add(basic, "NCyearActual", p.year)
        else:
            add(pupil, "NCyearActual", p.year)
        if p.sen or p.needs:
            history = add(pupil, "SENhistory")
            last = None
            for start, provision in p.sen:
                last = add(history, "SEN")
                add(last, "StartDate", start)
                add(last, "SENprovision", provision)
            if p.needs:
                holder = add(last if (p.needs_inside_sen and last is not None) else history, "SENneeds")
                for rank, code in p.needs:
                    need = add(holder, "SENneed")
                    add(need, "SENtypeRank", rank)
                    add(need, "SENtype", code)
        if p.contacts:
            holder = add(pupil, "Contacts")
            for values in p.contacts:
                contact = add(holder, "Contact")
                for tag, text in values.items():
                    for one in text if isinstance(text, list) else [text]:
                        add(contact, tag, one)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
