"""The register as CSV and Excel. Cells that a spreadsheet would run as a formula are defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook

from . import codes
from .models import Pupil

HEADERS = ["UPN", "Surname", "Forename", "Preferred name", "DOB", "Sex", "YearGroup", "SENStatus", "SENProvision", "PrimaryNeed", "SecondaryNeed", "OtherNeeds", "BroadArea", "StatusSince", "Classes"]


def _safe(value) -> str:
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def register_rows(pupils: Iterable[Pupil]) -> list[list[str]]:
    rows = []
    for pupil in pupils:
        needs = getattr(pupil, "current_needs", None)
        if needs is None:
            needs = list(pupil.needs.filter(end_date__isnull=True))
        by_rank = {n.rank: n.need_type for n in needs if n.rank}
        others = sorted(n.need_type for n in needs if not n.rank)
        groups = getattr(pupil, "groups", None) or []
        rows.append([
            pupil.upn,
            pupil.surname,
            pupil.forename,
            pupil.preferred_forename,
            pupil.date_of_birth.isoformat(),
            pupil.sex,
            pupil.year_group,
            codes.STATUS_LABELS[pupil.sen_status],
            codes.census_provision(pupil.sen_status),
            by_rank.get(1, ""),
            by_rank.get(2, ""),
            " ".join(others),
            codes.broad_area_of(by_rank.get(1, "")),
            pupil.sen_status_since.isoformat() if pupil.sen_status_since else "",
            "; ".join(g.name for g in groups),
        ])
    return rows


def register_csv(pupils: Iterable[Pupil]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in register_rows(pupils):
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 names correctly


def register_xlsx(pupils: Iterable[Pupil]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("SEN register")
    sheet.append(HEADERS)
    for row in register_rows(pupils):
        sheet.append([_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
