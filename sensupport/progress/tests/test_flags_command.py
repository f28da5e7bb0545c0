"""manage.py progress_flags: one line per finding, or CSV with UPN, Flag, Subject, Detail."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sensupport.core.factories import PupilFactory
from sensupport.progress import selectors

from .conftest import ON

pytestmark = pytest.mark.django_db


def test_flags_as_csv_name_the_pupil_flag_and_subject(school, pupil, slipping):
    out = io.StringIO()
    call_command("progress_flags", "--school", school.urn, "--on", ON.isoformat(), "--csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and set(rows[0]) == {"UPN", "Flag", "Subject", "Detail"}
    assert {r["UPN"] for r in rows} == {pupil.upn}
    assert {"slower_than_peers", "gap_widening"} <= {r["Flag"] for r in rows}
    assert all(r["Subject"] == "Reading" for r in rows)
    assert any("Peter" in r["Detail"] for r in rows)


def test_flags_in_words_and_a_count(school, pupil, slipping):
    out = io.StringIO()
    call_command("progress_flags", "--school", school.urn, "--on", ON.isoformat(), stdout=out)
    assert f"{pupil.upn}  slower_than_peers (Reading):" in out.getvalue()
    assert "for 1 pupil(s)" in out.getvalue()


def test_nothing_to_flag_a_year_later(school, pupil, slipping):
    out = io.StringIO()
    call_command("progress_flags", "--school", school.urn, "--on", "2027-12-01", "--csv", stdout=out)
    assert out.getvalue().strip() == "UPN,Flag,Subject,Detail"


def test_a_bad_date_or_school_is_refused(school):
    with pytest.raises(CommandError, match="not a date"):
        call_command("progress_flags", "--school", school.urn, "--on", "15/07/2026")
    with pytest.raises(CommandError, match="No school"):
        call_command("progress_flags", "--school", "999999")


def test_queries_do_not_grow_with_the_pupils(school, pupil, slipping, class_group):
    with CaptureQueriesContext(connection) as few:
        selectors.school_findings(school.pk, on=ON)
    for i in range(10):
        PupilFactory(school=school, forename=f"More{i}", year_group="4")
    with CaptureQueriesContext(connection) as more:
        selectors.school_findings(school.pk, on=ON)
    assert len(few) == len(more) == 4
