#!/usr/bin/env python
"""Where a page's time goes: profiles repeated renders of one page and prints the top costs.

Builds the same throwaway database as register_queries.py (PostgreSQL when DATABASE_URL is a
postgres URL, else SQLite) with one school of --pupils pupils, signs in as its SENCO and renders
the page --repeat times under pyinstrument (installed with the test extras), or cProfile when
pyinstrument is missing.

    .venv/bin/python bench/profile_pages.py register            # the default view
    .venv/bin/python bench/profile_pages.py "pupil page" --pupils 5000 --repeat 30
    .venv/bin/python bench/profile_pages.py all --cprofile      # every page, cProfile's top 25

Pages: register, "register filtered", "register search", "pupil page", "plan page", "home page",
"LA register" (an officer over --la-schools schools), or all.
"""

from __future__ import annotations

import argparse
import sys

from harness import build, client_for, setup_django, throwaway_database, time_page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="the page's label (see above), or all")
    parser.add_argument("--pupils", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--la-schools", type=int, default=10)
    parser.add_argument("--la-pupils", type=int, default=5000)
    parser.add_argument("--cprofile", action="store_true", help="use cProfile even if pyinstrument is installed")
    parser.add_argument("--top", type=int, default=25, help="cProfile: how many functions to print")
    parser.add_argument(
        "--only", action="append", default=[], help="cProfile: only functions whose path matches (a regex; repeatable)"
    )
    args = parser.parse_args()
    with throwaway_database():
        setup_django()
        wants_la = args.page in ("all", "LA register")
        actors = build(
            [args.pupils],
            la_schools=args.la_schools if wants_la else 0,
            la_pupils=args.la_pupils if wants_la else 0,
        )
        found = False
        for actor in actors:
            client = client_for(actor.user)
            for page in actor.pages:
                if args.page != "all" and not page.label.startswith(args.page):
                    continue
                if "last page" in page.label and args.page != "all":
                    continue
                found = True
                t = time_page(client, page, 5)
                print(f"\n=== {page.label} ({actor.pupils:,} pupils): median {t.median_ms:.1f} ms, ", end="")
                print(f"SQL {t.sql_ms:.1f} ms, {t.queries} queries ===")
                profile(client, page, args)
        if not found:
            print(f"No page called {args.page!r}", file=sys.stderr)
            return 2
    return 0


def profile(client, page, args) -> None:
    try:
        if args.cprofile:
            raise ImportError
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(page.url, page.params)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(*args.only, args.top)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
        return
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.repeat):
        client.get(page.url, page.params)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    sys.exit(main())
