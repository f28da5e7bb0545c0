"""The register as CSV and Excel. Cells that a spreadsheet would run as a formula are defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from . import codes
from .models import Pupil

HEADERS = [
    "UPN",
    "Surname",
    "Forename",
    "Preferred name",
    "DOB",
    "Sex",
    "YearGroup",
    "SENStatus",
    "SENProvision",
    "PrimaryNeed",
    "SecondaryNeed",
    "OtherNeeds",
    "BroadArea",
    "StatusSince",
    "Classes",
    "Plan",
]


# What a spreadsheet may take as the start of a formula or command: OWASP's CSV injection list
# (= + - @ tab CR LF), ASVS 1.2.10's NUL, | and % (which some spreadsheets also read as the start
# of a command), and the full-width forms ＝ ＋ － ＠ ｜ ％, which Excel in East Asian locales
# reads as their ASCII twins.
FORMULA_STARTERS = frozenset("=+-@\t\r\n\0|%\uff1d\uff0b\uff0d\uff20\uff5c\uff05")


def _safe(value) -> str:
    """The cell as text a spreadsheet shows, never runs: a leading apostrophe before anything that
    starts (after any spaces) with a formula character."""
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTERS or text.lstrip(" \u3000")[:1] in FORMULA_STARTERS:
        return "'" + text
    return text


def _xlsx_safe(value) -> str:
    # Control characters cannot be stored in an .xlsx (openpyxl refuses the whole file): show them.
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", _safe(value))


def register_rows(pupils: Iterable[Pupil]) -> list[list[str]]:
    rows = []
    for pupil in pupils:
        needs = getattr(pupil, "current_needs", None)
        if needs is None:
            needs = list(pupil.needs.filter(end_date__isnull=True))
        by_rank = {n.rank: n.need_type for n in needs if n.rank}
        others = sorted(n.need_type for n in needs if not n.rank)
        groups = getattr(pupil, "groups", None) or []
        rows.append(
            [
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
                # The plan's version and status, "EHC plan" or "none": set by the caller from
                # plans.coverage.plan_labels (this app does not read plans itself).
                getattr(pupil, "plan_label", ""),
            ]
        )
    return rows


def register_csv(pupils: Iterable[Pupil]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)  # every cell quoted, as OWASP advises
    writer.writerow(HEADERS)
    for row in register_rows(pupils):
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 names correctly


def register_xlsx(pupils: Iterable[Pupil]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("SEN register")
    sheet.append(HEADERS)
    for row in register_rows(pupils):
        sheet.append([_xlsx_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
