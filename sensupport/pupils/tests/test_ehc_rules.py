"""The pure rules of an EHC plan summary: when the annual review is due, which files may be attached."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.pupils.ehc import annual_review_due, document_problem, review_state


@pytest.mark.parametrize(
    ("issued", "reviewed", "due"),
    [
        (dt.date(2025, 3, 14), None, dt.date(2026, 3, 14)),  # before the first review: from the issue date
        (dt.date(2023, 3, 14), dt.date(2025, 11, 2), dt.date(2026, 11, 2)),  # then from the last review
        (dt.date(2024, 2, 29), None, dt.date(2025, 2, 28)),  # no 29 February next year
        (dt.date(2025, 12, 31), None, dt.date(2026, 12, 31)),
    ],
)
def test_the_annual_review_is_due_12_months_after_the_last_review_or_the_issue(issued, reviewed, due):
    assert annual_review_due(issued, reviewed) == due


@pytest.mark.parametrize(
    ("due", "state"),
    [
        (dt.date(2026, 5, 31), "overdue"),
        (dt.date(2026, 6, 1), "due soon"),  # due today
        (dt.date(2026, 7, 27), "due soon"),  # 56 days ahead
        (dt.date(2026, 7, 28), ""),
    ],
)
def test_review_state_marks_overdue_and_due_within_eight_weeks(due, state):
    assert review_state(due, today=dt.date(2026, 6, 1)) == state


def test_review_state_takes_another_window():
    assert review_state(dt.date(2026, 6, 20), today=dt.date(2026, 6, 1), soon_days=14) == ""


@pytest.mark.parametrize(
    ("name", "size", "head", "problem"),
    [
        ("plan.pdf", 2000, b"%PDF-1.7\n", ""),
        ("Plan.DOCX", 2000, b"PK\x03\x04rest", ""),
        ("plan.doc", 2000, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ""),
        ("plan.exe", 2000, b"MZ", "must be a PDF or a Word document"),
        ("plan", 2000, b"%PDF-", "must be a PDF or a Word document"),
        ("plan.pdf", 0, b"", "empty"),
        ("plan.pdf", 10 * 1024 * 1024 + 1, b"%PDF-", "smaller than 10 MB"),
        ("plan.pdf", 2000, b"<html>", "not a real PDF"),
        ("plan.docx", 2000, b"%PDF-", "not a real DOCX"),
    ],
)
def test_only_real_pdf_and_word_files_up_to_10_mb_are_attached(name, size, head, problem):
    got = document_problem(name, size, head)
    assert (problem in got) if problem else got == ""
    assert bool(got) == bool(problem)
