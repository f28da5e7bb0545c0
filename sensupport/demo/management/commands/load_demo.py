"""python manage.py load_demo [--reset] [--seed N]: the demo local authority, schools and logins."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from sensupport.demo import builder


def login_table(logins: list[builder.DemoLogin]) -> str:
    header = ("Email address", "Role", "Where", "Notes")
    rows = [header] + [(login.email, login.role, login.where, login.notes) for login in logins]
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        f"Load the demo: {builder.DEMO_LA_NAME} (LA {builder.DEMO_LA_CODE}), 20 schools (three told in detail), "
        f"about 4,000 pupils and a login for every role (password {builder.DEMO_PASSWORD!r})."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Wipe the demo's data first (only the demo LA and demo accounts)."
        )
        parser.add_argument("--seed", type=int, default=builder.DEFAULT_SEED, help="Random seed (default %(default)s).")

    def handle(self, *args, reset: bool, seed: int, **options):
        started = time.perf_counter()
        try:
            if reset and builder.demo_exists():
                wiped = builder.demo_wipe()
                self.stdout.write("Wiped the previous demo: " + ", ".join(f"{n} {what}" for what, n in wiped.items()))
            # The demo's meetings and messages send email; keep it in memory, not on the console.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                summary = builder.demo_load(seed=seed)
        except builder.DemoError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {elapsed:.1f} s: " + ", ".join(f"{n} {what}" for what, n in summary.counts.items())
            )
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (every password is {builder.DEMO_PASSWORD}):")
        self.stdout.write(login_table(summary.logins))
