"""What the staff, groups and contacts import commands share: the school, the actor, and
printing then applying the plan all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sensupport.accounts.models import User
from sensupport.audit.models import AuditEvent
from sensupport.core.commands import plan_print_apply
from sensupport.interop.people import COLUMNS, people_parse
from sensupport.interop.people_services import ImportRejected, may_import, people_apply, people_plan
from sensupport.organisations.models import School

from ._output import read_file


class PeopleImportCommand(BaseCommand):
    kind = ""
    noun = ""

    @property
    def help(self):
        return (
            f"Import {self.noun} from a CSV or .xlsx file with columns {', '.join(COLUMNS[self.kind])}, "
            "as a SENCO, head teacher or school administrator of the school. All or nothing."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--school", required=True, help="URN of the school to import into")
        parser.add_argument(
            "--as",
            dest="actor",
            required=True,
            metavar="EMAIL",
            help=(
                "email address of the SENCO, head teacher or school administrator making the import (the audit "
                "records them)"
            ),
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, file: Path, school: str, actor: str, dry_run: bool, **options):
        target = School.objects.filter(urn=school).first()
        if target is None:
            raise CommandError(f"No school with URN {school} in sensupport.")
        person = User.objects.filter(email__iexact=actor.strip(), school=target, is_active=True).first()
        if person is None or not may_import(person, self.kind):
            raise CommandError(
                f"{actor} is not an active SENCO, head teacher or school administrator at {target.name} "
                f"who may import {self.noun}: give --as the email address of one."
            )
        parsed = people_parse(self.kind, read_file(file), file.name)
        plan = people_plan(kind=self.kind, parsed=parsed, school=target, actor=person)
        plan_print_apply(
            self,
            heading=f"{file.name}: {self.noun} for {target.name} (URN {target.urn}), imported as {person.display_name}",
            lines=[plan.summary(), *(f"  {change.action}: {change.where}: {change.text}" for change in plan.changes)],
            problems=plan.problems,
            dry_run=dry_run,
            rejected=ImportRejected,
            apply=lambda: (
                "Imported: "
                + people_apply(
                    kind=self.kind, parsed=parsed, school=target, actor=person, via=AuditEvent.Via.IMPORT
                ).summary()
                + "."
            ),
        )
