"""Import pupils into a school's register: plan first (what would change, what is wrong), then apply.

An import records what already happened elsewhere (another school's SEN history, the MIS's list),
so it does not ask for the parent conversations the register asks for before a status change made
in sensupport. It is all-or-nothing: one problem anywhere and nothing is written.

Rules the two file kinds share:
- a pupil is matched by UPN; a UPN held by a pupil at another school is a problem (the school
  they are leaving records them as a leaver first);
- identity fields the file does not carry keep their register value;
- a dated SEN entry is added unless the pupil already has one with the same start date and the
  same census code (our monitoring M counts as N, as it goes out as N);
- the pupil's status becomes the newest entry of the combined history;
- when the file says anything about SEN, the pupil's ranked needs (1 and 2) become the file's;
  removed needs get an end date and stay as history; unranked needs are the school's own record
  beyond the census pair and are kept;
- a spreadsheet's SENProvision is undated: it adds one entry dated the import day, and only when
  it differs from the pupil's current (census) status, so re-importing the same sheet changes
  nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError
from sensupport.organisations.models import School
from sensupport.pupils import codes
from sensupport.pupils.census import RankedNeed, census_need_problems
from sensupport.pupils.models import Pupil, PupilNeed, PupilTransfer, SenStatusChange
from sensupport.pupils.services import pupil_transfer_in

from .ctf import CtfHeader, ctf_parse
from .models import ImportBatch
from .records import NAME_FIELDS, ImportProblem, ParsedFile, PupilRecord, SenHistoryEntry, record_value_problems
from .spreadsheet import spreadsheet_parse

SOURCE_LABELS = {SenStatusChange.Source.CTF: "Common Transfer File", SenStatusChange.Source.SPREADSHEET: "spreadsheet"}
IDENTITY_FIELDS = (
    ("surname", "Surname"),
    ("forename", "Forename"),
    ("middle_names", "Middle names"),
    ("preferred_surname", "Preferred surname"),
    ("preferred_forename", "Preferred forename"),
    ("date_of_birth", "Date of birth"),
    ("sex", "Sex"),
    ("year_group", "Year group"),
    ("uln", "ULN"),
)


class ImportRejected(ServiceError):
    """The file has problems; nothing was written."""

    def __init__(self, problems: Sequence[ImportProblem]):
        self.problems = list(problems)
        super().__init__(
            f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} in the file: nothing was imported"
        )


@dataclass(frozen=True)
class FieldChange:
    attribute: str
    label: str
    old: object
    new: object

    @staticmethod
    def show(value) -> str:
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return str(value) if value not in (None, "") else "(blank)"

    @property
    def old_text(self) -> str:
        return self.show(self.old)

    @property
    def new_text(self) -> str:
        return self.show(self.new)


@dataclass
class PupilChange:
    """What an import does to one pupil."""

    record: PupilRecord
    pupil: Pupil | None
    field_changes: list[FieldChange] = field(default_factory=list)
    new_history: list[SenHistoryEntry] = field(default_factory=list)
    status_before: str = codes.STATUS_NONE
    status_after: str = codes.STATUS_NONE
    since_after: dt.date | None = None
    needs_before: list[RankedNeed] = field(default_factory=list)
    needs_after: list[RankedNeed] = field(default_factory=list)
    needs_added: list[str] = field(default_factory=list)
    needs_ended: list[str] = field(default_factory=list)
    needs_reranked: list[str] = field(default_factory=list)
    transfer: PupilTransfer | None = None  # joining from another school in sensupport

    @property
    def is_new(self) -> bool:
        return self.pupil is None

    @property
    def upn(self) -> str:
        return self.record.upn

    @property
    def name(self) -> str:
        return f"{self.record.forename} {self.record.surname}"

    @property
    def needs_changed(self) -> bool:
        return bool(self.needs_added or self.needs_ended or self.needs_reranked)

    @property
    def status_changed(self) -> bool:
        return self.status_after != self.status_before

    @property
    def changed(self) -> bool:
        return self.is_new or bool(
            self.transfer or self.field_changes or self.new_history or self.needs_changed or self.status_changed
        )

    @property
    def status_after_label(self) -> str:
        return codes.STATUS_LABELS[self.status_after]

    @property
    def new_history_rows(self) -> list[dict]:
        return [
            {
                "start_date": e.start_date,
                "label": codes.STATUS_LABELS[e.status],
                "status": e.status,
                "original_code": e.original_code,
            }
            for e in self.new_history
        ]

    @property
    def status_before_label(self) -> str:
        return codes.STATUS_LABELS[self.status_before]

    def summary(self) -> str:
        if self.is_new:
            parts = [f"new pupil, {codes.STATUS_LABELS[self.status_after]}"]
        else:
            parts = [", ".join(c.label for c in self.field_changes) + " changed"] if self.field_changes else []
            if self.transfer is not None:
                parts.insert(0, f"joining from {self.transfer.from_school.name}")
        if self.status_changed and not self.is_new:
            parts.append(f"SEN status {self.status_before_label} to {self.status_after_label}")
        if self.new_history:
            parts.append(
                f"{len(self.new_history)} SEN history entr{'ies' if len(self.new_history) != 1 else 'y'} added"
            )
        if self.needs_changed:
            parts.append("needs " + _needs_text(self.needs_before) + " to " + _needs_text(self.needs_after))
        return "; ".join(parts)

    def audit_changes(self) -> dict:
        return {
            "fields": {c.attribute: [FieldChange.show(c.old), FieldChange.show(c.new)] for c in self.field_changes},
            "status": [self.status_before, self.status_after],
            "history_added": [[e.start_date.isoformat(), e.status, e.original_code] for e in self.new_history],
            "needs": {"added": self.needs_added, "ended": self.needs_ended, "reranked": self.needs_reranked},
        }


def _needs_text(needs: Sequence[RankedNeed]) -> str:
    ranked = sorted((n for n in needs if n.rank), key=lambda n: n.rank)
    return ", ".join(f"{n.code} ({n.rank})" for n in ranked) or "none"


@dataclass
class ImportPlan:
    changes: list[PupilChange] = field(default_factory=list)  # new and changed pupils only
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[ImportProblem] = field(default_factory=list)
    # A CTF's contacts with an email address: what they add or change (texts), how many are
    # already linked, how many were skipped for want of an address.
    contacts_to_add: list[str] = field(default_factory=list)
    contacts_to_change: list[str] = field(default_factory=list)
    contacts_unchanged: int = 0
    contacts_without_email: int = 0

    @property
    def contacts_summary(self) -> str:
        """'2 contacts to add, 1 to change, 3 already linked; 1 without an email address skipped' ('' if none)."""
        parts = []
        if self.contacts_to_add:
            n = len(self.contacts_to_add)
            parts.append(f"{n} contact{'s' if n != 1 else ''} to add")
        if self.contacts_to_change:
            parts.append(f"{len(self.contacts_to_change)} to change")
        if self.contacts_unchanged:
            parts.append(f"{self.contacts_unchanged} already linked")
        text = ", ".join(parts)
        if self.contacts_without_email:
            n = self.contacts_without_email
            text += f"{'; ' if text else ''}{n} without an email address skipped"
        return text

    @property
    def new_pupils(self) -> list[PupilChange]:
        return [c for c in self.changes if c.is_new]

    @property
    def changed_pupils(self) -> list[PupilChange]:
        return [c for c in self.changes if not c.is_new]

    @property
    def change_count(self) -> int:
        return len(self.changes)

    @property
    def history_count(self) -> int:
        return sum(len(c.new_history) for c in self.changes)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"{len(self.new_pupils)} new pupil{'s' if len(self.new_pupils) != 1 else ''}, "
            f"{len(self.changed_pupils)} changed, {self.unchanged} unchanged; "
            f"{self.history_count} SEN history entr{'ies' if self.history_count != 1 else 'y'} to add; "
            f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}, "
            f"{len(self.notes)} note{'s' if len(self.notes) != 1 else ''}"
        )


@dataclass
class ImportResult:
    plan: ImportPlan
    created: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.plan.unchanged


# Reading files and finding the destination school


def import_kind(content: bytes, filename: str = "") -> str:
    """ "ctf" for XML, "spreadsheet" for CSV or .xlsx (by the name's ending, else by the bytes)."""
    name = filename.lower()
    if name.endswith(".xml"):
        return "ctf"
    if name.endswith((".csv", ".xlsx", ".txt")):
        return "spreadsheet"
    return "ctf" if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else "spreadsheet"


def import_file_read(content: bytes, filename: str = "") -> ParsedFile:
    return ctf_parse(content) if import_kind(content, filename) == "ctf" else spreadsheet_parse(content, filename)


def school_for_ctf_header(header: CtfHeader) -> tuple[School | None, ImportProblem | None]:
    """The school a CTF is addressed to: DestSchool LEA + Estab, or its URN."""
    dest = header.dest
    school = None
    if dest.lea and dest.estab:
        school = School.objects.filter(local_authority__code=dest.lea, establishment_number=dest.estab).first()
    if school is None and dest.urn:
        school = School.objects.filter(urn=dest.urn).first()
    if school is None:
        return None, ImportProblem(
            "the file", f"destination school {dest.describe()} is not in sensupport", "DestSchool"
        )
    return school, None


@dataclass
class PreparedImport:
    """A file read and addressed: the school to import into (if known) and file-level problems."""

    parsed: ParsedFile
    school: School | None
    problems: list[ImportProblem]

    @property
    def source(self) -> str:
        return SenStatusChange.Source.CTF if self.parsed.kind == "ctf" else SenStatusChange.Source.SPREADSHEET


def import_prepare(content: bytes, filename: str = "", *, school: School | None = None) -> PreparedImport:
    """Read the file. A CTF must be addressed to `school` when one is given (the signed-in user's),
    else the school is found from its DestSchool. A spreadsheet needs `school`."""
    parsed = import_file_read(content, filename)
    problems = list(parsed.problems)
    target = school
    if parsed.kind == "ctf" and parsed.header is not None:
        dest, problem = school_for_ctf_header(parsed.header)
        if problem:
            problems.append(problem)
        elif school is None:
            target = dest
        elif dest.pk != school.pk:
            problems.append(
                ImportProblem(
                    "the file",
                    f"this file is addressed to {dest.name} ({parsed.header.dest.describe()}), not to {school.name}: "
                    "ask the sending school for a file addressed to your school",
                    "DestSchool",
                )
            )
    return PreparedImport(parsed=parsed, school=target, problems=problems)


# Planning


def _name_max_lengths() -> dict[str, int]:
    return {attribute: Pupil._meta.get_field(attribute).max_length for attribute, _ in NAME_FIELDS}


def _existing_pupils(records: Sequence[PupilRecord], *, lock: bool = False) -> dict[str, Pupil]:
    upns = [r.upn for r in records if r.upn]
    query = Pupil.objects.filter(upn__in=upns)
    if lock:
        query = query.select_for_update()
    query = query.prefetch_related(
        Prefetch("status_history", queryset=SenStatusChange.objects.order_by("start_date", "recorded_at", "id")),
        Prefetch("needs", queryset=PupilNeed.objects.filter(end_date__isnull=True)),
        Prefetch(
            "transfers",
            queryset=PupilTransfer.objects.filter(completed_at__isnull=True).select_related("from_school"),
            to_attr="open_transfers",
        ),
    )
    return {p.upn: p for p in query}


def _field_changes(pupil: Pupil, record: PupilRecord) -> list[FieldChange]:
    changes = []
    for attribute, label in IDENTITY_FIELDS:
        new = getattr(record, attribute)
        if new is None:
            continue  # not in the file: keep the register's value
        old = getattr(pupil, attribute)
        if new != old:
            changes.append(FieldChange(attribute, label, old, new))
    return changes


def _plan_history(change: PupilChange, pupil: Pupil | None, record: PupilRecord, on: dt.date) -> None:
    existing = list(pupil.status_history.all()) if pupil else []
    current = pupil.sen_status if pupil else codes.STATUS_NONE
    change.status_before = change.status_after = current
    change.since_after = pupil.sen_status_since if pupil else None
    known = {(h.start_date, codes.census_provision(h.status)) for h in existing}
    new: list[SenHistoryEntry] = []
    for entry in record.sen_history:
        if entry.start_date is None:  # a spreadsheet's status: dated today, and only if it differs
            if entry.status != codes.census_provision(current):
                new.append(entry._replace(start_date=on))
            continue
        if (entry.start_date, entry.status) not in known:
            known.add((entry.start_date, entry.status))
            new.append(entry)
    change.new_history = new
    if not new:
        return
    timeline = [(h.start_date, 0, i, h.status) for i, h in enumerate(existing)]
    if not existing and pupil and current != codes.STATUS_NONE:
        timeline.append((pupil.sen_status_since or dt.date.min, 0, -1, current))
    timeline += [(e.start_date, 1, i, e.status) for i, e in enumerate(new)]
    start, _, _, status = max(timeline)
    change.status_after = status
    change.since_after = None if start == dt.date.min else start


def _plan_needs(change: PupilChange, pupil: Pupil | None, record: PupilRecord) -> None:
    existing = {n.need_type: n.rank for n in pupil.needs.all()} if pupil else {}
    change.needs_before = [RankedNeed(code, rank) for code, rank in existing.items()]
    if not record.has_sen_data:
        change.needs_after = list(change.needs_before)
        return
    wanted = {n.code: n.rank for n in record.needs}
    change.needs_ended = [code for code, rank in existing.items() if rank is not None and code not in wanted]
    change.needs_reranked = [code for code, rank in wanted.items() if code in existing and existing[code] != rank]
    change.needs_added = [code for code in wanted if code not in existing]
    kept = [RankedNeed(code, None) for code, rank in existing.items() if rank is None and code not in wanted]
    change.needs_after = list(record.needs) + kept


def register_import_plan(
    *,
    school: School,
    records: Sequence[PupilRecord],
    file_problems: Sequence[ImportProblem] = (),
    file_notes: Sequence[ImportProblem] = (),
    on: dt.date | None = None,
    lock: bool = False,
    actor=None,
) -> ImportPlan:
    """What importing these records into `school`'s register would change, and what stops it. Writes nothing.

    Everything the database would refuse is found here, so the preview shows it and confirming
    never meets it: names too long for the register's fields or carrying control characters,
    implausible dates (see records.record_value_problems)."""
    on = on or timezone.localdate()
    plan = ImportPlan(problems=list(file_problems), notes=list(file_notes))
    existing = _existing_pupils(records, lock=lock)
    max_lengths = _name_max_lengths()
    for record in records:
        plan.notes.extend(record.notes)
        value_problems = record_value_problems(record, on=on, max_lengths=max_lengths)
        if record.problems or value_problems:
            plan.problems.extend(record.problems + value_problems)
            continue
        pupil = existing.get(record.upn)
        transfer = None
        if pupil is not None and pupil.school_id != school.pk:
            transfer = next((t for t in pupil.open_transfers if t.to_school_id == school.pk), None)
            if transfer is None:
                plan.problems.append(
                    ImportProblem(
                        record.where,
                        f"UPN {record.upn} already belongs to a pupil at another school in sensupport: "
                        "the school they are leaving must send their Common Transfer File to this school from "
                        "sensupport (which records them as leaving) before they can be imported here",
                        "UPN",
                    )
                )
                continue
        change = PupilChange(record=record, pupil=pupil, transfer=transfer)
        if pupil is not None:
            change.field_changes = _field_changes(pupil, record)
        _plan_history(change, pupil, record, on)
        _plan_needs(change, pupil, record)
        if record.has_sen_data:
            for message in census_need_problems(change.status_after, record.needs):
                plan.problems.append(
                    ImportProblem(
                        record.where,
                        f"{message} (SEN status after the import: {change.status_after_label})",
                        "SENneeds",
                    )
                )
        if change.changed:
            plan.changes.append(change)
        else:
            plan.unchanged += 1
    _plan_contacts(plan, records, school, actor)
    return plan


def _plan_contacts(plan: ImportPlan, records: Sequence[PupilRecord], school: School, actor) -> None:
    """A CTF's contacts with an email address, planned by the contacts import's own rules when the
    person importing may manage the school's contacts (a command has no such person: noted)."""
    from .people_services import ctf_contact_rows, ctf_contacts_plan, may_import

    plan.contacts_without_email = sum(r.contacts_without_email for r in records)
    if plan.contacts_without_email:
        plan.notes.append(
            ImportProblem(
                "the file",
                f"{plan.contacts_without_email} contact{'s have' if plan.contacts_without_email != 1 else ' has'} no "
                "email address, so not added: add them on the pupil's page or with a contacts file",
                "Contacts/Contact",
            )
        )
    rows = ctf_contact_rows([r for r in records if not r.problems])
    if not rows:
        return
    if actor is None or not may_import(actor, "contacts") or actor.school_id != school.pk:
        plan.notes.append(
            ImportProblem(
                "the file",
                f"{len(rows)} contact{'s' if len(rows) != 1 else ''} with an email address not added: only a "
                "SENCO, head teacher or school administrator importing on the website adds contacts",
                "Contacts/Contact",
            )
        )
        return
    arriving = {c.upn: c.name for c in plan.changes if c.pupil is None or c.transfer is not None}
    where = {r.position: r.where for r in records}
    people = ctf_contacts_plan(rows=rows, school=school, actor=actor, arriving=arriving)

    def named(text: str) -> str:  # "row 3" (the pupil's position) as the CTF preview names pupils
        number = text.removeprefix("row ")
        return where.get(int(number), text) if number.isdigit() else text

    plan.problems.extend(replace(p, where=named(p.where)) for p in people.problems)
    plan.contacts_to_add = [f"{named(c.where)}: {c.text}" for c in people.added]
    plan.contacts_to_change = [f"{named(c.where)}: {c.text}" for c in people.changed]
    plan.contacts_unchanged = people.unchanged


# Applying


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
        for entry in change.new_history:
            SenStatusChange.objects.create(
                pupil=pupil,
                status=entry.status,
                start_date=entry.start_date,
                source=source,
                original_code=entry.original_code,
                reason=f"Imported from a {SOURCE_LABELS.get(source, source)}",
                recorded_by=recorded_by,
            )
        _needs_write(pupil, change, on)
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
        from .people import PeopleFile
        from .people_services import ctf_contact_rows, people_apply

        rows = ctf_contact_rows(records)
        people_apply(kind="contacts", parsed=PeopleFile("contacts", rows=rows), school=school, actor=actor, via=via)
    return ImportResult(plan=plan, created=len(plan.new_pupils), updated=len(plan.changed_pupils))


def _pupil_write(change: PupilChange, school: School) -> Pupil:
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
            sen_status=change.status_after,
            sen_status_since=change.since_after,
        )
    pupil = change.pupil
    for field_change in change.field_changes:
        setattr(pupil, field_change.attribute, field_change.new)
    pupil.sen_status = change.status_after
    pupil.sen_status_since = change.since_after
    pupil.version = F("version") + 1
    pupil.save()
    pupil.refresh_from_db(fields=["version"])
    return pupil


