#!/usr/bin/env python
"""How long the EHC plans pages take for a special school full of EHC pupils (issue 12).

Loads the demo into a throwaway database (SQLite, or on the PostgreSQL server BENCH_DATABASE_URL
names; bench/harness.py), times the demo's EHC plans part on its own (sensupport/demo/ehc_plans.py:
55 plans issued and reviewed through the services), then, as Willow Bank's SENCO, the school-wide
page `/ehc/plans/` and the home page (queries counted), and the reminder job over every plan.
Figures only, no assertions.

    .venv/bin/python bench/ehc_plans.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import harness  # noqa: E402  (bench/harness.py: the throwaway database, Django's set-up, a signed-in client)


def main() -> int:
    if os.environ.get("BENCH_DATABASE_URL"):  # a throwaway database on that server, as the other benches
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    harness.BENCH_DATABASE = "sensupport_bench_ehc_plans"  # this benchmark's own database
    os.environ.setdefault("DEBUG", "false")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    with harness.throwaway_database():
        harness.setup_django()
        return run()


def run() -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sensupport.accounts.models import User
    from sensupport.demo import builder
    from sensupport.demo import ehc_plans as demo_ehc_plans
    from sensupport.ehc.plan_reminders import reminders_due

    took = {}
    original = demo_ehc_plans.load

    def timed(**kwargs):
        start = time.perf_counter()
        result = original(**kwargs)
        took["ehc"] = time.perf_counter() - start
        return result

    builder.demo_ehc_plans.load = timed
    start = time.perf_counter()
    summary = builder.demo_load()
    whole = time.perf_counter() - start
    print(
        f"demo load {whole:.2f} s, of which the EHC plans part {took['ehc']:.2f} s "
        f"({summary.counts['EHC plans']} plans)"
    )

    senco = User.objects.get(username="senco@willow.demo.sensupport.test")
    client = harness.client_for(senco)
    for url in ("/ehc/plans/", "/"):
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            ms = (time.perf_counter() - start) * 1000
        print(f"GET {url:12} as Willow Bank's SENCO: {response.status_code}, {ms:.0f} ms, {len(captured)} queries")
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        due = reminders_due(timezone.localdate())
    ms = (time.perf_counter() - start) * 1000
    print(f"reminders due over every open plan: {len(due)} found in {ms:.0f} ms, {len(captured)} queries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
