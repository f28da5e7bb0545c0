"""Print every pupil's prompts to consider at one school (the 6.17 signs, absence, behaviour)."""

from __future__ import annotations

import csv
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sensupport.organisations.models import School
from sensupport.progress.selectors import school_findings
from sensupport.pupils.models import Pupil


class Command(BaseCommand):
    help = (
        "One line per finding at a school: the four signs of less than expected progress (Code 6.17), "
        "persistent or severe absence, rising behaviour incidents. With --csv: UPN, Flag, Subject, Detail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="URN of the school")
        parser.add_argument("--on", help="the day to look back from, YYYY-MM-DD (default: today)")
        parser.add_argument("--csv", action="store_true", help="CSV with columns UPN, Flag, Subject, Detail")

    def handle(self, *args, school: str, on: str | None, **options):
        target = School.objects.filter(urn=school).first()
        if target is None:
            raise CommandError(f"No school with URN {school} in sensupport.")
        try:
            day = dt.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError(f"--on {on!r} is not a date: write it as YYYY-MM-DD.") from None
        findings = school_findings(target.pk, on=day)
        upns = dict(Pupil.objects.filter(pk__in=list(findings)).values_list("pk", "upn"))
        rows = sorted(
            ((upns[pupil_id], f.flag, f.subject, f.sentence) for pupil_id, found in findings.items() for f in found),
        )
        if options["csv"]:
            self._csv(rows)
            return
        for upn, flag, subject, sentence in rows:
            self.stdout.write(f"{upn}  {flag}{f' ({subject})' if subject else ''}: {sentence}")
        self.stdout.write(f"{len(rows)} finding(s) for {len(findings)} pupil(s) at {target.name} on {day:%d/%m/%Y}.")

    def _csv(self, rows) -> None:
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["UPN", "Flag", "Subject", "Detail"])
        writer.writerows(rows)
