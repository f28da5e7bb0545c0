"""Import a Common Transfer File into the register of the school it is addressed to."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sensupport.interop.services import (
    ImportRejected,
    import_prepare,
    register_import_apply,
    register_import_plan,
)

from ._output import plan_print


class Command(BaseCommand):
    help = "Import a CTF (any version 19 to 25) into the register of its destination school. All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        content = _read(file)
        prepared = import_prepare(content, file.name)
        if prepared.parsed.kind != "ctf":
            raise CommandError(f"{file} is not an XML Common Transfer File; use import_pupils for CSV or Excel")
        if prepared.school is None:
            plan_print(self.stdout, self.style, None, prepared.problems + [p for r in prepared.parsed.records for p in r.problems])
            raise CommandError("The file has problems: nothing was imported.")
        arguments = {
            "school": prepared.school,
            "records": prepared.parsed.records,
            "file_problems": prepared.problems,
            "file_notes": prepared.parsed.notes,
        }
        plan = register_import_plan(**arguments)
        self.stdout.write(f"{file.name}: CTF for {prepared.school.name} (URN {prepared.school.urn})")
        plan_print(self.stdout, self.style, plan, plan.problems)
        if plan.problems:
            raise CommandError(f"{len(plan.problems)} problem(s) in the file: nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            result = register_import_apply(**arguments, actor=None, source=prepared.source, via="command")
        except ImportRejected as rejected:
            plan_print(self.stdout, self.style, None, rejected.problems)
            raise CommandError(str(rejected)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported: {result.created} new, {result.updated} changed, {result.unchanged} unchanged."))


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}") from None
