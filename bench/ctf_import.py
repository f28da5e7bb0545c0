#!/usr/bin/env python
"""How long a 2,000-pupil Common Transfer File takes to import into a fresh school (issue 14).

Builds the CTF with the tests' builder (each pupil with a SEN history of one or two entries and,
when on SEN support or with an EHC plan, ranked needs), then times reading it, the preview (plan)
and the import, as the `import_ctf` command does it, and importing it again (which changes
nothing). SQLite in a throwaway file by default; PostgreSQL when DATABASE_URL (or
BENCH_DATABASE_URL) points at a server: a throwaway database `sensupport_bench` there (bench/harness.py).
Figures only.

    .venv/bin/python bench/ctf_import.py [--pupils 2000]
"""

from __future__ import annotations

import argparse
import os
import time

from harness import setup_django, throwaway_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=2000)
    args = parser.parse_args()
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    with throwaway_database():
        return run(args.pupils)


def run(count: int) -> int:
    setup_django()  # and migrate
    from django.db import connection

    from sensupport.audit.models import AuditEvent
    from sensupport.core.factories import make_upn
    from sensupport.interop.register_import.apply import register_import_apply
    from sensupport.interop.register_import.files import import_prepare
    from sensupport.interop.register_import.plan import register_import_plan
    from sensupport.interop.tests.ctf_builder import CtfPupil, ctf_bytes
    from sensupport.organisations.models import LocalAuthority, School
    from sensupport.pupils.models import Pupil, PupilNeed, SenStatusChange

    la, _ = LocalAuthority.objects.get_or_create(code="898", defaults={"name": "Benchshire"})
    estab = str(4000 + School.objects.filter(local_authority=la).count())  # a fresh school each run
    school = School.objects.create(
        name=f"CTF Bench Academy {estab}",
        urn=f"998{estab[1:]}",
        local_authority=la,
        establishment_number=estab,
        phase=School.Phase.SECONDARY,
        establishment_type=1,
    )
    statuses = [[], [("2021-09-01", "K")], [("2020-09-01", "K"), ("2022-01-10", "E")], [("2019-09-01", "N")]]
    pupils = [
        CtfPupil(
            upn=make_upn("898", estab, "19", n),
            surname=f"Bench{n}",
            forename="Pupil",
            dob="2012-03-04",
            year="7",
            sen=statuses[n % 4],
            needs=[("1", "SLCN"), ("2", "SEMH")] if statuses[n % 4] and statuses[n % 4][-1][1] in "KE" else [],
        )
        for n in range(count)
    ]
    content = ctf_bytes(pupils, dest=("898", estab))
    print(f"{connection.vendor}: CTF of {count:,} pupils, {len(content):,} bytes")

    def timed(label, action):
        started = time.perf_counter()
        result = action()
        print(f"{label:<40} {time.perf_counter() - started:6.2f} s")
        return result

    prepared = timed("read the file", lambda: import_prepare(content, "bench.xml", school=school))
    assert not prepared.problems, prepared.problems[:3]
    records = prepared.parsed.records
    timed("preview (plan)", lambda: register_import_plan(school=school, records=records))

    def apply():
        return register_import_apply(
            school=school, records=records, actor=None, source=prepared.source, via=AuditEvent.Via.IMPORT
        )

    result = timed(f"import ({count:,} new pupils)", apply)
    again = timed("import again (changes nothing)", apply)
    print(
        f"created {result.created}, second import changed {again.created + again.updated}; "
        f"rows: {Pupil.objects.filter(school=school).count()} pupils, "
        f"{SenStatusChange.objects.filter(pupil__school=school).count()} history, "
        f"{PupilNeed.objects.filter(pupil__school=school).count()} needs, "
        f"{AuditEvent.objects.filter(school=school).count()} audit"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
