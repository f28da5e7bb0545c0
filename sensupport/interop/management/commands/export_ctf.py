"""Write a school's register as a CTF 25 partial file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Prefetch

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record_many
from sensupport.interop.ctf import ctf_write
from sensupport.organisations.models import School
from sensupport.pupils.codes import is_ascii_digits
from sensupport.pupils.models import PupilNeed, SenStatusChange
from sensupport.pupils.services import pupil_transfer_out


class Command(BaseCommand):
    help = "Export a school's pupils (identity, SEN history, ranked needs) as a CTF 25 partial file."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="URN of the sending school")
        parser.add_argument("--out", required=True, type=Path, help="File to write")
        parser.add_argument("--dest-lea", default="", help="Destination LA code (default: the same school)")
        parser.add_argument("--dest-estab", default="", help="Destination establishment number")
        parser.add_argument(
            "--upn",
            action="append",
            default=[],
            help="Only this pupil (repeat for more). With a destination school that uses sensupport, the pupils are "
            "recorded as leaving for it, so its import of this file moves them.",
        )

    def handle(self, *args, school: str, out: Path, dest_lea: str, dest_estab: str, upn: list[str], **options):
        source = School.objects.select_related("local_authority").filter(urn=school).first()
        if source is None:
            raise CommandError(f"No school with URN {school} in sensupport.")
        if bool(dest_lea) != bool(dest_estab):
            raise CommandError("Give both --dest-lea and --dest-estab, or neither.")
        if dest_lea and not (
            is_ascii_digits(dest_lea) and len(dest_lea) == 3 and is_ascii_digits(dest_estab) and len(dest_estab) == 4
        ):
            raise CommandError("--dest-lea is three digits and --dest-estab four, for example 201 and 3614.")
        wanted = [u.strip().upper() for u in upn]
        chosen = source.pupils.filter(upn__in=wanted) if wanted else source.pupils.all()
        pupils = list(
            chosen.order_by("surname", "forename", "upn").prefetch_related(
                Prefetch(
                    "status_history", queryset=SenStatusChange.objects.order_by("start_date", "recorded_at", "id")
                ),
                Prefetch("needs", queryset=PupilNeed.objects.filter(end_date__isnull=True)),
            )
        )
        missing = sorted(set(wanted) - {p.upn for p in pupils})
        if missing:
            raise CommandError(f"Not on {source.name}'s register: {', '.join(missing)}. Nothing was written.")
        destination = (
            School.objects.filter(local_authority__code=dest_lea, establishment_number=dest_estab).first()
            if dest_lea
            else None
        )
        content = ctf_write(source, pupils, dest=(dest_lea, dest_estab) if dest_lea else None)
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        with transaction.atomic():
            audit_record_many(
                actor=None,
                action=AuditEvent.Action.EXPORT,
                target=AuditEvent.Target.PUPIL_RECORD_CTF,
                pupils=pupils,
                summary=f"Exported in a CTF to {out.name}",
                via=AuditEvent.Via.COMMAND,
            )
            leaving = wanted and destination is not None and destination.pk != source.pk
            if leaving:
                for pupil in pupils:
                    pupil_transfer_out(pupil=pupil, to_school=destination, actor=None, via=AuditEvent.Via.COMMAND)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(pupils)} pupils to {out}."))
        if leaving:
            self.stdout.write(f"Recorded as leaving for {destination.name}: its import of this file will move them.")
