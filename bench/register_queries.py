#!/usr/bin/env python
"""How the pages scale with the size of a school: page time against its own SQL time.

Builds a throwaway database (PostgreSQL database `sensupport_bench` when DATABASE_URL is a postgres
URL, created and dropped on that server; otherwise SQLite in a temporary folder), gives one school
per size the demo's SEN mix (sensupport.demo.register.register_fill), signs in as its SENCO and
renders the register, the register filtered to pupils on it, a register search, a pupil's page,
a plan page and the home page; then an LA officer's register over many schools (with
--other-las, in a database that also holds that many more LAs of the same size). Prints the median
page time, the median SQL time (sum of the queries' durations) and the number of queries. Figures
only, no assertions: the query-count guarantees live in the test suite.

    make bench   # or: .venv/bin/python bench/register_queries.py [--sizes 1000,5000,20000] [--repeat 7]
                 #        [--la-schools 200 --la-pupils 60000 --other-las 4] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from harness import build, client_for, setup_django, throwaway_database, time_page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000", help="pupils per school, comma-separated")
    parser.add_argument("--repeat", type=int, default=7, help="renders per page (the median is reported)")
    parser.add_argument("--la-schools", type=int, default=20, help="schools in the LA officer's LA (0: none)")
    parser.add_argument("--la-pupils", type=int, default=4000, help="pupils across those schools")
    parser.add_argument(
        "--other-las",
        type=int,
        default=0,
        help="more LAs of the same size in the database, as in a deployment serving several (0: none)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object a line, for tools")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with throwaway_database() as engine:
        return run(sizes, args, engine)


def run(sizes: list[int], args, engine: str) -> int:
    import django

    started = time.perf_counter()
    setup_django()
    actors = build(sizes, la_schools=args.la_schools, la_pupils=args.la_pupils, other_las=args.other_las)
    if not args.json:
        print(
            f"Generated the data in {time.perf_counter() - started:.1f} s "
            f"({engine}, Django {django.get_version()}, Python {sys.version.split()[0]})\n"
        )
    rows = []
    for actor in actors:
        client = client_for(actor.user)
        for page in actor.pages:
            t = time_page(client, page, args.repeat)
            if args.json:
                record = {
                    "page": page.label,
                    "pupils": actor.pupils,
                    "median_ms": round(t.median_ms, 1),
                    "sql_ms": round(t.sql_ms, 1),
                    "queries": t.queries,
                }
                print(json.dumps(record), flush=True)
            rows.append(
                (
                    f"{actor.pupils:,}",
                    page.label,
                    t.status,
                    f"{t.median_ms:.1f}",
                    f"{t.sql_ms:.1f}",
                    f"{t.median_ms / t.sql_ms:.1f}" if t.sql_ms else "–",
                    t.queries,
                )
            )
    if not args.json:
        header = ("pupils", "page", "HTTP", "median ms", "SQL ms", "page/SQL", "queries")
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for n, row in enumerate([header, *rows]):
            print(
                "  ".join(str(c).ljust(w) if i == 1 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
            )
            if n == 0:
                print("  ".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
