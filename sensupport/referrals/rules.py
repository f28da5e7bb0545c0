"""Pure rules for referrals: how long a child has waited, said in plain words; whether an uploaded
report is a real PDF or Word document; how advice is credited when it reaches the plan."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from sensupport.pupils.ehc import DOCUMENT_TYPES

MAX_REPORT_BYTES = 10 * 1024 * 1024


def weeks_between(start: dt.date, end: dt.date) -> int:
    """Whole weeks from `start` to `end` (0 if `end` is not after `start`)."""
    return max((end - start).days, 0) // 7


def _weeks(n: int) -> str:
    if n == 0:
        return "less than a week"
    return "1 week" if n == 1 else f"{n} weeks"


def waiting_words(
    *, sent_on: dt.date, today: dt.date, first_seen_on: dt.date | None, declined: bool = False, closed: str = ""
) -> str:
    """The waiting time in plain English, the same words for the school and the family:
    "Waiting 3 weeks so far", "First appointment booked for 4 March 2027, 6 weeks after the referral",
    "Seen 5 weeks after the referral"."""
    if declined:
        return "The service did not take the referral"
    if closed:
        return closed
    if first_seen_on is None:
        return f"Waiting {_weeks(weeks_between(sent_on, today))} so far"
    after = _weeks(weeks_between(sent_on, first_seen_on))
    if first_seen_on > today:
        return f"First appointment booked for {first_seen_on.day} {first_seen_on:%B %Y}, {after} after the referral"
    return f"First seen {after} after the referral"


def report_problem(name: str, size: int, content: bytes) -> str:
    """Why an uploaded report is refused ('' when it is fine): a PDF or Word document by its name and
    by its content (a renamed file is not taken at its word; a .docx must hold a Word document, not
    any zip), at most 10 MB, not empty."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_TYPES:
        return "The report must be a PDF or a Word document (.pdf, .docx or .doc)"
    if size == 0:
        return "The file is empty"
    if size > MAX_REPORT_BYTES:
        return f"The report must be smaller than {MAX_REPORT_BYTES // (1024 * 1024)} MB"
    not_real = f"The file is not a real {extension[1:].upper()} document: save it again as PDF or Word and upload that"
    if not content.startswith(DOCUMENT_TYPES[extension]):
        return not_real
    if extension == ".docx":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if "word/document.xml" not in archive.namelist():
                    return not_real
        except zipfile.BadZipFile:
            return not_real
    return ""


def recommended_by(*, service_kind_label: str, professional: str, report_on: dt.date | None) -> str:
    """How support that came from advice is credited in the plan: "recommended by Dr Ada Lovelace
    (Educational psychology service), report of 1 October 2026"."""
    if professional:
        credit = f"recommended by {professional} ({service_kind_label})"
    else:
        label = service_kind_label[0].lower() + service_kind_label[1:]
        credit = f"recommended by {'the ' if label.endswith('service') else ''}{label}"
    return credit + (f", report of {report_on.day} {report_on:%B %Y}" if report_on else "")
