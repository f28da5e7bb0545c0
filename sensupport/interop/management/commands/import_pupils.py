"""Import pupils from a CSV or Excel spreadsheet into one school's register."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sensupport.interop.services import (
    ImportRejected,
    import_prepare,
    register_import_apply,
    register_import_plan,
)
from sensupport.organisations.models import School

from ._output import plan_print
from .import_ctf import _read


class Command(BaseCommand):
    help = (
        "Import pupils from a CSV or .xlsx file with columns UPN, Surname, Forename, DOB, Sex, YearGroup "
        "and optionally SENProvision, PrimaryNeed, SecondaryNeed. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--school", required=True, help="URN of the school whose register to import into")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, file: Path, school: str, dry_run: bool, **options):
        target = School.objects.filter(urn=school).first()
        if target is None:
            raise CommandError(f"No school with URN {school} in sensupport.")
        content = _read(file)
        prepared = import_prepare(content, file.name, school=target)
        arguments = {
            "school": target,
            "records": prepared.parsed.records,
            "file_problems": prepared.problems,
            "file_notes": prepared.parsed.notes,
        }
        plan = register_import_plan(**arguments)
        self.stdout.write(f"{file.name}: {prepared.parsed.kind} for {target.name} (URN {target.urn})")
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
