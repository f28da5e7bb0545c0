"""What the assessments, attendance and behaviour import commands share (interop/progress_import.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sensupport.accounts.models import User
from sensupport.audit.models import AuditEvent
from sensupport.core.commands import plan_print_apply
from sensupport.interop.progress_import import COLUMNS, NOUNS, OPTIONAL, progress_parse
from sensupport.interop.progress_import_services import (
    ImportRejected,
    may_import,
    progress_apply,
    progress_plan,
    progress_today,
)
from sensupport.organisations.models import School

from ._output import read_file


class ProgressImportCommand(BaseCommand):
    kind = ""

    @property
    def help(self):
        optional = f" (optional: {', '.join(OPTIONAL[self.kind])})" if OPTIONAL[self.kind] else ""
        return (
            f"Import {NOUNS[self.kind]} from a CSV or .xlsx file with columns {', '.join(COLUMNS[self.kind])}"
            f"{optional}. All or nothing: any problem, named by row and column, and nothing is written."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--school", required=True, help="URN of the school to import into")
        parser.add_argument(
            "--as",
            dest="actor",
            metavar="EMAIL",
            help="email address of the SENCO, head teacher or school administrator making the import (optional: "
            "without it the audit records the system, via the command line)",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, file: Path, school: str, actor: str | None, dry_run: bool, **options):
        target = School.objects.filter(urn=school).first()
        if target is None:
            raise CommandError(f"No school with URN {school} in sensupport.")
        person = None
        if actor:
            person = User.objects.filter(email__iexact=actor.strip(), school=target, is_active=True).first()
            if person is None or not may_import(person):
                raise CommandError(
                    f"{actor} is not an active SENCO, head teacher or school administrator at {target.name}: give "
                    "--as the email address of one, or leave it out."
                )
        parsed = progress_parse(self.kind, read_file(file), file.name, today=progress_today())
        plan = progress_plan(parsed=parsed, school=target, actor=person)
        via = AuditEvent.Via.IMPORT if person else AuditEvent.Via.COMMAND
        plan_print_apply(
            self,
            heading=f"{file.name}: {NOUNS[self.kind]} for {target.name} (URN {target.urn})",
            lines=[plan.summary()],
            problems=plan.problems,
            dry_run=dry_run,
            rejected=ImportRejected,
            apply=lambda: (
                "Imported: "
                + progress_apply(parsed=parsed, school=target, actor=person, via=via, source=file.name).summary()
                + "."
            ),
        )
