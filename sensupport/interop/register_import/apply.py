"""Applying an import: the writes, all or nothing, through the register's services.

The seam for making the apply bulk (issue 14): everything an import writes is here, planned by
`plan.register_import_plan`. A pupil's SEN status, history and needs go through the register's one
writer (`pupils.services.sen_status_apply`; `sen_status_apply_many` is its bulk form for new pupils).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.organisations.models import School
from sensupport.pupils.models import Pupil
from sensupport.pupils.services import StatusEntry, pupil_transfer_in, sen_status_apply

from ..records import ImportProblem, PupilRecord
from .plan import SOURCE_LABELS, ImportPlan, ImportRejected, PupilChange, register_import_plan


@dataclass
class ImportResult:
    plan: ImportPlan
    created: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.plan.unchanged


@transaction.atomic
def register_import_apply(
    *,
    school: School,
    records: Sequence[PupilRecord],
    actor,
    source: str,
    via: str,
    file_problems: Sequence[ImportProblem] = (),
    file_notes: Sequence[ImportProblem] = (),
    on: dt.date | None = None,
) -> ImportResult:
    """Import the records into the register, all or nothing. Raises ImportRejected (and writes
    nothing) if the file has any problem. Unchanged pupils are not touched and not audited."""
    on = on or timezone.localdate()
    plan = register_import_plan(
        school=school,
        records=records,
        file_problems=file_problems,
        file_notes=file_notes,
        on=on,
        lock=True,
        actor=actor,
    )
    if plan.problems:
        raise ImportRejected(plan.problems)
    recorded_by = actor if actor is not None and actor.is_authenticated else None
    for change in plan.changes:
        if change.transfer is not None:
            pupil_transfer_in(
                pupil=change.pupil, transfer=change.transfer, to_school=school, actor=recorded_by, via=via
            )
        pupil = _pupil_write(change, school)
        _sen_write(pupil, change, source=source, recorded_by=recorded_by, on=on)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            pupil=pupil,
            target=AuditEvent.Target.PUPIL_RECORD,
            target_id=pupil.pk,
            summary=f"Imported from a {SOURCE_LABELS.get(source, source)}: {change.summary()}",
            changes=change.audit_changes(),
            via=via,
        )
    if plan.contacts_to_add or plan.contacts_to_change:
        # The same all-or-nothing: a contact the services refuse rolls back the pupils too.
        from ..people import PeopleFile
        from ..people_services import ctf_contact_rows, people_apply

        rows = ctf_contact_rows(records)
        people_apply(kind="contacts", parsed=PeopleFile("contacts", rows=rows), school=school, actor=actor, via=via)
    return ImportResult(plan=plan, created=len(plan.new_pupils), updated=len(plan.changed_pupils))


def _pupil_write(change: PupilChange, school: School) -> Pupil:
    """The pupil's identity: a new pupil, or the file's changes to one (a new version). Their SEN
    status is written by `_sen_write`."""
    record = change.record
    if change.pupil is None:
        return Pupil.objects.create(
            school=school,
            upn=record.upn,
            uln=record.uln or "",
            surname=record.surname,
            forename=record.forename,
            middle_names=record.middle_names or "",
            preferred_surname=record.preferred_surname or "",
            preferred_forename=record.preferred_forename or "",
            date_of_birth=record.date_of_birth,
            sex=record.sex,
            year_group=record.year_group,
        )
    pupil = change.pupil
    for field_change in change.field_changes:
        setattr(pupil, field_change.attribute, field_change.new)
    pupil.version = F("version") + 1
    pupil.save()
    pupil.refresh_from_db(fields=["version"])
    return pupil


def _sen_write(pupil: Pupil, change: PupilChange, *, source: str, recorded_by, on: dt.date) -> None:
    """The planned SEN history, status and needs, through the register's one writer. The status is
    the plan's (the newest entry of the combined history); when the file says anything about SEN
    the ranked needs become the file's (unranked ones the file does not name are kept, see the
    plan); a need added starts when the file says, else when the status did, else today."""
    reason = f"Imported from a {SOURCE_LABELS.get(source, source)}"
    start = change.since_after or on
    sen_status_apply(
        pupil=pupil,
        entries=[StatusEntry(e.status, e.start_date, reason, e.original_code) for e in change.new_history],
        source=source,
        recorded_by=recorded_by,
        status=change.status_after,
        since=change.since_after,
        needs=change.needs_after if change.needs_changed else None,
        need_starts={n.code: change.record.need_start_dates.get(n.code, start) for n in change.record.needs},
        on=on,
    )
