"""Import a Common Transfer File into the register of the school it is addressed to."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sensupport.core.commands import print_problems
from sensupport.interop.register_import.files import import_prepare

from ._output import import_and_report, read_file


class Command(BaseCommand):
    help = "Import a CTF (any version 19 to 25) into the register of its destination school. All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        content = read_file(file)
        prepared = import_prepare(content, file.name)
        if prepared.parsed.kind != "ctf":
            raise CommandError(f"{file} is not an XML Common Transfer File; use import_pupils for CSV or Excel")
        if prepared.school is None:
            print_problems(self, prepared.problems + [p for r in prepared.parsed.records for p in r.problems])
            raise CommandError("The file has problems: nothing was imported.")
        import_and_report(
            self,
            prepared=prepared,
            school=prepared.school,
            dry_run=dry_run,
            heading=f"{file.name}: CTF for {prepared.school.name} (URN {prepared.school.urn})",
        )
