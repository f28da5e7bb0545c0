"""Applying an import: the writes, all or nothing, through the register's services.

Everything an import writes is here, planned by `plan.register_import_plan`, in bulk (issue 14):
the number of queries does not grow with the number of new pupils. A pupil's SEN status, history
and needs go through the register's one writer: its bulk form `pupils.services.sen_status_apply_many`
for new pupils, `sen_status_apply` for a pupil already in the register whose SEN changes. One
audit row per pupil, written in one insert.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record_each
from sensupport.organisations.models import School
from sensupport.pupils.models import Pupil, PupilNeed, SenStatusChange
from sensupport.pupils.services import (
    StatusEntry,
    pupil_transfer_in,
    sen_status_apply,
    sen_status_apply_many,
    sen_status_rows,
)

from ..records import ImportProblem, PupilRecord
from .plan import SOURCE_LABELS, ImportPlan, ImportRejected, PupilChange, register_import_plan

BATCH_SIZE = 500
# An import creating at least this many pupils is a bulk load: PostgreSQL's statistics are
# refreshed after it commits.
ANALYZE_AFTER = 500


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
    analyze: bool = True,
) -> ImportResult:
    """Import the records into the register, all or nothing. Raises ImportRejected (and writes
    nothing) if the file has any problem. Unchanged pupils are not touched and not audited.
    `analyze=False`: the caller refreshes PostgreSQL's statistics itself (a file in chunks)."""
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
    _new_pupils_write(plan.new_pupils, school, source=source, recorded_by=recorded_by, on=on)
    _changed_pupils_write(plan.changed_pupils, source=source, recorded_by=recorded_by, on=on)
    _audit_write(plan.changes, actor=actor, source=source, via=via)
    if plan.contacts_to_add or plan.contacts_to_change:
        # The same all-or-nothing: a contact the services refuse rolls back the pupils too.
        from ..people import PeopleFile
        from ..people_services import ctf_contact_rows, people_apply

        rows = ctf_contact_rows(records)
        people_apply(kind="contacts", parsed=PeopleFile("contacts", rows=rows), school=school, actor=actor, via=via)
    if analyze and len(plan.new_pupils) >= ANALYZE_AFTER:
        transaction.on_commit(analyze_register_tables)
    return ImportResult(plan=plan, created=len(plan.new_pupils), updated=len(plan.changed_pupils))


def _new_pupils_write(changes: Sequence[PupilChange], school: School, *, source: str, recorded_by, on: dt.date) -> None:
    """New pupils, their SEN history and needs: a few bulk inserts through the register's one
    writer in its bulk form. Each `change.created` is set to the pupil created (for the audit)."""
    writes = []
    for change in changes:
        record = change.record
        pupil = Pupil(
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
        writes.append(sen_status_rows(pupil=pupil, **_sen_rows(change, source=source, recorded_by=recorded_by, on=on)))
    sen_status_apply_many(writes, batch_size=BATCH_SIZE)
    for change, write in zip(changes, writes, strict=True):
        change.created = write.pupil


def _changed_pupils_write(changes: Sequence[PupilChange], *, source: str, recorded_by, on: dt.date) -> None:
    """The file's changes to pupils already in the register: identity fields in one bulk update and
    every changed pupil's version bumped in one more; SEN history, status and needs, where they
    change, through the register's one writer pupil by pupil (ending and re-ranking needs needs it)."""
    if not changes:
        return
    fields: set[str] = set()
    for change in changes:
        for field_change in change.field_changes:
            setattr(change.pupil, field_change.attribute, field_change.new)
            fields.add(field_change.attribute)
    if fields:
        Pupil.objects.bulk_update([c.pupil for c in changes if c.field_changes], sorted(fields), batch_size=BATCH_SIZE)
    Pupil.objects.filter(pk__in=[c.pupil.pk for c in changes]).update(version=F("version") + 1)
    for change in changes:
        change.pupil.version += 1  # locked by the plan: nobody else changed it in between
        if change.new_history or change.needs_changed or change.status_changed:
            sen_status_apply(pupil=change.pupil, **_sen_rows(change, source=source, recorded_by=recorded_by, on=on))


def _audit_write(changes: Sequence[PupilChange], *, actor, source: str, via: str) -> None:
    """One audit row per pupil imported, in one insert per batch, each saying what changed."""
    words = SOURCE_LABELS.get(source, source)
    audit_record_each(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        target=AuditEvent.Target.PUPIL_RECORD,
        rows=[
            (change.pupil or change.created, f"Imported from a {words}: {change.summary()}", change.audit_changes())
            for change in changes
        ],
        via=via,
        batch_size=BATCH_SIZE,
    )


def analyze_register_tables() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL's are otherwise stale until
    autovacuum comes round: issue 14 measured a register 10x slower). Nothing to do elsewhere."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Pupil, SenStatusChange, PupilNeed, AuditEvent):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _sen_rows(change: PupilChange, *, source: str, recorded_by, on: dt.date) -> dict:
    """The planned SEN history, status and needs, as the register's one writer takes them. The
    status is the plan's (the newest entry of the combined history); when the file says anything
    about SEN the ranked needs become the file's (unranked ones the file does not name are kept,
    see the plan); a need added starts when the file says, else when the status did, else today."""
    reason = f"Imported from a {SOURCE_LABELS.get(source, source)}"
    start = change.since_after or on
    return {
        "entries": [StatusEntry(e.status, e.start_date, reason, e.original_code) for e in change.new_history],
        "source": source,
        "recorded_by": recorded_by,
        "status": change.status_after,
        "since": change.since_after,
        "needs": change.needs_after if change.needs_changed else None,
        "need_starts": {n.code: change.record.need_start_dates.get(n.code, start) for n in change.record.needs},
        "on": on,
    }
