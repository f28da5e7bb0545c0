"""Scores, attendance and behaviour into a school: plan (what would change, what is wrong), then
apply, all or nothing. The writes are sensupport.progress.services' (bulk, audited per pupil); this
module matches each row's UPN to a pupil of the school and names the row and column of anything
wrong. The web upload keeps the bytes in an ImportBatch between preview and confirmation, as the
people imports do (people_services.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.progress import services as progress
from sensupport.pupils.models import Pupil

from .models import ImportBatch
from .people import problem
from .progress_import import ASSESSMENTS, ATTENDANCE, BEHAVIOUR, KINDS, NOUNS, ProgressFile, progress_parse
from .records import ImportProblem
from .register_import.batches import ImportConflict, _batch_close, batch_lock_pending
from .register_import.plan import ImportRejected

__all__ = ["KINDS", "ImportRejected", "progress_apply", "progress_plan"]

COMPARE = {
    ASSESSMENTS: progress.scores_compare,
    ATTENDANCE: progress.attendance_compare,
    BEHAVIOUR: progress.behaviour_compare,
}
RECORD = {
    ASSESSMENTS: progress.scores_record,
    ATTENDANCE: progress.attendance_record,
    BEHAVIOUR: progress.behaviour_record,
}


@dataclass
class ProgressPlan:
    kind: str
    rows: list = field(default_factory=list)  # progress.services' ScoreIn, AttendanceIn or BehaviourIn
    problems: list[ImportProblem] = field(default_factory=list)
    comparison: progress.Comparison | None = None

    @property
    def noun(self) -> str:
        return NOUNS[self.kind]

    @property
    def added(self) -> int:
        return len(self.comparison.added) if self.comparison else 0

    @property
    def changed(self) -> int:
        return len(self.comparison.changed) if self.comparison else 0

    @property
    def unchanged(self) -> int:
        return self.comparison.unchanged if self.comparison else 0

    @property
    def pupils(self) -> int:
        return len({row.pupil_id for row in self.rows})

    @property
    def changes(self) -> bool:
        return bool(self.added or self.changed)

    def summary(self) -> str:
        return (
            f"{self.added} to add, {self.changed} to change, {self.unchanged} unchanged, for {self.pupils} "
            f"pupil{'s' if self.pupils != 1 else ''}; "
            f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        )


@dataclass
class ProgressResult:
    plan: ProgressPlan

    def summary(self) -> str:
        p = self.plan
        return f"{p.added} {p.noun} added, {p.changed} changed, {p.unchanged} unchanged"


def may_import(actor) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.has_perm("progress.import_progress"))


def _row_in(kind: str, row, pupil_id: int):
    if kind == ASSESSMENTS:
        return progress.ScoreIn(pupil_id, row.subject, row.taken_on, row.value, row.scale, row.assessment)
    if kind == ATTENDANCE:
        return progress.AttendanceIn(pupil_id, row.starts_on, row.ends_on, row.possible, row.attended)
    return progress.BehaviourIn(pupil_id, row.occurred_on, row.kind, row.detail)


def progress_plan(*, parsed: ProgressFile, school, actor) -> ProgressPlan:
    """What importing `parsed` into `school` would change, and what stops it. Writes nothing.
    `actor` None: the operator at the command line (the audit says "system", via command)."""
    plan = ProgressPlan(parsed.kind, problems=list(parsed.problems))
    if actor is not None and (not may_import(actor) or actor.school_id != school.pk):
        plan.problems.insert(
            0,
            ImportProblem(
                "the file",
                f"you cannot import {plan.noun} at {school.name}: ask your SENCO, head teacher or school administrator",
            ),
        )
        return plan
    upns = {row.upn for row in parsed.rows if row.upn}
    pupils = dict(Pupil.objects.filter(school=school, upn__in=upns).values_list("upn", "pk"))
    for row in parsed.rows:
        if not row.upn:
            continue
        if row.upn not in pupils:
            plan.problems.append(problem(row.number, "UPN", f"no pupil with UPN {row.upn} at {school.name}"))
    if plan.problems:
        return plan
    plan.rows = [_row_in(parsed.kind, row, pupils[row.upn]) for row in parsed.rows]
    plan.comparison = COMPARE[parsed.kind](school=school, rows=plan.rows)
    return plan


@transaction.atomic
def progress_apply(*, parsed: ProgressFile, school, actor, via: str, source: str = "") -> ProgressResult:
    """Apply the file, all or nothing. Raises ImportRejected (nothing written) on any problem."""
    plan = progress_plan(parsed=parsed, school=school, actor=actor)
    if plan.problems:
        raise ImportRejected(plan.problems)
    try:
        plan.comparison = RECORD[parsed.kind](actor=actor, school=school, rows=plan.rows, source=source, via=via)
    except progress.ProgressError as refused:
        transaction.set_rollback(True)
        raise ImportRejected([ImportProblem("the file", refused.message)]) from None
    return ProgressResult(plan)


def progress_today() -> dt.date:
    return timezone.localdate()


# Web uploads: stored by people_services.people_batch_create (interop.table_imports), planned and confirmed here.


def _batch_parse(batch: ImportBatch) -> ProgressFile:
    content = bytes(batch.content)
    parsed = progress_parse(batch.kind, content, batch.filename, today=progress_today())
    if hashlib.sha256(content).hexdigest() != batch.sha256:
        parsed.problems.insert(
            0, ImportProblem("the upload", "the stored file does not match the one uploaded: upload it again")
        )
    return parsed


def progress_batch_plan(batch: ImportBatch, *, actor) -> ProgressPlan:
    return progress_plan(parsed=_batch_parse(batch), school=batch.school, actor=actor)


def progress_batch_confirm(*, batch: ImportBatch, actor, via: str = AuditEvent.Via.IMPORT) -> ProgressResult:
    """Apply the upload from its stored bytes. Raises BatchClosed, ImportRejected or ImportConflict."""
    try:
        with transaction.atomic():
            locked = batch_lock_pending(batch)
            result = progress_apply(
                parsed=_batch_parse(locked), school=locked.school, actor=actor, via=via, source=locked.filename
            )
            _batch_close(locked, ImportBatch.Status.APPLIED)
    except IntegrityError as error:
        raise ImportConflict(
            "The school's records changed while this file was being imported, so nothing was imported. "
            "Check what the import will change and confirm again."
        ) from error
    return result
