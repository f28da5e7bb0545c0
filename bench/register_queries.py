#!/usr/bin/env python
"""How the SEN register page scales with the size of a school.

Builds a throwaway SQLite database, gives three schools 10, 1,000 and 5,000 pupils with the demo's
SEN mix (sensupport.demo.register.register_fill), then signs in as each school's SENCO and renders
the register: the default view (first page of everyone), the "on the register" filter, a search,
and one pupil's page. Prints the median render time and the number of queries. Figures only, no
assertions: the query-count guarantees live in the test suite.

    make bench            # or: .venv/bin/python bench/register_queries.py [--sizes 10,1000,5000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,1000,5000", help="pupils per school, comma-separated")
    parser.add_argument("--repeat", type=int, default=7, help="renders per page (the median is reported)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    workdir = tempfile.mkdtemp(prefix="sensupport-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["SENSUPPORT_INSECURE_DEV_KEY"] = "true"
    os.environ["STATICFILES_STORAGE"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    try:
        return run(sizes, args.repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(sizes: list[int], repeat: int) -> int:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic here

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from sensupport.accounts.models import Role, User
    from sensupport.demo.register import register_fill
    from sensupport.organisations.models import LocalAuthority, School
    from sensupport.pupils.models import Pupil

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    la = LocalAuthority.objects.create(code="899", name="Benchshire")
    sencos = {}
    for n, size in enumerate(sizes):
        school = School.objects.create(
            urn=f"{980001 + n}",
            name=f"Bench School {size}",
            local_authority=la,
            establishment_number=f"{4100 + n * 10}",
            phase=School.Phase.ALL_THROUGH,
            establishment_type=1,
        )
        senco = User.objects.create_user(
            username=f"senco{n}@bench.sensupport.test",
            role=Role.SENCO,
            school=school,
            first_name="Bench",
            last_name="Senco",
        )
        register_fill(school=school, senco=senco, pupils=size, seed=n)
        sencos[size] = senco
    print(
        f"Generated {Pupil.objects.count():,} pupils in {time.perf_counter() - started:.1f} s "
        f"(SQLite, Django {django.get_version()}, Python {sys.version.split()[0]})\n"
    )

    rows = []
    for size, senco in sencos.items():
        client = Client()
        client.force_login(senco, backend="django.contrib.auth.backends.ModelBackend")
        pupil = Pupil.objects.filter(school=senco.school, sen_status="K").first()
        pages = [
            ("register", reverse("pupils:register"), {}),
            ("register: on the register", reverse("pupils:register"), {"status": "register"}),
            ("register: search 'smith'", reverse("pupils:register"), {"q": "smith"}),
            ("pupil page", reverse("pupils:pupil", args=[pupil.pk]), {}),
        ]
        for label, url, params in pages:
            times, queries, status = [], 0, 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    t0 = time.perf_counter()
                    response = client.get(url, params)
                    times.append((time.perf_counter() - t0) * 1000)
                queries, status = len(captured), response.status_code
            rows.append((f"{size:,}", label, status, f"{statistics.median(times):.1f}", f"{min(times):.1f}", queries))

    header = ("pupils", "page", "HTTP", "median ms", "best ms", "queries")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for n, row in enumerate([header, *rows]):
        print(
            "  ".join(
                str(c).rjust(w) if i in (0, 2, 3, 4, 5) else str(c).ljust(w)
                for i, (c, w) in enumerate(zip(row, widths))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