def _needs_write(pupil: Pupil, change: PupilChange, on: dt.date) -> None:
    if not change.needs_changed:
        return
    current = PupilNeed.objects.filter(pupil=pupil, end_date__isnull=True)
    if change.needs_ended:
        current.filter(need_type__in=change.needs_ended).update(end_date=on, rank=None)
    wanted = {n.code: n.rank for n in change.record.needs}
    if change.needs_reranked:
        # Clear ranks first so swapping primary and secondary does not trip the unique constraint.
        current.filter(need_type__in=change.needs_reranked).update(rank=None)
        for code in change.needs_reranked:
            current.filter(need_type=code).update(rank=wanted[code])
    start = change.since_after or on
    for code in change.needs_added:
        PupilNeed.objects.create(
            pupil=pupil, need_type=code, rank=wanted[code], start_date=change.record.need_start_dates.get(code, start)
        )


# Web uploads: the bytes wait in an ImportBatch between the preview and the confirmation.


def import_batch_create(*, school: School, actor, filename: str, content: bytes) -> ImportBatch:
    return ImportBatch.objects.create(
        school=school,
        uploaded_by=actor,
        filename=filename[:255],
        kind=import_kind(content, filename),
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _batch_prepare(batch: ImportBatch) -> PreparedImport:
    content = bytes(batch.content)
    prepared = import_prepare(content, batch.filename, school=batch.school)
    if hashlib.sha256(content).hexdigest() != batch.sha256:
        prepared.problems.insert(
            0, ImportProblem("the upload", "the stored file does not match the one uploaded: upload it again")
        )
    return prepared


def import_batch_plan(batch: ImportBatch) -> ImportPlan:
    """Plan the batch from its stored bytes. A CTF must be addressed to the batch's school."""
    prepared = _batch_prepare(batch)
    return register_import_plan(
        school=batch.school,
        records=prepared.parsed.records,
        file_problems=prepared.problems,
        file_notes=prepared.parsed.notes,
        actor=batch.uploaded_by,  # a CTF's contacts are added as the person who uploaded it
    )


class BatchClosed(ServiceError):
    """The upload was already imported, refused or cancelled."""


class ImportConflict(ServiceError):
    """The register changed under the import (another import or an edit added the same pupil at
    the same moment): nothing was written and the upload waits to be checked again."""


def import_batch_confirm(*, batch: ImportBatch, actor, via: str = AuditEvent.Via.IMPORT) -> ImportResult:
    """Apply the upload, re-read from its stored bytes (never from what a page showed). All or
    nothing: raises ImportRejected if the file has problems, BatchClosed if it is not pending,
    ImportConflict if another change added one of its pupils while it was being written."""
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().select_related("school").get(pk=batch.pk)
            if not locked.is_pending:
                raise BatchClosed(f"This upload has already been dealt with: {locked.get_status_display().lower()}.")
            prepared = _batch_prepare(locked)
            result = register_import_apply(
                school=locked.school,
                records=prepared.parsed.records,
                actor=actor,
                source=prepared.source,
                via=via,
                file_problems=prepared.problems,
                file_notes=prepared.parsed.notes,
            )
            _batch_close(locked, ImportBatch.Status.APPLIED)
    except IntegrityError as error:  # a new pupil's UPN taken between our check and our insert
        raise ImportConflict(
            "The register changed while this file was being imported (a pupil in it was added by someone else at the "
            "same moment), so nothing was imported. Check what the import will change and confirm again."
        ) from error
    return result


def import_batch_close(*, batch: ImportBatch, status: str, problems: Sequence[ImportProblem] = ()) -> None:
    """Mark a pending upload refused (with the problems that refused it) or cancelled, and
    forget its bytes."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.is_pending:
            _batch_close(locked, status, problems)


def _batch_close(batch: ImportBatch, status: str, problems: Sequence[ImportProblem] = ()) -> None:
    batch.status = status
    batch.content = b""
    batch.problems = [
        {"where": p.where, "message": p.message, "element": p.element, "element_kind": p.element_kind} for p in problems
    ]
    if status == ImportBatch.Status.APPLIED:
        batch.applied_at = timezone.now()
    batch.save(update_fields=["status", "content", "applied_at", "problems"])
