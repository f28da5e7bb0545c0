#!/usr/bin/env python
"""How long the evidence pack of an EHC needs-assessment request takes (issue 12: under 3 s).

Loads the demo into a throwaway database (`load_demo`: Lily's request from Hillcrest, with two
reviewed cycles, the EP's advice, costed support, a withdrawal group, progress, attendance and
behaviour) and a throwaway MEDIA_ROOT, then times, each the median of --repeat runs:

- assembling the pack from the record (`ehc.evidence.evidence_pack`: plain data, a fixed number
  of queries, which it prints);
- rendering it as a tagged PDF and as Word (`documents.ehc_evidence`), the first PDF apart (WeasyPrint
  loads its fonts once per process);
- the whole download as the LA officer (`documents:ehc_evidence`, PDF), through Django's test client.

Figures only, no assertions. PostgreSQL when BENCH_DATABASE_URL points at a server: a throwaway
database there, named by BENCH_DATABASE_NAME (default `sensupport_bench`; bench/harness.py).

    .venv/bin/python bench/evidence_pack.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import tempfile
import time

import harness
from harness import setup_django, throwaway_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure (the median is reported)")
    args = parser.parse_args()
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    harness.BENCH_DATABASE = os.environ.get("BENCH_DATABASE_NAME", harness.BENCH_DATABASE)
    media = tempfile.mkdtemp(prefix="sensupport-bench-media-")
    os.environ["MEDIA_ROOT"] = media
    try:
        with throwaway_database():
            return run(args.repeat)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _median(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run(repeat: int) -> int:
    setup_django()  # and migrate
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from sensupport.accounts.models import Role, User
    from sensupport.documents import render
    from sensupport.documents.ehc_evidence import evidence_document
    from sensupport.ehc.evidence import evidence_pack
    from sensupport.ehc.models import EhcRequest

    call_command("load_demo", stdout=io.StringIO())
    request = EhcRequest.objects.select_related("pupil", "school", "local_authority").get(pupil__forename="Lily")
    connection.queries_log.clear()  # the demo's load filled the log to its limit
    with CaptureQueriesContext(connection) as queries:
        pack = evidence_pack(request)
    query_count = len(queries.captured_queries)
    document = evidence_document(pack)
    t0 = time.perf_counter()
    pdf = render.document_pdf(document)
    first_pdf = time.perf_counter() - t0

    assemble = _median(lambda: evidence_pack(request), repeat)
    pdf_time = _median(lambda: render.document_pdf(evidence_document(evidence_pack(request))), repeat)
    word_time = _median(lambda: render.document_docx(evidence_document(evidence_pack(request))), repeat)
    officer = User.objects.filter(role=Role.LA_OFFICER, local_authority=request.local_authority).first()
    client = Client()
    client.force_login(officer, backend="sensupport.accounts.backends.PasswordBackend")
    url = reverse(
        "documents:ehc_evidence", kwargs={"pupil_id": request.pupil_id, "ehc_request_id": request.pk, "fmt": "pdf"}
    )
    download = _median(lambda: client.get(url), repeat)

    print(f"Evidence pack for {pack.pupil_name} ({connection.vendor}), median of {repeat}:")
    print(f"  assemble from the record   {assemble * 1000:8.1f} ms   ({query_count} queries)")
    print(f"  + PDF (tagged), first      {first_pdf * 1000:8.1f} ms   ({len(pdf):,} bytes; fonts loaded)")
    print(f"  assemble + PDF             {pdf_time * 1000:8.1f} ms")
    print(f"  assemble + Word            {word_time * 1000:8.1f} ms")
    print(f"  PDF download (LA officer)  {download * 1000:8.1f} ms")
    print("  target: the pack under 3 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
