"""What the benchmarks share: a throwaway database (SQLite in a temporary folder, or a PostgreSQL
database `sensupport_bench` created and dropped on the server DATABASE_URL points at), the demo's
data at a few school sizes plus one LA's worth of schools, the pages to time, and a timer that
reports a page's own SQL time next to its total time.

Figures only: the guarantees (fixed query counts) live in the test suite.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_DATABASE = "sensupport_bench"


def _is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


@contextlib.contextmanager
def throwaway_database() -> Iterator[str]:
    """Point DATABASE_URL at an empty database for the run and remove it afterwards. On PostgreSQL
    (DATABASE_URL=postgres://…): the database `sensupport_bench` on the same server (dropped first
    if a previous run left it); otherwise a SQLite file in a temporary folder."""
    url = os.environ.get("DATABASE_URL", "")
    _environment()
    if _is_postgres(url):
        import psycopg

        parts = urlsplit(url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))

        def admin_run(sql: str) -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(sql)

        admin_run(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        admin_run(f"CREATE DATABASE {BENCH_DATABASE}")
        os.environ["DATABASE_URL"] = bench_url
        try:
            yield "PostgreSQL"
        finally:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            admin_run(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
    else:
        workdir = tempfile.mkdtemp(prefix="sensupport-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
        try:
            yield "SQLite"
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def _environment() -> None:
    os.environ["SENSUPPORT_INSECURE_DEV_KEY"] = "true"
    os.environ["STATICFILES_STORAGE"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"


def setup_django() -> None:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic here
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@dataclass
class Page:
    label: str
    url: str
    params: dict = field(default_factory=dict)


@dataclass
class Actor:
    """Someone signed in, and the pages timed for them."""

    pupils: int
    user: object
    pages: list[Page]


def build(sizes: list[int], *, la_schools: int = 0, la_pupils: int = 0, other_las: int = 0) -> list[Actor]:
    """One school per size with the demo's SEN mix, signed in as its SENCO (register, register
    filtered, register search, pupil page, plan page, home page); and, when la_schools > 0, an LA
    of that many schools sharing la_pupils pupils, signed in as its SEN officer (the register's
    first and last pages). With other_las, that many more LAs of the same size share the
    database, as in a deployment serving several LAs (copies of the officer's LA: see
    `_other_las`)."""
    from django.db import connection
    from django.urls import reverse

    from sensupport.accounts.models import Role, User
    from sensupport.demo.register import register_fill
    from sensupport.organisations.models import LocalAuthority, School
    from sensupport.plans.services import plan_create_draft
    from sensupport.pupils.models import Pupil

    actors = []
    la = LocalAuthority.objects.create(code="899", name="Benchshire")
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
        pupil = Pupil.objects.filter(school=school, sen_status="K").order_by("pk").first()
        plan = plan_create_draft(pupil=pupil, actor=senco)
        agreed = _agreed_plan(Pupil.objects.filter(school=school, sen_status="K").order_by("pk")[1], senco)
        register = reverse("pupils:register")
        actors.append(
            Actor(
                pupils=size,
                user=senco,
                pages=[
                    Page("register", register),
                    Page("register filtered", register, {"status": "register"}),
                    Page("register search", register, {"q": "smith"}),
                    Page("pupil page", reverse("pupils:pupil", args=[pupil.pk])),
                    Page("plan page", reverse("plans:plan", args=[pupil.pk, plan.pk])),
                    Page("plan page, agreed", reverse("plans:plan", args=[agreed.pupil_id, agreed.pk])),
                    Page("home page", reverse("core:home")),
                    # No pupil data: what any signed-in page costs (middleware, session, menu, base layout).
                    Page("floor: accessibility statement", reverse("core:accessibility")),
                ],
            )
        )
    if la_schools:
        from django.core.paginator import Paginator

        from sensupport.pupils.selectors import RegisterFilters, register_pupils
        from sensupport.pupils.views import PAGE_SIZE

        officers_la = LocalAuthority.objects.create(code="898", name="Benchford")
        per_school = max(1, la_pupils // la_schools)
        for k in range(la_schools):
            school = School.objects.create(
                urn=f"{970001 + k}",
                name=f"Benchford School {k + 1:03d}",
                local_authority=officers_la,
                establishment_number=f"{1000 + 10 * k:04d}",  # feeders take the next 8 numbers
                phase=School.Phase.ALL_THROUGH,
                establishment_type=1,
            )
            senco = User.objects.create_user(
                username=f"senco.la{k}@bench.sensupport.test", role=Role.SENCO, school=school
            )
            register_fill(school=school, senco=senco, pupils=per_school, seed=1000 + k)
        officer = User.objects.create_user(
            username="officer@bench.sensupport.test",
            role=Role.LA_OFFICER,
            local_authority=officers_la,
            first_name="Bench",
            last_name="Officer",
        )
        if other_las:
            _other_las(officers_la, other_las)
        last = Paginator(register_pupils(officer, RegisterFilters()), PAGE_SIZE).num_pages
        shape = f"{la_schools} schools" + (f", {other_las} other LAs in the database" if other_las else "")
        register = reverse("pupils:register")
        actors.append(
            Actor(
                pupils=Pupil.objects.filter(school__local_authority=officers_la).count(),
                user=officer,
                pages=[
                    Page(f"LA register ({shape})", register),
                    Page(f"LA register ({shape}), last page", register, {"page": last}),
                ],
            )
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as after any bulk load
    return actors


def _agreed_plan(pupil, senco):
    """A plan as most plan pages show one: assessed (two barriers), agreed with the parents, read by
    the SENCO, with evidence logged while it runs."""
    import datetime as dt

    from django.utils import timezone

    from sensupport.plans import services as plans
    from sensupport.plans.models import Plan, Provision
    from sensupport.reviews import services as reviews

    today = timezone.localdate()
    assessment = plans.assessment_start(pupil=pupil, actor=senco)
    barriers = [
        plans.barrier_add(assessment=assessment, actor=senco, title=title, broad_area=area)
        for title, area in (
            ("Anxiety at transitions", "Social, emotional and mental health"),
            ("Slow to decode new words", "Cognition and learning"),
        )
    ]
    draft = plans.plan_create_draft(pupil=pupil, actor=senco, assessment=assessment)
    plans.plan_update_draft(
        plan=draft,
        actor=senco,
        expected_edit_version=None,
        review_date=today + dt.timedelta(weeks=10),
        pupil_views="I like knowing what is next",
        parent_views="Mornings are hard",
    )
    plans.outcome_save(
        plan=draft,
        actor=senco,
        expected_edit_version=None,
        description="Arrives calm and stays in class",
        how_we_will_know="Stays in class four afternoons out of five by the review",
        barrier_ids=[barrier.pk for barrier in barriers],
    )
    for barrier, text in zip(
        barriers, ("Warning of changes to the day", "Phonics catch-up three times a week"), strict=True
    ):
        plans.provision_save(
            plan=draft,
            actor=senco,
            expected_edit_version=None,
            barrier_ids=[barrier.pk],
            kind=Provision.Kind.ADJUSTMENT,
            description=text,
            delivered_by="Class teacher",
        )
    agreed = plans.plan_agree(
        plan=Plan.objects.get(pk=draft.pk), actor=senco, agreed_on=today, how=Plan.AgreedHow.MEETING, agreed_with="Mum"
    )
    reviews.plan_mark_read(plan=agreed, user=senco)
    reviews.evidence_add(
        plan=agreed, actor=senco, kind="observation", observed_on=today, text="Calm on arrival all week"
    )
    return agreed


def _other_las(officers_la, count: int) -> None:
    """`count` more LAs, each a copy of `officers_la`'s schools and pupils (the pupils' rows only:
    the officer's register reads the others' rows only if the scope fails to exclude them). 2% of
    each LA's pupils live in the officer's LA and attend school across the border, so the
    officer's register gains those and the "living in the LA" route is exercised."""
    import random

    from sensupport.organisations.models import LocalAuthority, School
    from sensupport.pupils.models import Pupil

    if not 0 < count <= 97 or School.objects.filter(local_authority=officers_la).count() > 999:
        raise ValueError("other LAs: 1 to 97 of them, copying an LA of at most 999 schools (codes, URNs and UPNs)")
    schools = list(School.objects.filter(local_authority=officers_la))
    pupils = list(Pupil.objects.filter(school__local_authority=officers_la).values())
    rng = random.Random(899)
    for n in range(1, count + 1):
        la = LocalAuthority.objects.create(code=f"{700 + n}", name=f"Other LA {n}")
        copy_of = {
            school.pk: School.objects.create(
                urn=f"{700000 + n * 1000 + k}",
                name=f"{school.name} ({la.name})",
                local_authority=la,
                establishment_number=school.establishment_number,
                phase=school.phase,
                establishment_type=school.establishment_type,
            ).pk
            for k, school in enumerate(schools)
        }
        copies = []
        for row in pupils:
            copy = {**row, "upn": f"Z{n:02d}{row['id']:010d}", "school_id": copy_of[row["school_id"]]}
            copy["home_local_authority_id"] = officers_la.pk if rng.random() < 0.02 else la.pk
            del copy["id"]
            copies.append(Pupil(**copy))
        Pupil.objects.bulk_create(copies, batch_size=5000)


class SqlTimer:
    """Sum of the durations of the queries run inside it (a connection execute_wrapper)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - t0
            self.queries += 1


@dataclass
class Timing:
    status: int
    median_ms: float
    best_ms: float
    sql_ms: float
    queries: int


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="sensupport.accounts.backends.PasswordBackend")
    return client


def time_page(client, page: Page, repeat: int) -> Timing:
    """Render `page` once to warm up, then `repeat` times: the median page time and the median
    SQL time of those renders."""
    from django.db import connection

    client.get(page.url, page.params)
    totals, sqls, queries, status = [], [], 0, 0
    for _ in range(repeat):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            t0 = time.perf_counter()
            response = client.get(page.url, page.params)
            totals.append((time.perf_counter() - t0) * 1000)
        sqls.append(timer.seconds * 1000)
        queries, status = timer.queries, response.status_code
    return Timing(
        status=status,
        median_ms=statistics.median(totals),
        best_ms=min(totals),
        sql_ms=statistics.median(sqls),
        queries=queries,
    )
