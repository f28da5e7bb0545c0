"""Pure rules for the summary a school keeps of a pupil's EHC plan (until the EHC capability gives
EHC plans their own record): when its annual review is due, and which documents may be attached.

Code of Practice 9.166: the local authority reviews an EHC plan at least every 12 months, counted
from the date the plan was issued and then from the previous review.
"""

from __future__ import annotations

import calendar
import datetime as dt

REVIEW_INTERVAL_MONTHS = 12
DUE_SOON_DAYS = 56  # eight weeks: the school must send out the review's invitations two weeks ahead

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Extension -> what the file's first bytes must be (a PDF, a Word 2007+ zip, an older Word file).
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when that month is shorter (29 February
    plus 12 months is 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def annual_review_due(issued_on: dt.date, last_reviewed_on: dt.date | None = None) -> dt.date:
    """12 months after the last annual review or, before the first one, after the plan was issued."""
    return add_months(last_reviewed_on or issued_on, REVIEW_INTERVAL_MONTHS)


def review_state(due: dt.date, *, today: dt.date, soon_days: int = DUE_SOON_DAYS) -> str:
    """ "overdue" once the due date has passed, "due soon" within `soon_days`, else ""."""
    if due < today:
        return "overdue"
    if (due - today).days <= soon_days:
        return "due soon"
    return ""


def document_problem(name: str, size: int, head: bytes) -> str:
    """Why an uploaded EHC plan document is refused ('' when it is fine): PDF or Word only, by its
    name and by its first bytes (a renamed file is not taken at its word), at most 10 MB."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_TYPES:
        return "The EHC plan must be a PDF or a Word document (.pdf, .docx or .doc)"
    if size == 0:
        return "The file is empty"
    if size > MAX_DOCUMENT_BYTES:
        return f"The file must be smaller than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"
    if not head.startswith(DOCUMENT_TYPES[extension]):
        return f"The file is not a real {extension[1:].upper()} document: save it again as PDF or Word and upload that"
    return ""
