#!/usr/bin/env python
"""How long a plan PDF takes cold (first request: rendered, then stored) and warm (stored: streamed).

Builds a throwaway database with the demo's data (`load_demo`) and a throwaway MEDIA_ROOT, then, as
the school's SENCO with Django's test client, downloads agreed plans' PDFs (ADR 0010):

- first download in this process (WeasyPrint loads its fonts, then renders and stores);
- first download of other plans (renders and stores, the process warm);
- later downloads of the same plans (streamed from storage, no rendering);
- a draft, which renders on every download.

Figures only, no assertions. PostgreSQL when DATABASE_URL (or BENCH_DATABASE_URL) points at a server:
a throwaway database `sensupport_bench` there (bench/harness.py).

    .venv/bin/python bench/documents.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time

from harness import setup_django, throwaway_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="downloads per measure (the median is reported)")
    args = parser.parse_args()
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    media = tempfile.mkdtemp(prefix="sensupport-bench-media-")
    os.environ["MEDIA_ROOT"] = media
    try:
        with throwaway_database():
            return run(args.repeat)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def run(repeat: int) -> int:
    setup_django()  # and migrate
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from sensupport.accounts.models import Role, User
    from sensupport.documents.models import RenderedDocument
    from sensupport.plans.models import Plan

    call_command("load_demo", stdout=io.StringIO())
    agreed = list(Plan.objects.exclude(status=Plan.Status.DRAFT).select_related("pupil").order_by("pk")[: repeat + 1])
    draft = Plan.objects.filter(status=Plan.Status.DRAFT).select_related("pupil").first()
    if len(agreed) < 2:
        print("The demo has fewer than two agreed plans: nothing to measure.")
        return 1

    clients = {}

    def get(plan) -> float:
        school = plan.pupil.school_id
        if school not in clients:
            senco = User.objects.filter(role=Role.SENCO, school_id=school, is_active=True).first()
            clients[school] = Client()
            clients[school].force_login(senco, backend="sensupport.accounts.backends.PasswordBackend")
        path = reverse("documents:plan", kwargs={"pupil_id": plan.pupil_id, "plan_id": plan.pk, "fmt": "pdf"})
        t0 = time.perf_counter()
        response = clients[school].get(path)
        data = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200 and data.startswith(b"%PDF"), response.status_code
        return elapsed

    first = get(agreed[0])
    cold = [get(plan) for plan in agreed[1:]]
    warm = [get(plan) for plan in agreed[1:]]
    drafts = [get(draft) for _ in range(min(repeat, 3))] if draft else []
    stored = RenderedDocument.objects.exclude(file="").count()

    print(f"Plan PDF downloads ({connection.vendor}, Django {django.get_version()}, Python {sys.version.split()[0]})\n")
    print("what                                          n  median ms    best ms")
    print("--------------------------------------------  --  ---------  ---------")
    rows = [
        ("cold: first in this process (render + store)", [first]),
        ("cold: first of a plan (render + store)", cold),
        ("warm: stored copy streamed", warm),
        ("draft: rendered on every download", drafts),
    ]
    for label, times in rows:
        if times:
            print(f"{label:<44}  {len(times):>2}  {statistics.median(times):>9.1f}  {min(times):>9.1f}")
    print(f"\n{stored} documents stored.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
