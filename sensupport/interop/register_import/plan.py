"""What an import would change in a school's register, and what stops it. Writes nothing.

`register_import_plan` is the preview a person checks before confirming, and the first step of
applying (made again, under lock, in the apply's transaction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch
from django.utils import timezone

from sensupport.core.errors import ServiceError
from sensupport.organisations.models import School
from sensupport.pupils import codes
from sensupport.pupils.census import RankedNeed, census_need_problems
from sensupport.pupils.models import Pupil, PupilNeed, PupilTransfer, SenStatusChange

from ..records import NAME_FIELDS, ImportProblem, PupilRecord, SenHistoryEntry, record_value_problems

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
    created: Pupil | None = None  # the new pupil, once the import has written them

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
    from ..people_services import ctf_contact_rows, ctf_contacts_plan, may_import

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
