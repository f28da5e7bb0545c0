#!/usr/bin/env python
"""How fast the Local Offer's Open Referral UK `/services` answers for a directory of 5,000 services
(issue 13: under 200 ms a page, with a query count that does not grow with the page or the directory).

Builds one LA's directory in a throwaway database (`bench_localoffer` on the PostgreSQL server
DATABASE_URL points at, else SQLite in a temporary folder): `--services` services from 250
providers, each with two to four of 20 categories and needs, a location in one of 40 areas and one
to five weekly opening times; then, with no one signed in (the API is open), times pages of
`/local-offer/api/services` (first, middle, last, a search, a need, an age range), one full service
and the public search page. Each is requested once to warm up, then `--repeat` times; prints the
median time and the query count, one line each. Figures only.

    .venv/bin/python bench/local_offer.py [--services 5000] [--per-page 50] [--repeat 11] [--json]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/local_offer.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time

import harness
from harness import setup_django, throwaway_database

harness.BENCH_DATABASE = "bench_localoffer"  # our own database: other benchmarks may run at once


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--per-page", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--json", action="store_true", help="one JSON object a line")
    args = parser.parse_args()
    with throwaway_database() as engine:
        setup_django()
        return run(args, engine)


def build(count: int) -> dict:
    from django.db import connection

    from sensupport.local_offer.models import (
        Location,
        OpeningTime,
        Provider,
        Service,
        Taxonomy,
        TaxonomyTerm,
    )
    from sensupport.organisations.models import LocalAuthority

    rng = random.Random(13)
    la = LocalAuthority.objects.create(code="990", name="Benchshire")
    kinds = Taxonomy.objects.create(local_authority=la, name="Kinds", description="Kinds", purpose="category")
    needs = Taxonomy.objects.create(local_authority=la, name="Needs", description="Needs", purpose="need")
    terms = TaxonomyTerm.objects.bulk_create(
        [TaxonomyTerm(taxonomy=kinds, name=f"Kind {i}", description="k") for i in range(10)]
        + [TaxonomyTerm(taxonomy=needs, name=f"Need {i}", code=f"N{i}", description="n") for i in range(10)]
    )
    providers = Provider.objects.bulk_create(
        [Provider(local_authority=la, name=f"Provider {i}", kind="voluntary", description="p") for i in range(250)]
    )
    places = Location.objects.bulk_create(
        [
            Location(
                name=f"Hub {i}", address_1=f"{i} High Street", city="Benchton", area=f"Area {i}", postcode="BT1 1AA"
            )
            for i in range(40)
        ]
    )
    today = dt.date.today()
    services = []
    for i in range(count):
        low = rng.choice([0, 0, 4, 5, 11, 14, 16])
        services.append(
            Service(
                provider=rng.choice(providers),
                name=f"{rng.choice(['Support', 'Club', 'Clinic', 'Group', 'Advice'])} {i:05d}",
                description=f"A service for families, number {i}, with words such as autism and speech.",
                how_to_access="Drop in",
                fees=rng.choice(["", "", "£2 a session"]),
                minimum_age=low,
                maximum_age=min(25, low + rng.choice([5, 7, 11, 25])),
                phone="01632 960000",
                email="hello@example.org",
                location=rng.choice(places),
                last_checked_on=today - dt.timedelta(days=rng.randint(0, 500)),
            )
        )
    Service.objects.bulk_create(services, batch_size=1000)
    Link = Service.terms.through
    Link.objects.bulk_create(
        [Link(service_id=s.pk, taxonomyterm_id=t.pk) for s in services for t in rng.sample(terms, rng.randint(2, 4))],
        batch_size=5000,
    )
    OpeningTime.objects.bulk_create(
        [
            OpeningTime(service=s, weekday=d, opens_at=dt.time(9), closes_at=dt.time(17))
            for s in services
            for d in rng.sample(range(7), rng.randint(1, 5))
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"need": terms[12].pk, "service": services[count // 2].pk}


def run(args, engine: str) -> int:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    started = time.perf_counter()
    made = build(args.services)
    built = time.perf_counter() - started
    per = args.per_page
    last = -(-args.services // per)
    api = reverse("local_offer:api_services")
    pages = [
        ("services, first page", api, {"per_page": per}),
        ("services, middle page", api, {"per_page": per, "page": last // 2}),
        ("services, last page", api, {"per_page": per, "page": last}),
        ("services, search 'club'", api, {"per_page": per, "search": "club"}),
        ("services, one need", api, {"per_page": per, "taxonomy_term_id": str(made["need"])}),
        ("services, ages 5 to 11", api, {"per_page": per, "minimum_age": 5, "maximum_age": 11}),
        ("one full service", reverse("local_offer:api_service", args=[made["service"]]), {}),
        ("public search page", reverse("local_offer:search"), {"q": "club", "page": 3}),
    ]
    client = Client()
    if not args.json:
        print(f"{engine}: {args.services:,} services built in {built:.1f} s; {per} a page; median of {args.repeat}")
    for label, url, params in pages:
        response = client.get(url, params)
        assert response.status_code == 200, (label, response.status_code)
        times = []
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - start) * 1000)
            queries = len(ctx.captured_queries)
        median = statistics.median(times)
        if args.json:
            print(
                json.dumps(
                    {"page": label, "services": args.services, "median_ms": round(median, 1), "queries": queries}
                )
            )
        else:
            print(f"  {label:28} median {median:7.1f} ms  {queries:2d} queries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
