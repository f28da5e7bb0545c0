#!/usr/bin/env python
"""How long a 2,000-pupil school's progress data takes to import and to check (issue 11: "flags
for a 2,000-pupil school with three years of termly scores in three subjects (about 54,000 scores)
computed in seconds, not minutes, with memory reported; imports of that file timed").

Builds a throwaway SQLite database (or BENCH_DATABASE_URL) with one school of 2,000 pupils in
seven year groups, writes an assessments CSV of 2,000 x 9 terms x 3 subjects = 54,000 rows, then
times, as the school's SENCO: reading the file, the preview, the import, the import again
(changes nothing); then the attendance import (2,000 x 9 terms); then the school's findings
(progress.selectors.school_findings) with the queries counted and the peak memory of the
computation (tracemalloc), and the same for a school half the size (queries must not grow); then
the SENCO's home page and a pupil's page, which show the findings. Figures only, no assertions.

    .venv/bin/python bench/progress_flags.py [--pupils 2000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=2000)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="sensupport-bench-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["SENSUPPORT_INSECURE_DEV_KEY"] = "true"
    os.environ.setdefault("DEBUG", "false")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["STATICFILES_STORAGE"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"  # pages, no collectstatic
    )
    try:
        return run(args.pupils)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(size: int) -> int:
    import datetime as dt
    import random
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sensupport.accounts.models import Role, User
    from sensupport.core.factories import make_upn
    from sensupport.demo.progress import assessment_days, attendance_terms
    from sensupport.interop.progress_import import attendance_parse, scores_parse
    from sensupport.interop.progress_import_services import progress_apply, progress_plan
    from sensupport.organisations.models import LocalAuthority, School
    from sensupport.progress.selectors import school_findings
    from sensupport.pupils.models import Pupil

    call_command("migrate", verbosity=0)
    la = LocalAuthority.objects.create(code="899", name="Benchshire")
    rng = random.Random(11)
    today = dt.date(2026, 12, 3)

    def school_of(n: int, urn: str, estab: str):
        school = School.objects.create(
            name=f"Bench School {urn}",
            urn=urn,
            local_authority=la,
            establishment_number=estab,
            phase=School.Phase.SECONDARY,
            establishment_type=1,
        )
        senco = User.objects.create(
            username=f"senco{urn}@bench.example", email=f"senco{urn}@bench.example", role=Role.SENCO, school=school
        )
        pupils = Pupil.objects.bulk_create(
            [
                Pupil(
                    school=school,
                    upn=make_upn("899", estab, "19", k),
                    surname=f"P{k}",
                    forename="Pupil",
                    date_of_birth=dt.date(2012, 1, 1),
                    sex="F",
                    year_group=str(7 + k % 7),
                )
                for k in range(n)
            ]
        )
        return school, senco, pupils

    def timed(label, action):
        started = time.perf_counter()
        result = action()
        print(f"{label:<58} {time.perf_counter() - started:7.2f} s")
        return result

    school, senco, pupils = school_of(size, "999001", "4001")
    days = assessment_days(today)
    rows = ["UPN,Subject,Date,Score"]
    for pupil in pupils:
        for subject in ("Reading", "Writing", "Maths"):
            level, slope = rng.gauss(100, 12), rng.gauss(0, 0.5)
            rows += [
                f"{pupil.upn},{subject},{d.isoformat()},{level + slope * k + rng.gauss(0, 2):.0f}"
                for k, d in enumerate(days)
            ]
    content = ("\r\n".join(rows) + "\r\n").encode()
    print(f"{size:,} pupils; assessments file: {len(rows) - 1:,} rows, {len(content):,} bytes")

    parsed = timed("read and check the assessments file", lambda: scores_parse(content, "scores.csv", today=today))
    plan = timed("preview (plan)", lambda: progress_plan(parsed=parsed, school=school, actor=senco))
    assert not plan.problems, plan.problems[:3]
    timed(
        f"import ({plan.added:,} scores)",
        lambda: progress_apply(parsed=parsed, school=school, actor=senco, via="command"),
    )
    again = timed(
        "import again (changes nothing)",
        lambda: progress_apply(parsed=scores_parse(content, today=today), school=school, actor=senco, via="command"),
    )
    print(f"second import: {again.plan.added} added, {again.plan.unchanged:,} unchanged")

    att = ["UPN,From,To,PossibleSessions,AttendedSessions"]
    terms = attendance_terms(today)
    for pupil in pupils:
        rate = min(1.0, max(0.3, rng.gauss(0.95, 0.05)))
        att += [f"{pupil.upn},{a.isoformat()},{b.isoformat()},{p},{round(p * rate)}" for a, b, p in terms]
    att_content = ("\r\n".join(att) + "\r\n").encode()
    timed(
        f"attendance import ({len(att) - 1:,} periods)",
        lambda: progress_apply(
            parsed=attendance_parse(att_content, "att.csv", today=today), school=school, actor=senco, via="command"
        ),
    )

    def flags(target):
        tracemalloc.start()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            found = school_findings(target.pk, on=today)
            elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        count = sum(len(v) for v in found.values())
        return elapsed, peak, len(queries), len(found), count

    # tracemalloc slows Python down; time once without it, then measure memory. Each from an empty
    # memory of findings (progress.selectors remembers a school's for the rows they came from).
    from sensupport.progress import selectors

    selectors._REMEMBERED.clear()
    started = time.perf_counter()
    school_findings(school.pk, on=today)
    plain = time.perf_counter() - started
    selectors._REMEMBERED.clear()
    elapsed, peak, queries, pupils_found, count = flags(school)
    print(f"{'flags for the school (no tracing)':<58} {plain:7.2f} s")
    print(
        f"{'flags for the school (tracemalloc on)':<58} {elapsed:7.2f} s   peak {peak / 1e6:.1f} MB, "
        f"{queries} queries, {count:,} findings for {pupils_found:,} pupils"
    )
    half, _, half_pupils = school_of(size // 2, "999002", "4002")
    print(f"{'a school of ' + format(size // 2, ',') + ' pupils, no scores: queries':<58} {flags(half)[2]:7d}")

    # The pages staff open all day, which show the findings: the home page's progress panel (the
    # whole school's findings, for two counts) and a pupil's page (one pupil's, against their year
    # group). Median of 7 after one warm-up.
    from django.urls import reverse
    from harness import Page, client_for, time_page  # the register benchmark's page timer

    client = client_for(senco)
    for label, url in (
        ("home page (SENCO)", reverse("core:home")),
        ("a pupil's page", reverse("pupils:pupil", args=[pupils[0].pk])),
    ):
        t = time_page(client, Page(label, url), 7)
        print(f"{label + ' (HTTP ' + str(t.status) + ')':<58} {t.median_ms:7.1f} ms   SQL {t.sql_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
