"""Load local authorities and schools from a GIAS establishments CSV: plan, print, apply.

Like the pupil imports (sensupport/interop/management/commands/_output.py, which is about pupils and
lives in an interface app, so it is not reused here): print what would change and every problem,
then write all or nothing unless --dry-run."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sensupport.audit.models import AuditEvent
from sensupport.organisations.gias import MAX_BYTES
from sensupport.organisations.services import SchoolsImportPlan, SchoolsImportRejected, schools_import_gias, schools_import_plan


def plan_print(out, style, plan: SchoolsImportPlan) -> None:
    out.write(plan.summary())
    for code, name in plan.new_authorities:
        out.write(f"  new local authority: {code} {name}")
    for rename in plan.renamed_authorities:
        out.write(f"  renamed local authority: {rename.key} {rename.old} -> {rename.new}")
    for establishment in plan.new_schools:
        out.write(f"  new school: URN {establishment.urn} {establishment.name} ({establishment.la_code}/{establishment.establishment_number})")
    for rename in plan.renamed_schools:
        out.write(f"  renamed school: URN {rename.key} {rename.old} -> {rename.new}")
    for skipped in plan.not_served:
        out.write(f"  skip: row {skipped.row}, URN {skipped.urn} {skipped.name}: {skipped.reason}")
    if plan.closed:
        out.write(f"  skip: {plan.closed} closed establishment{'s' if plan.closed != 1 else ''}")
    for problem in plan.problems:
        out.write(style.ERROR(f"  problem: {problem}"))


class Command(BaseCommand):
    help = (
        "Create and rename local authorities and schools from a GIAS establishments CSV (columns URN, LA (code), "
        "LA (name), EstablishmentNumber, EstablishmentName, TypeOfEstablishment (code), PhaseOfEducation (name), "
        "EstablishmentStatus (name)). Closed establishments are skipped. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            if file.stat().st_size > MAX_BYTES:
                raise CommandError(f"{file} is larger than {MAX_BYTES // (1024 * 1024)} MB: this is not a GIAS establishments file.")
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        plan = schools_import_plan(content=content)
        self.stdout.write(f"{file.name}: GIAS establishments")
        plan_print(self.stdout, self.style, plan)
        if plan.problems:
            raise CommandError(f"{len(plan.problems)} problem(s) in the file: nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            plan = schools_import_gias(content=content, actor=None, via=AuditEvent.Via.COMMAND, filename=file.name)
        except SchoolsImportRejected as rejected:
            for problem in rejected.problems:
                self.stdout.write(self.style.ERROR(f"  problem: {problem}"))
            raise CommandError(str(rejected)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Imported: {len(plan.new_authorities)} new local authorit{'ies' if len(plan.new_authorities) != 1 else 'y'}, "
            f"{len(plan.new_schools)} new school{'s' if len(plan.new_schools) != 1 else ''}, "
            f"{len(plan.renamed_authorities) + len(plan.renamed_schools)} renamed."))
