#!/usr/bin/env python
"""How long the EHC plans pages take for a special school full of EHC pupils (issue 12).

Loads the demo into a throwaway SQLite database (or BENCH_DATABASE_URL), times the demo's EHC plans
part on its own (sensupport/demo/ehc_plans.py: 55 plans issued and reviewed through the services),
then, as Willow Bank's SENCO, the school-wide page `/ehc/plans/` and the home page (queries counted),
and the reminder job over every plan. Figures only, no assertions.

    .venv/bin/python bench/ehc_plans.py
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
    os.environ.setdefault("DEBUG", "false")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["STATICFILES_STORAGE"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    try:
        return run()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run() -> int:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sensupport.accounts.models import User
    from sensupport.demo import builder
    from sensupport.demo import ehc_plans as demo_ehc_plans
    from sensupport.ehc.plan_reminders import reminders_due

    call_command("migrate", verbosity=0)
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
    client = Client()
    client.force_login(senco)
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
