#!/usr/bin/env python
"""How fast the LA's oversight dashboard is (issue 13: "`bench/oversight.py --schools 200 --pupils
60000` (PostgreSQL; about 10,000 pupils with SEN) prints the dashboard's median time and query
count as one line; target under 300 ms with a query count that does not grow with schools or
pupils").

Builds a throwaway database (PostgreSQL when DATABASE_URL points at one: the database
`sensupport_bench_oversight` on that server, created and dropped here; else SQLite in a temporary
folder) with an LA of --schools schools sharing --pupils pupils (the demo's register and SEN mix,
register.register_fill) and plans, reviews, meetings and read receipts as well kept as each school's
practice (demo.oversight.add_practice); and a second LA of 10 schools of 100 pupils, to show the
dashboard's query count does not depend on the LA's size. Then, as each LA's officer: the per-school
summaries recounted (the hourly task, docs/adr/0016), and the dashboard timed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/oversight.py --schools 200 --pupils 60000

Figures only, no assertions.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import harness  # noqa: E402  (bench/harness.py: the throwaway database, the page timer)

harness.BENCH_DATABASE = "sensupport_bench_oversight"  # this benchmark's own database


def build_la(code: str, name: str, schools: int, pupils: int, *, urn_base: int, seed: int):
    import datetime as dt
    import random

    from django.utils import timezone

    from sensupport.accounts.models import Role, User
    from sensupport.demo.oversight import add_practice
    from sensupport.demo.register import register_fill
    from sensupport.organisations.models import LocalAuthority, School

    la = LocalAuthority.objects.create(code=code, name=name)
    rng = random.Random(seed)
    per_school = max(1, pupils // schools)
    phases = [School.Phase.PRIMARY] * 6 + [School.Phase.SECONDARY] * 3 + [School.Phase.SPECIAL]
    types = [1, 2, 3, 5, 28, 34, 35]
    quality = {}
    for k in range(schools):
        school = School.objects.create(
            urn=f"{urn_base + k}",
            name=f"{name} School {k + 1:03d}",
            local_authority=la,
            establishment_number=f"{1000 + 10 * k:04d}",  # feeders take the next 8 numbers
            phase=phases[k % len(phases)],
            establishment_type=types[k % len(types)],
        )
        senco = User.objects.create_user(
            username=f"senco{k}@{code}.bench.sensupport.test", role=Role.SENCO, school=school
        )
        size = max(12, int(per_school * rng.uniform(0.5, 1.5)))
        register_fill(school=school, senco=senco, pupils=size, seed=seed * 1000 + k)
        quality[school.pk] = rng.uniform(0.3, 0.95)
    add_practice(quality=quality, today=timezone.localdate() - dt.timedelta(days=0), rng=rng)
    officer = User.objects.create_user(
        username=f"officer@{code}.bench.sensupport.test", role=Role.LA_OFFICER, local_authority=la
    )
    return la, officer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--pupils", type=int, default=60000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with harness.throwaway_database() as engine:
        harness.setup_django()
        from django.db import connection
        from django.urls import reverse

        from sensupport.oversight.summaries import summaries_refresh
        from sensupport.pupils.models import Pupil

        t0 = time.perf_counter()
        big, big_officer = build_la("898", "Benchford", args.schools, args.pupils, urn_base=970001, seed=1)
        small, small_officer = build_la("897", "Smallby", 10, 1000, urn_base=960001, seed=2)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        built = time.perf_counter() - t0
        pupils = Pupil.objects.filter(school__local_authority=big).count()
        sen = Pupil.objects.filter(school__local_authority=big, sen_status__in=["K", "E"]).count()
        t0 = time.perf_counter()
        summaries_refresh(local_authority_id=big.pk)
        refresh_big = time.perf_counter() - t0
        summaries_refresh(local_authority_id=small.pk)
        page = harness.Page("oversight dashboard", reverse("oversight:dashboard"))
        big_timing = harness.time_page(harness.client_for(big_officer), page, args.repeat)
        small_timing = harness.time_page(harness.client_for(small_officer), page, args.repeat)
        school = big.schools.order_by("pk").first()
        school_page = harness.Page("a school's page", reverse("oversight:school", args=[school.pk]))
        school_timing = harness.time_page(harness.client_for(big_officer), school_page, max(3, args.repeat // 3))
        print(
            f"oversight dashboard ({engine}): {args.schools} schools, {pupils:,} pupils ({sen:,} with SEN): "
            f"median {big_timing.median_ms:.0f} ms (SQL {big_timing.sql_ms:.0f} ms), {big_timing.queries} queries; "
            f"10 schools, 1,000 pupils: median {small_timing.median_ms:.0f} ms, {small_timing.queries} queries; "
            f"summaries recounted in {refresh_big:.1f} s; "
            f"a school's live page median {school_timing.median_ms:.0f} ms, "
            f"{school_timing.queries} queries (data built in {built:.0f} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
