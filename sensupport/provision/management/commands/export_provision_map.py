"""Write a school's costed provision map as CSV: one row per pupil per support line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record_many
from sensupport.organisations.models import School
from sensupport.provision.map import export_csv, provision_map


class Command(BaseCommand):
    help = (
        "Export a school's provision map (UPN, Pupil, Provision, ... AnnualCostPerPupil, CostToDate, "
        "WithdrawnMinutesPerWeek, SubjectsMissed) as CSV, one row per pupil per support line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="URN of the school")
        parser.add_argument("--out", required=True, type=Path, help="CSV file to write")
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="Financial year by its first year, e.g. 2026 for April 2026 to March 2027 (default: the current one)",
        )

    def handle(self, *args, school: str, out: Path, year: int | None, **options):
        found_school = School.objects.filter(urn=school).first()
        if found_school is None:
            raise CommandError(f"No school with URN {school} in sensupport.")
        start = dt.date(year, 4, 1) if year else None
        found = provision_map(school_ids=[found_school.pk], financial_year_start=start)
        body = export_csv(found.lines)
        with transaction.atomic():
            audit_record_many(
                actor=None,
                action=AuditEvent.Action.EXPORT,
                target=AuditEvent.Target.PROVISION_MAP_EXPORT,
                pupils=[row.pupil for row in found.pupil_rows()],
                summary=f"Provision map {found.year_label} exported to {out.name}",
                via=AuditEvent.Via.COMMAND,
            )
            out.write_text(body, encoding="utf-8", newline="")
        self.stdout.write(
            f"Wrote {len(found.lines)} support lines for {found.pupils} pupils of {found_school.name} "
            f"({found.year_label}) to {out}."
        )
