"""Load local authorities and schools from a GIAS establishments CSV: plan, print, apply.

Like the pupil and people imports, through core.commands.plan_print_apply: print what would change
and every problem, then write all or nothing unless --dry-run."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sensupport.audit.models import AuditEvent
from sensupport.core.commands import plan_print_apply
from sensupport.organisations.gias import MAX_BYTES
from sensupport.organisations.services import (
    SchoolsImportPlan,
    SchoolsImportRejected,
    schools_import_gias,
    schools_import_plan,
)


def plan_lines(plan: SchoolsImportPlan) -> list[str]:
    lines = [plan.summary()]
    lines += [f"  new local authority: {code} {name}" for code, name in plan.new_authorities]
    lines += [
        f"  renamed local authority: {rename.key} {rename.old} -> {rename.new}" for rename in plan.renamed_authorities
    ]
    lines += [f"  new school: URN {e.urn} {e.name} ({e.la_code}/{e.establishment_number})" for e in plan.new_schools]
    lines += [f"  renamed school: URN {rename.key} {rename.old} -> {rename.new}" for rename in plan.renamed_schools]
    lines += [
        f"  skip: row {skipped.row}, URN {skipped.urn} {skipped.name}: {skipped.reason}" for skipped in plan.not_served
    ]
    if plan.closed:
        lines.append(f"  skip: {plan.closed} closed establishment{'s' if plan.closed != 1 else ''}")
    return lines


def _imported(plan: SchoolsImportPlan) -> str:
    return (
        f"Imported: {len(plan.new_authorities)} new local authorit{'ies' if len(plan.new_authorities) != 1 else 'y'}, "
        f"{len(plan.new_schools)} new school{'s' if len(plan.new_schools) != 1 else ''}, "
        f"{len(plan.renamed_authorities) + len(plan.renamed_schools)} renamed."
    )


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
                raise CommandError(
                    f"{file} is larger than {MAX_BYTES // (1024 * 1024)} MB: this is not a GIAS establishments file."
                )
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        plan = schools_import_plan(content=content)
        plan_print_apply(
            self,
            heading=f"{file.name}: GIAS establishments",
            lines=plan_lines(plan),
            problems=plan.problems,
            dry_run=dry_run,
            rejected=SchoolsImportRejected,
            apply=lambda: _imported(
                schools_import_gias(content=content, actor=None, via=AuditEvent.Via.IMPORT, filename=file.name)
            ),
        )
