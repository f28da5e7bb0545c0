"""manage.py import_schools FILE [--dry-run]."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from sensupport.audit.models import AuditEvent
from sensupport.organisations.models import School

from .gias_files import SOUTHWARK, csv_bytes, row

pytestmark = pytest.mark.django_db


def _run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_schools", str(path), *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path):
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(csv_bytes(SOUTHWARK))
    output = _run(path, "--dry-run")
    assert "new local authority: 210 Southwark" in output
    assert "new school: URN 100800 Saint Joseph’s Catholic Primary School (210/2001)" in output
    assert "skip: 2 closed establishments" in output
    assert "skip: row 8, URN 130400 Southwark College: Further education: not a school that runs SEN Support" in output
    assert "Dry run: nothing was written." in output
    assert not School.objects.exists()


def test_it_imports_and_audits_as_a_command(tmp_path):
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(csv_bytes(SOUTHWARK))
    output = _run(path)
    assert "Imported: 1 new local authority, 4 new schools, 0 renamed." in output
    assert School.objects.count() == 4
    assert AuditEvent.objects.get(target="schools (GIAS file)").via == "import"
    assert "4 unchanged" in _run(path, "--dry-run")


def test_a_bad_file_prints_each_problem_and_imports_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(SOUTHWARK + [row("1008x0", "210", "Southwark", "2099", "Bad", "1", "Primary")]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_schools", str(path), stdout=out)
    assert "Row 9, column URN: the URN must be digits only" in out.getvalue()
    assert not School.objects.exists()


def test_a_missing_file_is_a_message(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_schools", str(tmp_path / "nope.csv"))
