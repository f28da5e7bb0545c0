#!/usr/bin/env python
"""The provision map's cost as the school grows: a school of 500 pupils with 100 in groups, then
2,000 with 400 (issue 10), each with the demo's SEN mix (register_fill), ten catalogue entries,
groups of four with a term of sessions, and every pupil in a group holding an agreed plan with its
costed line plus an adjustment in class. Signed in as the SENCO with Django's test client, it
renders the map page, the CSV export and the home page (its element 2 panel costs every pupil's
support), and computes the map for all the schools at once (the LA's
one pass, `provision.map.provision_map(school_ids=...)`).

Prints, for each: the median time over --repeat runs (after one warm-up) and the number of queries,
which must not grow with the school. Figures only, no assertions. PostgreSQL when DATABASE_URL
points at a server (a throwaway `sensupport_bench` there, bench/harness.py), else SQLite.

    .venv/bin/python bench/provision_map.py [--sizes 500:100,2000:400] [--repeat 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from decimal import Decimal

from harness import setup_django, throwaway_database


def _school(n: int, pupils: int, in_groups: int, la):
    from sensupport.accounts.models import Role, User
    from sensupport.demo.register import register_fill
    from sensupport.organisations.models import School
    from sensupport.plans.models import Plan, Provision
    from sensupport.provision.models import Group, Intervention, PayRate, PayRole, Session, Slot, SupportCosting
    from sensupport.pupils.models import Pupil, TeachingGroup

    school = School.objects.create(
        urn=f"{960001 + n}",
        name=f"Map School {pupils}",
        local_authority=la,
        establishment_number=f"{5100 + n * 10}",
        phase=School.Phase.ALL_THROUGH,
        establishment_type=1,
    )
    senco = User.objects.create_user(
        username=f"senco{n}@map.bench.sensupport.test", role=Role.SENCO, school=school, first_name="Map"
    )
    ta = User.objects.create_user(
        username=f"ta{n}@map.bench.sensupport.test", role=Role.TEACHING_ASSISTANT, school=school
    )
    register_fill(school=school, senco=senco, pupils=pupils, seed=n)
    today = dt.date.today()
    term = today - dt.timedelta(weeks=10)
    role = PayRole.objects.create(school=school, name="Teaching assistant")
    PayRate.objects.create(role=role, hourly_cost=Decimal("17.40"), valid_from=dt.date(today.year - 2, 4, 1))
    PayRate.objects.create(role=role, hourly_cost=Decimal("18.10"), valid_from=term)
    catalogue = [
        Intervention.objects.create(
            school=school,
            name=f"Intervention {k}",
            broad_area="Cognition and learning",
            sessions_per_week=Decimal(2),
            minutes_per_session=20 + k,
            group_size=4,
            pay_role=role,
            resources_cost=Decimal(10 * k),
        )
        for k in range(10)
    ]
    chosen = list(Pupil.objects.filter(school=school).order_by("pk")[:in_groups])
    plans = Plan.objects.bulk_create(
        [Plan(pupil=p, version=1, status=Plan.Status.ACTIVE, review_date=today + dt.timedelta(weeks=6)) for p in chosen]
    )
    groups = []
    for g in range(0, len(chosen), 4):
        tg = TeachingGroup.objects.create(school=school, name=f"Group {g // 4}", kind=TeachingGroup.Kind.INTERVENTION)
        tg.staff.add(ta)
        tg.pupils.add(*chosen[g : g + 4])
        group = Group.objects.create(intervention=catalogue[(g // 4) % 10], teaching_group=tg, starts_on=term)
        Slot.objects.create(group=group, weekday=0, starts_at=dt.time(9, 15))
        Slot.objects.create(group=group, weekday=3, starts_at=dt.time(9, 15))
        groups.append(group)
    lines, adjustments = [], []
    for i, plan in enumerate(plans):
        group = groups[i // 4]
        lines.append(
            Provision(
                plan=plan,
                kind="intervention",
                description=group.intervention.name,
                delivered_by="TA",
                sessions_per_week=Decimal(2),
                minutes_per_session=group.intervention.minutes_per_session,
                group_size=4,
                setting="withdrawn",
                start_date=term,
            )
        )
        adjustments.append(
            Provision(plan=plan, kind="adjustment", description="Seat near the front", delivered_by="Teacher")
        )
    Provision.objects.bulk_create(lines + adjustments)
    SupportCosting.objects.bulk_create(
        [
            SupportCosting(provision=line, intervention=groups[i // 4].intervention, group=groups[i // 4])
            for i, line in enumerate(lines)
        ]
    )
    sessions = Session.objects.bulk_create(
        [
            Session(group=group, date=term + dt.timedelta(weeks=w), starts_at=dt.time(9, 15), status="held")
            for group in groups
            for w in range(10)
        ]
    )
    Through = Session.attended.through
    members = {group.pk: list(group.teaching_group.pupils.values_list("pk", flat=True)) for group in groups}
    Through.objects.bulk_create(
        [Through(session_id=s.pk, pupil_id=p) for s in sessions for p in members[s.group_id]], batch_size=2000
    )
    return school, senco


def _time(fn, repeat: int) -> tuple[float, int]:
    from django.db import connection

    fn()  # warm-up
    times = []
    counted = []

    def count(execute, sql, params, many, context):  # a wrapper, not the query log: a request resets that
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    audit_inserts = sum(1 for sql in counted if sql.startswith('INSERT INTO "audit_auditevent"'))
    return statistics.median(times), len(counted), audit_inserts


def run(sizes: list[tuple[int, int]], repeat: int, database: str) -> None:
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from sensupport.organisations.models import LocalAuthority
    from sensupport.provision.map import provision_map

    la = LocalAuthority.objects.create(code="897", name="Mapshire")
    schools = []
    print(f"provision map benchmark on {database} (median of {repeat}, after one warm-up)")
    print("queries: all of them, then (in brackets) the audit's inserts: one row per pupil shown, which")
    print("SQLite splits into batches of its 999-variable limit (PostgreSQL: one insert)")
    print(f"{'pupils':>7} {'in groups':>9}  {'what':<32} {'ms':>8} {'queries':>8}")
    for n, (pupils, in_groups) in enumerate(sizes):
        school, senco = _school(n, pupils, in_groups, la)
        schools.append(school)
        client = Client()
        client.force_login(senco)

        def page(url, client=client):
            def get():
                response = client.get(url)
                assert response.status_code == 200, response.status_code

            return get

        for what, fn in [
            ("map page", page(reverse("provision:map"))),
            ("CSV export", page(reverse("provision:map_csv"))),
            # Its element 2 panel costs every pupil's support this financial year.
            ("home page", page(reverse("core:home"))),
        ]:
            ms, queries, inserts = _time(fn, repeat)
            print(f"{pupils:>7,} {in_groups:>9,}  {what:<32} {ms:>8.1f} {queries:>8} ({inserts})")
    ids = [s.pk for s in schools]
    ms, queries, _inserts = _time(lambda: provision_map(school_ids=ids), repeat)
    total, grouped = sum(p for p, _ in sizes), sum(g for _, g in sizes)
    what = f"LA one pass ({len(ids)} schools)"
    print(f"{total:>7,} {grouped:>9,}  {what:<32} {ms:>8.1f} {queries:>8}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500:100,2000:400", help="pupils:in-groups per school, comma-separated")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in part.split(":")) for part in args.sizes.split(",")]
    with throwaway_database() as database:
        run(sizes, args.repeat, database)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
