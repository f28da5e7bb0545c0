"""Write a school's register as a CTF 25 partial file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from sensupport.audit.services import audit_record_many
from sensupport.interop.ctf import ctf_write
from sensupport.organisations.models import School
from sensupport.pupils.models import PupilNeed, SenStatusChange


class Command(BaseCommand):
    help = "Export a school's pupils (identity, SEN history, ranked needs) as a CTF 25 partial file."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="URN of the sending school")
        parser.add_argument("--out", required=True, type=Path, help="File to write")
        parser.add_argument("--dest-lea", default="", help="Destination LA code (default: the same school)")
        parser.add_argument("--dest-estab", default="", help="Destination establishment number")

    def handle(self, *args, school: str, out: Path, dest_lea: str, dest_estab: str, **options):
        source = School.objects.select_related("local_authority").filter(urn=school).first()
        if source is None:
            raise CommandError(f"No school with URN {school} in sensupport.")
        if bool(dest_lea) != bool(dest_estab):
            raise CommandError("Give both --dest-lea and --dest-estab, or neither.")
        if dest_lea and not (dest_lea.isdigit() and len(dest_lea) == 3 and dest_estab.isdigit() and len(dest_estab) == 4):
            raise CommandError("--dest-lea is three digits and --dest-estab four, for example 201 and 3614.")
        pupils = list(
            source.pupils.order_by("surname", "forename", "upn").prefetch_related(
                Prefetch("status_history", queryset=SenStatusChange.objects.order_by("start_date", "recorded_at", "id")),
                Prefetch("needs", queryset=PupilNeed.objects.filter(end_date__isnull=True)),
            )
        )
        content = ctf_write(source, pupils, dest=(dest_lea, dest_estab) if dest_lea else None)
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        audit_record_many(actor=None, action="export", target="pupil record (CTF)", pupils=pupils, summary=f"Exported in a CTF to {out.name}", via="command")
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(pupils)} pupils to {out}."))
