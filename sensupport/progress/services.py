"""Every write of progress data: scores, attendance and behaviour, in bulk (a school's file is tens
of thousands of rows). Keyword-only, atomic, audited (one row per pupil the write touched), `via`
passed through. Re-recording the same rows changes nothing.

The rows come in as plain values already matched to pupils of the school (interop reads the files
and names every problem by row and column before anything reaches here); these functions still
refuse a pupil of another school, a score in an unknown scale and attendance above the possible
sessions, so nothing can write them another way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record_each
from sensupport.core.errors import ServiceError
from sensupport.pupils.models import Pupil

from .models import AttendancePeriod, BehaviourEvent, Scale, Score

BATCH = 2000


class ProgressError(ServiceError):
    """A write the rules refuse."""


@dataclass(frozen=True)
class ScoreIn:
    pupil_id: int
    subject: str
    taken_on: dt.date
    value: Decimal
    scale: str = Scale.STANDARDISED
    assessment: str = ""

    @property
    def key(self) -> tuple:
        return (self.pupil_id, self.subject, self.scale, self.taken_on, self.assessment)


@dataclass(frozen=True)
class AttendanceIn:
    pupil_id: int
    starts_on: dt.date
    ends_on: dt.date
    possible: int
    attended: int

    @property
    def key(self) -> tuple:
        return (self.pupil_id, self.starts_on, self.ends_on)


@dataclass(frozen=True)
class BehaviourIn:
    pupil_id: int
    occurred_on: dt.date
    kind: str
    detail: str = ""

    @property
    def key(self) -> tuple:
        return (self.pupil_id, self.occurred_on, self.kind, self.detail)


@dataclass
class Comparison:
    """What recording the rows would do: rows to add, (existing row's id, new row) to change, unchanged."""

    added: list
    changed: list
    unchanged: int = 0

    def summary(self) -> str:
        return f"{len(self.added)} to add, {len(self.changed)} to change, {self.unchanged} unchanged"

    def pupil_ids(self) -> set[int]:
        return {row.pupil_id for row in self.added} | {new.pupil_id for _, new in self.changed}


def _check(*, actor, school, rows) -> dict[int, Pupil]:
    if actor is not None and not (actor.has_perm("progress.import_progress") and actor.school_id == school.pk):
        raise ProgressError(f"You cannot bring progress data into {school.name}.")
    pupils = Pupil.objects.filter(school=school).only("pk", "school_id").in_bulk()
    if strangers := sorted({row.pupil_id for row in rows} - pupils.keys()):
        raise ProgressError(f"{len(strangers)} of the pupils are not at {school.name}.")
    return pupils


def scores_compare(*, school, rows: list[ScoreIn]) -> Comparison:
    """One query (plain tuples, no model instances: a school has tens of thousands of scores): the
    school's scores beside the rows. `changed` holds (existing score's id, new row)."""
    existing = {
        (pupil_id, subject, scale, taken_on, assessment): (pk, value)
        for pk, pupil_id, subject, scale, taken_on, assessment, value in Score.objects.filter(
            pupil__school=school
        ).values_list("pk", "pupil_id", "subject", "scale", "taken_on", "assessment", "value")
    }
    comparison = Comparison([], [])
    for row in {row.key: row for row in rows}.values():
        found = existing.get(row.key)
        if found is None:
            comparison.added.append(row)
        elif found[1] != row.value:
            comparison.changed.append((found[0], row))
        else:
            comparison.unchanged += 1
    return comparison


def _audit(*, actor, via, target, pupils, comparison: Comparison, noun: str, source: str) -> None:
    added, changed = Counter(r.pupil_id for r in comparison.added), Counter(n.pupil_id for _, n in comparison.changed)
    audit_record_each(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        target=target,
        rows=[
            (
                pupils[pupil_id],
                f"{noun}: {added[pupil_id]} added, {changed[pupil_id]} changed ({source})",
                {"added": added[pupil_id], "changed": changed[pupil_id]},
            )
            for pupil_id in sorted(comparison.pupil_ids())
        ],
        via=via,
    )


@transaction.atomic
def scores_record(
    *, actor, school, rows: list[ScoreIn], source: str = "", via: str = AuditEvent.Via.IMPORT
) -> Comparison:
    """Add new scores and change the value of known ones (same pupil, subject, scale, date and
    assessment). `actor` None: the system (a command run by the operator, the demo)."""
    pupils = _check(actor=actor, school=school, rows=rows)
    scales = set(Scale.values)
    for row in rows:
        if row.scale not in scales:
            raise ProgressError(f"{row.scale!r} is not a scale: use one of {', '.join(Scale.values)}.")
        if not row.subject.strip():
            raise ProgressError("Every score needs a subject.")
    comparison = scores_compare(school=school, rows=rows)
    Score.objects.bulk_create(
        [
            Score(
                pupil_id=r.pupil_id,
                subject=r.subject,
                assessment=r.assessment,
                scale=r.scale,
                taken_on=r.taken_on,
                value=r.value,
            )
            for r in comparison.added
        ],
        batch_size=BATCH,
    )
    Score.objects.bulk_update(
        [Score(pk=pk, value=new.value) for pk, new in comparison.changed], ["value"], batch_size=BATCH
    )
    _audit(
        actor=actor,
        via=via,
        target=AuditEvent.Target.SCORES,
        pupils=pupils,
        comparison=comparison,
        noun="Scores",
        source=source or "import",
    )
    return comparison


def attendance_compare(*, school, rows: list[AttendanceIn]) -> Comparison:
    """As scores_compare: `changed` holds (existing period's id, new row)."""
    existing = {
        (pupil_id, starts_on, ends_on): (pk, possible, attended)
        for pk, pupil_id, starts_on, ends_on, possible, attended in AttendancePeriod.objects.filter(
            pupil__school=school
        ).values_list("pk", "pupil_id", "starts_on", "ends_on", "possible_sessions", "attended_sessions")
    }
    comparison = Comparison([], [])
    for row in {row.key: row for row in rows}.values():
        found = existing.get(row.key)
        if found is None:
            comparison.added.append(row)
        elif found[1:] != (row.possible, row.attended):
            comparison.changed.append((found[0], row))
        else:
            comparison.unchanged += 1
    return comparison


@transaction.atomic
def attendance_record(
    *, actor, school, rows: list[AttendanceIn], source: str = "", via: str = AuditEvent.Via.IMPORT
) -> Comparison:
    """Add attendance periods and correct known ones (same pupil, from and to dates)."""
    pupils = _check(actor=actor, school=school, rows=rows)
    for row in rows:
        if row.attended > row.possible:
            raise ProgressError(
                f"Attended sessions ({row.attended}) cannot be more than the possible sessions ({row.possible})."
            )
        if row.ends_on < row.starts_on:
            raise ProgressError(f"A period cannot end ({row.ends_on}) before it starts ({row.starts_on}).")
    comparison = attendance_compare(school=school, rows=rows)
    AttendancePeriod.objects.bulk_create(
        [
            AttendancePeriod(
                pupil_id=r.pupil_id,
                starts_on=r.starts_on,
                ends_on=r.ends_on,
                possible_sessions=r.possible,
                attended_sessions=r.attended,
            )
            for r in comparison.added
        ],
        batch_size=BATCH,
    )
    AttendancePeriod.objects.bulk_update(
        [
            AttendancePeriod(pk=pk, possible_sessions=new.possible, attended_sessions=new.attended)
            for pk, new in comparison.changed
        ],
        ["possible_sessions", "attended_sessions"],
        batch_size=BATCH,
    )
    _audit(
        actor=actor,
        via=via,
        target=AuditEvent.Target.ATTENDANCE,
        pupils=pupils,
        comparison=comparison,
        noun="Attendance",
        source=source or "import",
    )
    return comparison


def behaviour_compare(*, school, rows: list[BehaviourIn]) -> Comparison:
    """Events have no identity of their own: a file with three incidents on a day for a pupil the
    school already has two of adds one. Re-importing the same file adds nothing."""
    existing = Counter(
        BehaviourEvent.objects.filter(pupil__school=school).values_list("pupil_id", "occurred_on", "kind", "detail")
    )
    wanted: dict[tuple, list[BehaviourIn]] = defaultdict(list)
    for row in rows:
        wanted[row.key].append(row)
    comparison = Comparison([], [])
    for key, same in wanted.items():
        have = existing.get(key, 0)
        comparison.added += same[have:]
        comparison.unchanged += min(have, len(same))
    return comparison


@transaction.atomic
def behaviour_record(
    *, actor, school, rows: list[BehaviourIn], source: str = "", via: str = AuditEvent.Via.IMPORT
) -> Comparison:
    pupils = _check(actor=actor, school=school, rows=rows)
    kinds = set(BehaviourEvent.Kind.values)
    for row in rows:
        if row.kind not in kinds:
            raise ProgressError(
                f"{row.kind!r} is not a kind of behaviour event: use incident, suspension or exclusion."
            )
    comparison = behaviour_compare(school=school, rows=rows)
    BehaviourEvent.objects.bulk_create(
        [
            BehaviourEvent(pupil_id=r.pupil_id, occurred_on=r.occurred_on, kind=r.kind, detail=r.detail[:500])
            for r in comparison.added
        ],
        batch_size=BATCH,
    )
    _audit(
        actor=actor,
        via=via,
        target=AuditEvent.Target.BEHAVIOUR,
        pupils=pupils,
        comparison=comparison,
        noun="Behaviour events",
        source=source or "import",
    )
    return comparison
