"""The pure rules: waiting time in plain words, report files checked by their content."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from sensupport.referrals import rules

D = dt.date


def test_waiting_words_say_how_long_so_far():
    assert rules.waiting_words(sent_on=D(2026, 9, 1), today=D(2026, 9, 22), first_seen_on=None) == (
        "Waiting 3 weeks so far"
    )
    assert rules.waiting_words(sent_on=D(2026, 9, 1), today=D(2026, 9, 3), first_seen_on=None) == (
        "Waiting less than a week so far"
    )


def test_waiting_words_for_a_booked_and_a_past_appointment():
    booked = rules.waiting_words(sent_on=D(2026, 9, 1), today=D(2026, 9, 10), first_seen_on=D(2026, 10, 13))
    assert booked == "First appointment booked for 13 October 2026, 6 weeks after the referral"
    seen = rules.waiting_words(sent_on=D(2026, 9, 1), today=D(2026, 11, 1), first_seen_on=D(2026, 9, 8))
    assert seen == "First seen 1 week after the referral"
    assert rules.waiting_words(sent_on=D(2026, 9, 1), today=D(2026, 9, 2), first_seen_on=None, declined=True) == (
        "The service did not take the referral"
    )


@given(st.dates(), st.integers(min_value=0, max_value=3000))
def test_whole_weeks_never_negative_and_never_more_than_the_days(start, days):
    end = start + dt.timedelta(days=days) if start.toordinal() + days <= dt.date.max.toordinal() else start
    weeks = rules.weeks_between(start, end)
    assert 0 <= weeks * 7 <= (end - start).days < (weeks + 1) * 7
    assert rules.weeks_between(end, start) == 0


def _docx(with_document=True):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml" if with_document else "hello.txt", "<w:document/>")
    return out.getvalue()


def test_a_report_is_checked_by_its_content_not_its_name():
    assert rules.report_problem("report.pdf", 10, b"%PDF-1.7 ...") == ""
    assert "not a real PDF" in rules.report_problem("report.pdf", 10, b"<html>hello")
    assert rules.report_problem("report.docx", 10, _docx()) == ""
    assert "not a real DOCX" in rules.report_problem("report.docx", 10, _docx(with_document=False))
    assert "not a real DOCX" in rules.report_problem("report.docx", 10, b"PK\x03\x04broken")
    assert "PDF or a Word" in rules.report_problem("report.exe", 10, b"MZ")
    assert rules.report_problem("report.pdf", 0, b"") == "The file is empty"
    assert "smaller than 10 MB" in rules.report_problem("report.pdf", rules.MAX_REPORT_BYTES + 1, b"%PDF-")


def test_advice_is_credited_to_who_gave_it_and_when():
    assert (
        rules.recommended_by(
            service_kind_label="Educational psychology service",
            professional="Dr Ada Lovelace",
            report_on=D(2026, 10, 1),
        )
        == "recommended by Dr Ada Lovelace (Educational psychology service), report of 1 October 2026"
    )
    assert rules.recommended_by(service_kind_label="Occupational therapy", professional="", report_on=None) == (
        "recommended by occupational therapy"
    )
