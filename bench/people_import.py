#!/usr/bin/env python
"""How long a 2,000-row groups import takes (issue 8: "import of 2,000 staff-group rows: time").

Builds a throwaway SQLite database with one school, 1,800 pupils and 100 staff, writes a groups
CSV of 2,000 rows (60 classes of 30 pupils, each member of staff in two classes), then times, as
the school's SENCO: reading the file, the preview (plan), the import, and importing it again
(which changes nothing). Figures only, no assertions.

    .venv/bin/python bench/people_import.py
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    workdir = tempfile.mkdtemp(prefix="sensupport-bench-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["SENSUPPORT_INSECURE_DEV_KEY"] = "true"
    os.environ.setdefault("DEBUG", "true")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    try:
        return run()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run() -> int:
    import datetime as dt
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command

    from sensupport.accounts.models import Role, User
    from sensupport.core.factories import make_upn
    from sensupport.interop.people import groups_parse
    from sensupport.interop.people_services import people_apply, people_plan
    from sensupport.organisations.models import LocalAuthority, School
    from sensupport.pupils.models import Pupil

    call_command("migrate", verbosity=0)
    la = LocalAuthority.objects.create(code="899", name="Benchshire")
    school = School.objects.create(
        name="Bench Academy",
        urn="999001",
        local_authority=la,
        establishment_number="4001",
        phase=School.Phase.SECONDARY,
        establishment_type=1,
    )
    senco = User.objects.create(
        username="senco@bench.example", email="senco@bench.example", role=Role.SENCO, school=school
    )
    staff = User.objects.bulk_create(
        [
            User(
                username=f"s{n}@bench.example",
                email=f"s{n}@bench.example",
                first_name="Staff",
                last_name=str(n),
                role=Role.TEACHER,
                school=school,
            )
            for n in range(100)
        ]
    )
    pupils = Pupil.objects.bulk_create(
        [
            Pupil(
                school=school,
                upn=make_upn("899", "4001", "19", n),
                surname=f"P{n}",
                forename="Pupil",
                date_of_birth=dt.date(2012, 1, 1),
                sex="F",
                year_group="7",
            )
            for n in range(1800)
        ]
    )
    rows = ["Group,YearGroup,StaffEmail,UPN"]
    rows += [f"7/{n // 30},7,,{pupil.upn}" for n, pupil in enumerate(pupils)]
    rows += [f"7/{(n * 2 + k) % 60},7,{user.email}," for n, user in enumerate(staff) for k in range(2)]
    content = ("\r\n".join(rows) + "\r\n").encode()
    print(f"groups file: {len(rows) - 1:,} rows, {len(content):,} bytes")

    def timed(label, action):
        started = time.perf_counter()
        result = action()
        print(f"{label:<40} {time.perf_counter() - started:6.2f} s")
        return result

    parsed = timed("read and check the file", lambda: groups_parse(content, "groups.csv"))
    plan = timed("preview (plan)", lambda: people_plan(kind="groups", parsed=parsed, school=school, actor=senco))
    assert not plan.problems, plan.problems[:3]
    timed(
        "import (60 new classes, 2,000 members)",
        lambda: people_apply(kind="groups", parsed=groups_parse(content), school=school, actor=senco, via="command"),
    )
    again = timed(
        "import again (changes nothing)",
        lambda: people_apply(kind="groups", parsed=groups_parse(content), school=school, actor=senco, via="command"),
    )
    print(f"second import: {len(again.plan.changes)} changes, {again.plan.unchanged} groups unchanged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
