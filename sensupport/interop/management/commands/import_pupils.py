"""Import pupils from a CSV or Excel spreadsheet into one school's register."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sensupport.interop.register_import.files import import_prepare
from sensupport.organisations.models import School

from ._output import import_and_report, read_file


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
        content = read_file(file)
        prepared = import_prepare(content, file.name, school=target)
        import_and_report(
            self,
            prepared=prepared,
            school=target,
            dry_run=dry_run,
            heading=f"{file.name}: {prepared.parsed.kind} for {target.name} (URN {target.urn})",
        )
