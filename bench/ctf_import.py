#!/usr/bin/env python
"""How long a 2,000-pupil Common Transfer File takes to import into a fresh school (issue 14).

Builds the CTF with the tests' builder (each pupil with a SEN history of one or two entries and,
when on SEN support or with an EHC plan, ranked needs), then times reading it, the preview (plan)
and the import, as the `import_ctf` command does it, and importing it again (which changes
nothing). SQLite in a throwaway file by default; PostgreSQL when DATABASE_URL (or
BENCH_DATABASE_URL) points at a server: a throwaway database `sensupport_bench` there (bench/harness.py).
Figures only.

    .venv/bin/python bench/ctf_import.py [--pupils 2000]
    .venv/bin/python bench/ctf_import.py --pupils 30000 --web   # as a SENCO on the web

With --web the file goes through the web pages a SENCO uses: upload, the preview (parsed once and
stored, listed 200 pupils at a time), confirm. Over IMPORT_BACKGROUND_OVER pupils the confirm
queues the background import; the bench runs tasks in-process (as `make demo` does), so the
confirm's time is the whole import's.
"""

from __future__ import annotations

import argparse
import os
import time

from harness import setup_django, throwaway_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--web", action="store_true", help="upload, preview and confirm as the school's SENCO")
    args = parser.parse_args()
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    with throwaway_database():
        return run(args.pupils, web=args.web)


def run(count: int, *, web: bool = False) -> int:
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
    # Every pupil has a SEN history here; on the web, as in a real school's file, about one in six
    # (so that 30,000 pupils fit under the 10 MB upload limit, as the 6 MB file did).
    history = [statuses[n % 4] if not web or n % 6 == 0 else [] for n in range(count)]
    pupils = [
        CtfPupil(
            upn=make_upn("898", estab, "19", n),
            surname=f"Bench{n}",
            forename="Pupil",
            dob="2012-03-04",
            year="7",
            sen=history[n],
            needs=[("1", "SLCN"), ("2", "SEMH")] if history[n] and history[n][-1][1] in "KE" else [],
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

    if web:
        return run_web(school, content, count, timed)

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


def run_web(school, content: bytes, count: int, timed) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from harness import client_for

    from sensupport.accounts.models import Role, User
    from sensupport.interop.models import ImportBatch
    from sensupport.pupils.models import Pupil

    senco = User.objects.create_user(
        username=f"senco@{school.urn}.bench.test",
        email=f"senco@{school.urn}.bench.test",
        role=Role.SENCO,
        school=school,
    )
    client = client_for(senco)
    upload = timed("upload", lambda: client.post("/import/", {"file": SimpleUploadedFile("bench.xml", content)}))
    if upload.status_code != 302:
        import re

        print("upload refused:", re.findall(r'govuk-error-message">(.*?)</', upload.content.decode(), re.S))
        return 1
    batch = ImportBatch.objects.get(school=school)
    preview_url = reverse("interop:import_preview", args=[batch.pk])
    first = timed("preview, first view (parses, stores)", lambda: client.get(preview_url))
    assert first.status_code == 200 and b"Confirm and import" in first.content, first.content[:2000]
    timed("preview, again (reads what was stored)", lambda: client.get(preview_url))
    timed("preview, last page of new pupils", lambda: client.get(preview_url, {"new": "9999"}))
    confirmed = timed(
        "confirm (the import, tasks in-process)",
        lambda: client.post(reverse("interop:import_confirm", args=[batch.pk])),
    )
    assert confirmed.status_code == 302, confirmed.status_code
    batch.refresh_from_db()
    print(
        f"batch {batch.status}: {batch.done:,} of {batch.total:,} done, {batch.created:,} created; "
        f"{Pupil.objects.filter(school=school).count():,} pupils at the school (expected {count:,})"
    )
    return 0 if batch.status == ImportBatch.Status.APPLIED else 1


if __name__ == "__main__":
    raise SystemExit(main())
