"""Import pupils' timetables from the school's MIS export (see interop/timetable_import.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sensupport.audit.models import AuditEvent
from sensupport.core.commands import plan_print_apply
from sensupport.interop.register_import.plan import ImportRejected
from sensupport.interop.timetable_import import COLUMNS, timetable_apply, timetable_parse, timetable_plan
from sensupport.organisations.models import School

from ._output import read_file


class Command(BaseCommand):
    help = (
        f"Import pupils' timetables from a CSV or .xlsx file with columns {', '.join(COLUMNS)} (one row per "
        "lesson). Each pupil in the file gets exactly the file's lessons; others keep theirs. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--school", required=True, help="URN of the school to import into")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, file: Path, school: str, dry_run: bool, **options):
        target = School.objects.filter(urn=school).first()
        if target is None:
            raise CommandError(f"No school with URN {school} in sensupport.")
        parsed = timetable_parse(read_file(file), file.name)
        plan = timetable_plan(parsed=parsed, school=target, actor=None)
        plan_print_apply(
            self,
            heading=f"{file.name}: timetables for {target.name} (URN {target.urn})",
            lines=[plan.summary(), *(f"  {change.action}: {change.where}: {change.text}" for change in plan.changes)],
            problems=plan.problems,
            dry_run=dry_run,
            rejected=ImportRejected,
            apply=lambda: (
                "Imported: "
                + timetable_apply(parsed=parsed, school=target, actor=None, via=AuditEvent.Via.IMPORT).summary()
                + "."
            ),
        )
