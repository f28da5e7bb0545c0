"""What the staff, groups and contacts import commands share: the school, the actor, and
printing then applying the plan all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sensupport.accounts.models import User
from sensupport.audit.models import AuditEvent
from sensupport.interop.people import COLUMNS, people_parse
from sensupport.interop.people_services import ImportRejected, may_import, people_apply, people_plan
from sensupport.organisations.models import School

from ._output import read_file


class PeopleImportCommand(BaseCommand):
    kind = ""
    noun = ""

    @property
    def help(self):
        return (f"Import {self.noun} from a CSV or .xlsx file with columns {', '.join(COLUMNS[self.kind])}, "
                "as a SENCO, head teacher or school administrator of the school. All or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--school", required=True, help="URN of the school to import into")
        parser.add_argument("--as", dest="actor", required=True, metavar="EMAIL",
                            help="email address of the SENCO, head teacher or school administrator making the import (the audit records them)")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, file: Path, school: str, actor: str, dry_run: bool, **options):
        target = School.objects.filter(urn=school).first()
        if target is None:
            raise CommandError(f"No school with URN {school} in sensupport.")
        person = User.objects.filter(email__iexact=actor.strip(), school=target, is_active=True).first()
        if person is None or not may_import(person, self.kind):
            raise CommandError(f"{actor} is not an active SENCO, head teacher or school administrator at {target.name} "
                               f"who may import {self.noun}: give --as the email address of one.")
        parsed = people_parse(self.kind, read_file(file), file.name)
        plan = people_plan(kind=self.kind, parsed=parsed, school=target, actor=person)
        self.stdout.write(f"{file.name}: {self.noun} for {target.name} (URN {target.urn}), imported as {person.display_name}")
        self.stdout.write(plan.summary())
        for change in plan.changes:
            self.stdout.write(f"  {change.action}: {change.where}: {change.text}")
        for problem in plan.problems:
            self.stdout.write(self.style.ERROR(f"  problem: {problem}"))
        if plan.problems:
            raise CommandError(f"{len(plan.problems)} problem(s) in the file: nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            result = people_apply(kind=self.kind, parsed=parsed, school=target, actor=person, via=AuditEvent.Via.COMMAND)
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stdout.write(self.style.ERROR(f"  problem: {problem}"))
            raise CommandError(str(rejected)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported: {result.summary()}."))
